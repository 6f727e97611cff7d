import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { tableKeyRange } from '../../src/codec/index.js';
import type { OkResult } from '../../src/sql/api.js';
import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

before(async () => {
  ({ server, db } = await withDatabase());
});
after(() => server.close());

async function ok(sql: string): Promise<OkResult> {
  const result = await db.run(sql);
  assert.equal(result.kind, 'ok');
  return result as OkResult;
}

async function createText(table: string): Promise<string> {
  const [[, text]] = (await db.query(`SHOW CREATE TABLE ${table}`)) as [[string, string]];
  return text;
}

async function warnings() {
  return db.query('SHOW WARNINGS');
}

/** A table (id, a INT, b VARCHAR(10), c INT) holding the same three rows in every test. */
async function threeRows(name: string): Promise<void> {
  await db.run(`CREATE TABLE ${name} (id INT PRIMARY KEY, a INT, b VARCHAR(10), c INT)`);
  await db.run(
    `INSERT INTO ${name} VALUES (1, 300, 'abcdef', NULL), (2, 5, 'ab', 1), (3, NULL, 'xyz', 2)`,
  );
}

async function withSqlMode<T>(mode: string, body: () => Promise<T>): Promise<T> {
  await db.run(`SET sql_mode = '${mode}'`);
  try {
    return await body();
  } finally {
    await db.run('SET sql_mode = DEFAULT');
  }
}

describe('ALTER TABLE … ADD COLUMN', () => {
  it('places columns FIRST and AFTER another, existing rows reading their default', async () => {
    await threeRows('add1');
    await ok('ALTER TABLE add1 ADD COLUMN e INT NOT NULL DEFAULT 7 FIRST, ADD f CHAR(2) AFTER id');
    assert.deepEqual(await db.query('SELECT * FROM add1 WHERE id = 2'), [[7, 2, null, 5, 'ab', 1]]);
  });

  it('adds a nullable column without touching the rows (0 rows affected)', async () => {
    await threeRows('add2');
    const result = await ok('ALTER TABLE add2 ADD COLUMN n INT');
    assert.equal(result.affectedRows, 0);
    assert.equal(result.info, 'Records: 0  Duplicates: 0  Warnings: 0');
    assert.deepEqual(await db.query('SELECT id, n FROM add2 ORDER BY id'), [
      [1, null],
      [2, null],
      [3, null],
    ]);
  });

  it('gives existing rows the implicit default of a NOT NULL column without DEFAULT', async () => {
    await threeRows('add3');
    const result = await ok('ALTER TABLE add3 ADD n INT NOT NULL, ADD s VARCHAR(3) NOT NULL');
    assert.equal(result.info, 'Records: 3  Duplicates: 0  Warnings: 0');
    assert.deepEqual(await db.query('SELECT n, s FROM add3 WHERE id = 1'), [[0, '']]);
  });

  it('numbers existing rows in a new AUTO_INCREMENT column and continues after them', async () => {
    await threeRows('add4');
    await ok('ALTER TABLE add4 ADD COLUMN seq INT AUTO_INCREMENT UNIQUE');
    assert.deepEqual(await db.query('SELECT seq FROM add4 ORDER BY id'), [[1], [2], [3]]);
    await db.run('INSERT INTO add4 (id) VALUES (4)');
    assert.deepEqual(await db.query('SELECT seq FROM add4 WHERE id = 4'), [[4]]);
  });

  it('keeps rows that predate a column at NULL when the column later gets a default', async () => {
    await threeRows('add5');
    await ok('ALTER TABLE add5 ADD COLUMN n INT');
    await ok('ALTER TABLE add5 ALTER COLUMN n SET DEFAULT 5');
    await db.run('INSERT INTO add5 (id) VALUES (4)');
    assert.deepEqual(await db.query('SELECT id, n FROM add5 ORDER BY id'), [
      [1, null],
      [2, null],
      [3, null],
      [4, 5],
    ]);
  });

  it('skips an existing column under IF NOT EXISTS with note 1060', async () => {
    await threeRows('add6');
    const result = await ok('ALTER TABLE add6 ADD COLUMN IF NOT EXISTS a INT');
    assert.equal(result.warnings, 1);
    assert.deepEqual(await warnings(), [['Note', 1060, "Duplicate column name 'a'"]]);
  });

  it('refuses a duplicate column name with 1060 and an unknown AFTER column with 1054', async () => {
    await threeRows('add7');
    assert.equal(await db.errno('ALTER TABLE add7 ADD COLUMN b INT'), 1060);
    assert.equal(await db.errno('ALTER TABLE add7 ADD COLUMN x INT AFTER nope'), 1054);
  });
});

describe('ALTER TABLE … DROP COLUMN', () => {
  it('removes the column from the rows and from the keys over it', async () => {
    await db.run(
      'CREATE TABLE drop1 (id INT PRIMARY KEY, a INT, b INT, KEY ab (a, b), KEY b1 (b))',
    );
    await db.run('INSERT INTO drop1 VALUES (1, 10, 20), (2, 11, 21)');
    await ok('ALTER TABLE drop1 DROP COLUMN b');
    assert.deepEqual(await db.query('SELECT * FROM drop1 ORDER BY id'), [
      [1, 10],
      [2, 11],
    ]);
    assert.deepEqual(
      (await db.query('SHOW INDEX FROM drop1')).map((r) => [r[2], r[4]]),
      [
        ['PRIMARY', 'id'],
        ['ab', 'a'],
      ],
    );
    assert.deepEqual(await db.query('SELECT id FROM drop1 WHERE a = 11'), [[2]]);
  });

  it('refuses to drop every column (1090) and an unknown one (1091)', async () => {
    await db.run('CREATE TABLE drop2 (a INT)');
    assert.equal(await db.errno('ALTER TABLE drop2 DROP COLUMN a'), 1090);
    assert.equal(await db.errno('ALTER TABLE drop2 DROP COLUMN nope'), 1091);
  });

  it('notes an unknown column under IF EXISTS (1091)', async () => {
    await db.run('CREATE TABLE drop3 (a INT, b INT)');
    await ok('ALTER TABLE drop3 DROP COLUMN IF EXISTS nope');
    assert.deepEqual(await warnings(), [
      ['Note', 1091, "Can't DROP 'nope'; check that column/key exists"],
    ]);
  });
});

describe('ALTER TABLE … MODIFY / CHANGE in strict mode', () => {
  it('fails with 1264 when a value is out of range for the new type, changing nothing', async () => {
    await threeRows('strict1');
    const before = await createText('strict1');
    assert.equal(await db.errno('ALTER TABLE strict1 MODIFY a TINYINT'), 1264);
    assert.deepEqual(await warnings(), [
      ['Error', 1264, "Out of range value for column 'a' at row 1"],
    ]);
    assert.equal(await createText('strict1'), before);
    assert.deepEqual(await db.query('SELECT a FROM strict1 WHERE id = 1'), [[300]]);
  });

  it('fails with 1265 when a string would be cut short', async () => {
    await threeRows('strict2');
    assert.equal(await db.errno('ALTER TABLE strict2 MODIFY b VARCHAR(3)'), 1265);
  });

  it('fails with 1265 when a column holding NULL becomes NOT NULL', async () => {
    await threeRows('strict3');
    assert.equal(await db.errno('ALTER TABLE strict3 MODIFY c INT NOT NULL'), 1265);
    assert.deepEqual(await warnings(), [['Error', 1265, "Data truncated for column 'c' at row 1"]]);
  });

  it('fails with 1292 when text that is no number becomes an integer', async () => {
    await threeRows('strict4');
    assert.equal(await db.errno('ALTER TABLE strict4 MODIFY b INT'), 1292);
    assert.deepEqual(await warnings(), [
      ['Error', 1292, "Truncated incorrect INTEGER value: 'abcdef'"],
    ]);
  });

  it('converts values that fit and keeps them', async () => {
    await threeRows('strict5');
    const result = await ok('ALTER TABLE strict5 MODIFY a BIGINT, MODIFY b VARCHAR(6)');
    assert.equal(result.warnings, 0);
    assert.deepEqual(await db.query('SELECT a, b FROM strict5 ORDER BY id'), [
      [300, 'abcdef'],
      [5, 'ab'],
      [null, 'xyz'],
    ]);
  });

  it('widens a type without rewriting the rows (0 rows affected)', async () => {
    await threeRows('strict6');
    const result = await ok('ALTER TABLE strict6 MODIFY a BIGINT, MODIFY b VARCHAR(40)');
    assert.equal(result.affectedRows, 0);
    assert.match(
      await createText('strict6'),
      /`a` bigint\(20\) DEFAULT NULL,\n {2}`b` varchar\(40\)/,
    );
  });
});

describe('ALTER TABLE … MODIFY / CHANGE without strict mode', () => {
  it('clamps an out-of-range value with warning 1264 and reports the rows copied', async () => {
    await threeRows('loose1');
    const result = await withSqlMode('', () => ok('ALTER TABLE loose1 MODIFY a TINYINT'));
    assert.equal(result.affectedRows, 3);
    assert.equal(result.info, 'Records: 3  Duplicates: 0  Warnings: 1');
    assert.deepEqual(await warnings(), [
      ['Warning', 1264, "Out of range value for column 'a' at row 1"],
    ]);
    assert.deepEqual(await db.query('SELECT a FROM loose1 ORDER BY id'), [[127], [5], [null]]);
  });

  it('cuts strings with warning 1265', async () => {
    await threeRows('loose2');
    await withSqlMode('', () => ok('ALTER TABLE loose2 MODIFY b VARCHAR(3)'));
    assert.deepEqual(await warnings(), [
      ['Warning', 1265, "Data truncated for column 'b' at row 1"],
    ]);
    assert.deepEqual(await db.query('SELECT b FROM loose2 WHERE id = 1'), [['abc']]);
  });

  it('stores the implicit default where NOT NULL meets a NULL, with warning 1265', async () => {
    await threeRows('loose3');
    await withSqlMode('', () => ok('ALTER TABLE loose3 MODIFY c INT NOT NULL'));
    assert.deepEqual(await warnings(), [
      ['Warning', 1265, "Data truncated for column 'c' at row 1"],
    ]);
    assert.deepEqual(await db.query('SELECT c FROM loose3 ORDER BY id'), [[0], [1], [2]]);
  });

  it('reads text that is no number as 0 with warning 1292', async () => {
    await threeRows('loose4');
    await withSqlMode('', () => ok('ALTER TABLE loose4 MODIFY b INT'));
    assert.deepEqual(await warnings(), [
      ['Warning', 1292, "Truncated incorrect INTEGER value: 'abcdef'"],
      ['Warning', 1292, "Truncated incorrect INTEGER value: 'ab'"],
      ['Warning', 1292, "Truncated incorrect INTEGER value: 'xyz'"],
    ]);
    assert.deepEqual(await db.query('SELECT b FROM loose4 ORDER BY id'), [[0], [0], [0]]);
  });
});

describe('ALTER TABLE … renames and defaults', () => {
  it('renames a column with CHANGE, keeping its data, type change and key', async () => {
    await db.run('CREATE TABLE ren1 (id INT PRIMARY KEY, a INT, KEY ka (a))');
    await db.run('INSERT INTO ren1 VALUES (1, 10), (2, 20)');
    await ok("ALTER TABLE ren1 CHANGE a amount BIGINT NOT NULL DEFAULT 3 COMMENT 'money'");
    assert.match(
      await createText('ren1'),
      /`amount` bigint\(20\) NOT NULL DEFAULT 3 COMMENT 'money',[\s\S]*KEY `ka` \(`amount`\)/,
    );
    assert.deepEqual(await db.query('SELECT id FROM ren1 WHERE amount = 20'), [[2]]);
  });

  it('renames columns and keys with RENAME COLUMN and RENAME INDEX', async () => {
    await db.run('CREATE TABLE ren2 (a INT, KEY ka (a))');
    await ok('ALTER TABLE ren2 RENAME COLUMN a TO b, RENAME INDEX ka TO kb');
    assert.match(await createText('ren2'), /`b` int\(11\) DEFAULT NULL,\n {2}KEY `kb` \(`b`\)/);
    assert.equal(await db.errno('ALTER TABLE ren2 RENAME INDEX nope TO x'), 1176);
  });

  it('moves the table with RENAME TO, to another database too', async () => {
    await db.run('CREATE TABLE ren3 (a INT)');
    await db.run('INSERT INTO ren3 VALUES (1)');
    await db.run('CREATE DATABASE other');
    await ok('ALTER TABLE ren3 RENAME TO other.moved');
    assert.deepEqual(await db.query('SELECT a FROM other.moved'), [[1]]);
    assert.equal(await db.errno('SELECT a FROM ren3'), 1146);
  });

  it('changes what INSERT stores with SET DEFAULT and DROP DEFAULT', async () => {
    await db.run('CREATE TABLE def1 (id INT, a INT NOT NULL DEFAULT 1)');
    await ok('ALTER TABLE def1 ALTER COLUMN a SET DEFAULT 9');
    await db.run('INSERT INTO def1 (id) VALUES (1)');
    assert.deepEqual(await db.query('SELECT a FROM def1'), [[9]]);
    await ok('ALTER TABLE def1 ALTER a DROP DEFAULT');
    assert.equal(await db.errno('INSERT INTO def1 (id) VALUES (2)'), 1364);
  });
});

describe('ALTER TABLE … keys', () => {
  it('builds an added key from the rows and uses it', async () => {
    await threeRows('key1');
    await ok('ALTER TABLE key1 ADD INDEX kb (b), ADD UNIQUE KEY uc (c)');
    assert.deepEqual(await db.query('SELECT id FROM key1 WHERE b = "xyz"'), [[3]]);
    assert.equal(await db.errno('INSERT INTO key1 VALUES (4, 0, "q", 2)'), 1062);
  });

  it('fails with 1062 when the rows break a new unique key, leaving the table as it was', async () => {
    await db.run('CREATE TABLE key2 (id INT PRIMARY KEY, a INT)');
    await db.run('INSERT INTO key2 VALUES (1, 5), (2, 5)');
    const before = await createText('key2');
    assert.equal(await db.errno('ALTER TABLE key2 ADD COLUMN n INT, ADD UNIQUE KEY ua (a)'), 1062);
    assert.equal(await createText('key2'), before);
  });

  it('drops the clustered primary key and adds another, keeping the rows', async () => {
    await threeRows('key3');
    await ok('ALTER TABLE key3 DROP PRIMARY KEY');
    assert.doesNotMatch(await createText('key3'), /PRIMARY KEY/);
    await ok('ALTER TABLE key3 ADD PRIMARY KEY (b)');
    assert.deepEqual(await db.query('SELECT id FROM key3 WHERE b = "ab"'), [[2]]);
    assert.equal(await db.errno('ALTER TABLE key3 ADD PRIMARY KEY (a)'), 1068);
  });

  it('refuses a primary key over duplicate values with 1062', async () => {
    await db.run('CREATE TABLE key4 (a INT)');
    await db.run('INSERT INTO key4 VALUES (1), (1)');
    assert.equal(await db.errno('ALTER TABLE key4 ADD PRIMARY KEY (a)'), 1062);
  });

  it('drops a key with DROP INDEX, and notes a missing one under IF EXISTS', async () => {
    await db.run('CREATE TABLE key5 (a INT, KEY ka (a))');
    await ok('ALTER TABLE key5 DROP INDEX ka, DROP KEY IF EXISTS kz');
    assert.deepEqual(await warnings(), [
      ['Note', 1091, "Can't DROP 'kz'; check that column/key exists"],
    ]);
    assert.deepEqual(await db.query('SHOW INDEX FROM key5'), []);
  });
});

describe('ALTER TABLE as one statement', () => {
  it('applies every alteration or none', async () => {
    await threeRows('one1');
    const before = await createText('one1');
    assert.equal(await db.errno('ALTER TABLE one1 ADD COLUMN z INT, MODIFY a TINYINT'), 1264);
    assert.equal(await createText('one1'), before);
  });

  it('sets the next AUTO_INCREMENT value with AUTO_INCREMENT=', async () => {
    await db.run('CREATE TABLE one2 (id INT AUTO_INCREMENT PRIMARY KEY, a INT)');
    await db.run('INSERT INTO one2 (a) VALUES (1)');
    await ok('ALTER TABLE one2 AUTO_INCREMENT = 100');
    await db.run('INSERT INTO one2 (a) VALUES (2)');
    assert.deepEqual(await db.query('SELECT id FROM one2 ORDER BY id'), [[1], [100]]);
  });

  it('keeps AUTO_INCREMENT numbering across a copy of the rows', async () => {
    await db.run('CREATE TABLE one3 (id INT AUTO_INCREMENT PRIMARY KEY, a INT)');
    await db.run('INSERT INTO one3 (a) VALUES (1), (2)');
    await ok('ALTER TABLE one3 MODIFY a VARCHAR(5)');
    await db.run("INSERT INTO one3 (a) VALUES ('x')");
    assert.deepEqual(await db.query('SELECT id, a FROM one3 ORDER BY id'), [
      [1, '1'],
      [2, '2'],
      [3, 'x'],
    ]);
  });

  it('answers 1146 for a missing table and 1347 for a view', async () => {
    assert.equal(await db.errno('ALTER TABLE nope ADD x INT'), 1146);
    await db.run('CREATE TABLE base1 (a INT)');
    await db.run('CREATE VIEW view1 AS SELECT a FROM base1');
    assert.equal(await db.errno('ALTER TABLE view1 ADD x INT'), 1347);
  });
});

describe('ALTER TABLE … ALGORITHM and LOCK', () => {
  it('refuses ALGORITHM=INSTANT and INPLACE for a change that copies the rows (1845)', async () => {
    await threeRows('alg1');
    assert.equal(
      await db.errno('ALTER TABLE alg1 MODIFY a BIGINT NOT NULL, ALGORITHM=INSTANT'),
      1845,
    );
    assert.equal(await db.errno('ALTER TABLE alg1 MODIFY b INT, ALGORITHM=INPLACE'), 1845);
    assert.equal(await db.errno('ALTER TABLE alg1 MODIFY b INT, LOCK=NONE'), 1845);
  });

  it('accepts ALGORITHM=INSTANT for a catalog-only change and COPY for any', async () => {
    await threeRows('alg2');
    await ok('ALTER TABLE alg2 ADD COLUMN n INT, ALGORITHM=INSTANT');
    const copied = await ok('ALTER TABLE alg2 COMMENT = "x", ALGORITHM=COPY');
    assert.equal(copied.affectedRows, 3);
  });
});

describe('ALTER TABLE … unsupported forms', () => {
  it('answers 1235 naming what it does not support', async () => {
    await threeRows('uns1');
    const cases: Array<[string, RegExp]> = [
      ['ALTER TABLE uns1 ADD FOREIGN KEY (a) REFERENCES other(a)', /FOREIGN KEY/],
      ['ALTER TABLE uns1 ADD CONSTRAINT c CHECK (a > 0)', /CHECK constraints/],
      ['ALTER TABLE uns1 PARTITION BY HASH(id)', /PARTITION/],
      ['ALTER TABLE uns1 ORDER BY a', /ORDER/],
      ['ALTER IGNORE TABLE uns1 ADD n INT', /ALTER IGNORE TABLE/],
    ];
    for (const [sql, what] of cases) {
      await assert.rejects(db.run(sql), (error: Error & { errno: number }) => {
        assert.equal(error.errno, 1235, sql);
        assert.match(error.message, what);
        return true;
      });
    }
  });
});

describe('ALTER TABLE … table options', () => {
  it('turns page compression on and changes its level for data written afterwards', async () => {
    await db.run('CREATE TABLE opt1 (a INT)');
    const rangeOf = () => {
      const [start] = tableKeyRange(server.sql.catalog.schema.table('test', 'opt1')!.id);
      return server.sql.catalog.compressionRanges().find((r) => r.start.equals(start));
    };
    assert.equal(rangeOf(), undefined);
    await ok('ALTER TABLE opt1 PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=3');
    assert.equal(rangeOf()?.level, 3);
    await ok('ALTER TABLE opt1 PAGE_COMPRESSION_LEVEL=8');
    assert.equal(rangeOf()?.level, 8);
    assert.match(await createText('opt1'), /`PAGE_COMPRESSED`='1' `PAGE_COMPRESSION_LEVEL`='8'$/);
    await ok('ALTER TABLE opt1 PAGE_COMPRESSED=0, PAGE_COMPRESSION_LEVEL=DEFAULT');
    assert.equal(rangeOf(), undefined);
  });

  it('refuses PAGE_COMPRESSED=0 while a level is set (1478)', async () => {
    await db.run('CREATE TABLE opt2 (a INT) PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=2');
    assert.equal(await db.errno('ALTER TABLE opt2 PAGE_COMPRESSED=0'), 1478);
  });

  it('keeps and shows ATOMIC_WRITES and COMMENT', async () => {
    await db.run('CREATE TABLE opt3 (a INT)');
    await ok("ALTER TABLE opt3 ATOMIC_WRITES='OFF', COMMENT='kept'");
    assert.match(await createText('opt3'), /COMMENT='kept' `ATOMIC_WRITES`='OFF'$/);
  });
});

describe('ALTER TABLE and concurrent writes', () => {
  it('makes writes issued while rows are copied wait, then land in the new table', async () => {
    await db.run('CREATE TABLE conc1 (id INT PRIMARY KEY, a INT)');
    const values = Array.from({ length: 5000 }, (_, i) => `(${i + 1}, ${i})`).join(',');
    await db.run(`INSERT INTO conc1 VALUES ${values}`);
    const writer = server.connect('root', 'localhost', 'test');
    const tableId = server.sql.catalog.schema.table('test', 'conc1')!.id;
    const alter = ok('ALTER TABLE conc1 MODIFY a BIGINT NOT NULL');
    while (server.sql.catalog.writeBarrier(tableId) === undefined)
      await new Promise((resolve) => setImmediate(resolve));
    const inserts = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        writer.run(`INSERT INTO conc1 VALUES (${10_000 + i}, 1)`),
      ),
    );
    await Promise.all([alter, inserts]);
    assert.deepEqual(await db.query('SELECT COUNT(*) FROM conc1'), [[5020]]);
    assert.match(await createText('conc1'), /`a` bigint\(20\) NOT NULL/);
  });
});
