import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

const ROWS = 3000;

/** INSERT … VALUES of n rows whose text repeats (so that LZ4 pages shrink well). */
function rows(n: number): string {
  return Array.from({ length: n }, (_, i) => `(${i + 1}, ${i % 7}, '${'a'.repeat(150)}${i}')`).join(
    ',',
  );
}

before(async () => {
  ({ server, db } = await withDatabase());
  await db.run(
    "CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT, k INT NOT NULL DEFAULT 0, c CHAR(10) NOT NULL DEFAULT '', d DECIMAL(6,2) DEFAULT 1.50, ts TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, PRIMARY KEY (id), UNIQUE KEY uc (c), KEY kk (k, d)) COMMENT='tbl'",
  );
  await db.run('CREATE TABLE plain (id INT PRIMARY KEY, k INT, c VARCHAR(200), KEY kk (k))');
  await db.run(
    'CREATE TABLE packed (id INT PRIMARY KEY, k INT, c VARCHAR(200), KEY kk (k)) PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=4',
  );
  for (const table of ['plain', 'packed']) {
    await db.run(`INSERT INTO ${table} VALUES ${rows(ROWS)}`);
    await db.run(`OPTIMIZE TABLE ${table}`);
  }
});
after(() => server.close());

describe('information_schema.TABLES and SHOW TABLE STATUS', () => {
  it('report the row count and the data and index bytes on disk', async () => {
    const [[tableRows, average, data, index]] = (await db.query(
      "SELECT TABLE_ROWS, AVG_ROW_LENGTH, DATA_LENGTH, INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'test' AND TABLE_NAME = 'plain'",
    )) as [[number, number, number, number]];
    assert.equal(tableRows, ROWS);
    assert.ok(data > ROWS * 150, `data length ${data}`);
    assert.ok(index > 0 && index < data, `index length ${index}`);
    assert.equal(average, Math.round(data / ROWS));
  });

  it('show the page compression options in CREATE_OPTIONS', async () => {
    assert.deepEqual(
      await db.query(
        "SELECT TABLE_NAME, CREATE_OPTIONS FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'test' AND TABLE_NAME IN ('packed', 'plain') ORDER BY TABLE_NAME",
      ),
      [
        ['packed', "`PAGE_COMPRESSED`='1' `PAGE_COMPRESSION_LEVEL`='4'"],
        ['plain', ''],
      ],
    );
  });

  it('filters SHOW TABLE STATUS by LIKE and by WHERE over its columns', async () => {
    const liked = await db.query("SHOW TABLE STATUS LIKE 'pla%'");
    assert.deepEqual(
      liked.map((r) => [r[0], r[1], r[4], r[10], r[17]]),
      [['plain', 'InnoDB', ROWS, null, '']],
    );
    const where = await db.query('SHOW TABLE STATUS WHERE Rows > 100 AND Create_options <> ""');
    assert.deepEqual(
      where.map((r) => r[0]),
      ['packed'],
    );
  });

  it('shows the next AUTO_INCREMENT value and the comment', async () => {
    await db.run('INSERT INTO t (k, c) VALUES (1, "a"), (2, "b")');
    assert.deepEqual(
      (await db.query("SHOW TABLE STATUS LIKE 't'")).map((r) => [r[10], r[17]]),
      [[3n, 'tbl']],
    );
  });
});

describe('information_schema.INNODB_SYS_TABLESPACES', () => {
  it('shows fewer bytes allocated than logical for a page-compressed table', async () => {
    const sizes = (await db.query(
      "SELECT NAME, FILE_SIZE, ALLOCATED_SIZE FROM information_schema.INNODB_SYS_TABLESPACES WHERE NAME IN ('test/packed', 'test/plain') ORDER BY NAME",
    )) as Array<[string, number, number]>;
    const [packed, plain] = sizes;
    assert.equal(packed![0], 'test/packed');
    assert.ok(packed![2] < packed![1] / 2, `packed ${packed![2]} of ${packed![1]}`);
    assert.ok(plain![2] >= plain![1], `plain ${plain![2]} of ${plain![1]}`);
  });

  it('shows pages written and compacted after ALTER … PAGE_COMPRESSED compressed or not', async () => {
    await db.run('CREATE TABLE later (id INT PRIMARY KEY, k INT, c VARCHAR(200))');
    let written = 0;
    /** Allocated over logical bytes after more rows and a compaction that merges them all. */
    const allocatedShare = async () => {
      await db.run(
        `INSERT INTO later VALUES ${rows(ROWS).replace(/\((\d+),/g, (_, id) => `(${Number(id) + written},`)}`,
      );
      written += ROWS;
      await db.run('OPTIMIZE TABLE later');
      const [[logical, onDisk]] = (await db.query(
        "SELECT FILE_SIZE, ALLOCATED_SIZE FROM information_schema.INNODB_SYS_TABLESPACES WHERE NAME = 'test/later'",
      )) as [[number, number]];
      return onDisk / logical;
    };
    assert.ok((await allocatedShare()) >= 1);
    await db.run('ALTER TABLE later PAGE_COMPRESSED=1');
    assert.ok((await allocatedShare()) < 0.5);
    await db.run('ALTER TABLE later PAGE_COMPRESSED=0');
    assert.ok((await allocatedShare()) >= 1);
  });
});

describe('information_schema.COLUMNS, STATISTICS and KEY_COLUMN_USAGE', () => {
  it('describe each column as MySQL does', async () => {
    assert.deepEqual(
      await db.query(
        "SELECT COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, COLUMN_TYPE, COLUMN_KEY, EXTRA FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'test' AND TABLE_NAME = 't' ORDER BY ORDINAL_POSITION",
      ),
      [
        ['id', null, 'NO', 'int', null, 10, 0, null, 'int(11)', 'PRI', 'auto_increment'],
        ['k', '0', 'NO', 'int', null, 10, 0, null, 'int(11)', 'MUL', ''],
        ['c', "''", 'NO', 'char', 10, null, null, null, 'char(10)', 'UNI', ''],
        ['d', '1.50', 'YES', 'decimal', null, 6, 2, null, 'decimal(6,2)', '', ''],
        [
          'ts',
          'current_timestamp()',
          'YES',
          'timestamp',
          null,
          null,
          null,
          0,
          'timestamp',
          '',
          'on update current_timestamp()',
        ],
      ],
    );
  });

  it('list every key part in STATISTICS and unique keys in KEY_COLUMN_USAGE', async () => {
    assert.deepEqual(
      await db.query(
        "SELECT INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, NULLABLE FROM information_schema.STATISTICS WHERE TABLE_NAME = 't'",
      ),
      [
        ['PRIMARY', 0, 1, 'id', ''],
        ['uc', 0, 1, 'c', ''],
        ['kk', 1, 1, 'k', ''],
        ['kk', 1, 2, 'd', 'YES'],
      ],
    );
    assert.deepEqual(
      await db.query(
        "SELECT CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_NAME = 't'",
      ),
      [
        ['PRIMARY', 'id', 1],
        ['uc', 'c', 1],
      ],
    );
  });

  it('list databases in SCHEMATA with their character set', async () => {
    assert.deepEqual(
      await db.query(
        "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'test'",
      ),
      [['test', 'utf8mb4', 'utf8mb4_general_ci']],
    );
  });
});

describe('SHOW COLUMNS, SHOW INDEX and SHOW CREATE TABLE', () => {
  it('show columns, FULL with collation and privileges, filtered by LIKE and WHERE', async () => {
    assert.deepEqual(await db.query("SHOW FULL FIELDS FROM t LIKE 'k'"), [
      ['k', 'int(11)', null, 'NO', 'MUL', '0', '', 'select,insert,update,references', ''],
    ]);
    assert.deepEqual(
      (await db.query("SHOW COLUMNS FROM t WHERE `Null` = 'YES'")).map((r) => r[0]),
      ['d', 'ts'],
    );
    assert.equal(await db.errno('SHOW COLUMNS FROM nope'), 1146);
  });

  it('show key parts with SHOW INDEX and SHOW KEYS … WHERE', async () => {
    assert.deepEqual(
      (await db.query("SHOW KEYS FROM t WHERE Key_name = 'kk'")).map((r) => [
        r[2],
        r[3],
        r[4],
        r[9],
      ]),
      [
        ['kk', 1, 'k', ''],
        ['kk', 2, 'd', 'YES'],
      ],
    );
  });

  it('print every option back in SHOW CREATE TABLE', async () => {
    const [[, text]] = (await db.query('SHOW CREATE TABLE t')) as [[string, string]];
    assert.equal(
      text,
      'CREATE TABLE `t` (\n' +
        '  `id` int(11) NOT NULL AUTO_INCREMENT,\n' +
        '  `k` int(11) NOT NULL DEFAULT 0,\n' +
        "  `c` char(10) NOT NULL DEFAULT '',\n" +
        '  `d` decimal(6,2) DEFAULT 1.50,\n' +
        '  `ts` timestamp NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),\n' +
        '  PRIMARY KEY (`id`),\n' +
        '  UNIQUE KEY `uc` (`c`),\n' +
        '  KEY `kk` (`k`,`d`)\n' +
        ") ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='tbl'",
    );
  });

  it('reads its own SHOW CREATE TABLE back (engine options quoted as MariaDB prints them)', async () => {
    const [[, text]] = (await db.query('SHOW CREATE TABLE packed')) as [[string, string]];
    await db.run(text.replace('`packed`', '`packed_copy`'));
    const [[, copy]] = (await db.query('SHOW CREATE TABLE packed_copy')) as [[string, string]];
    assert.equal(copy, text.replace('`packed`', '`packed_copy`'));
  });
});

describe('SHOW DATABASES, TABLES, VARIABLES and STATUS', () => {
  it('filter by LIKE (naming the column after the pattern) and by WHERE', async () => {
    const liked = await db.run("SHOW DATABASES LIKE 'te%'");
    assert.ok(liked.kind === 'rows');
    assert.equal(liked.columns[0]!.name, 'Database (te%)');
    assert.deepEqual(liked.rows, [['test']]);
    assert.deepEqual(await db.query('SHOW DATABASES WHERE `Database` = "test"'), [['test']]);
    assert.deepEqual(await db.query("SHOW TABLES WHERE Tables_in_test = 'plain'"), [['plain']]);
    assert.deepEqual(await db.query("SHOW FULL TABLES LIKE 'pla%'"), [['plain', 'BASE TABLE']]);
  });

  it('show variables and status by LIKE and WHERE', async () => {
    assert.deepEqual(await db.query("SHOW VARIABLES WHERE Variable_name = 'autocommit'"), [
      ['autocommit', 'ON'],
    ]);
    assert.deepEqual(
      (await db.query("SHOW SESSION VARIABLES LIKE 'sql\\_mode'")).map((r) => r[0]),
      ['sql_mode'],
    );
    assert.deepEqual(
      (await db.query("SHOW STATUS LIKE 'Threads_conn%'")).map((r) => r[0]),
      ['Threads_connected'],
    );
    assert.deepEqual(
      (await db.query("SHOW GLOBAL STATUS WHERE Variable_name = 'Uptime'")).map((r) => r[0]),
      ['Uptime'],
    );
  });

  it('list information_schema tables as SYSTEM VIEW', async () => {
    const listed = await db.query("SHOW FULL TABLES FROM information_schema LIKE 'TAB%'");
    assert.deepEqual(listed, [
      ['TABLES', 'SYSTEM VIEW'],
      ['TABLE_CONSTRAINTS', 'SYSTEM VIEW'],
    ]);
  });
});
