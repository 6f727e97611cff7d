import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

before(async () => {
  ({ server, db } = await withDatabase());
});
after(() => server.close());

describe('CREATE TABLE and SHOW CREATE TABLE', () => {
  it('prints columns, keys and MariaDB page compression options back', async () => {
    await db.run(
      "CREATE TABLE pc (id INT NOT NULL AUTO_INCREMENT, k INT NOT NULL DEFAULT '0', c CHAR(10) NOT NULL DEFAULT '', PRIMARY KEY (id), KEY k_1 (k)) ENGINE=InnoDB PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=4 ATOMIC_WRITES='ON'",
    );
    const [[, text]] = (await db.query('SHOW CREATE TABLE pc')) as [[string, string]];
    assert.equal(
      text,
      'CREATE TABLE `pc` (\n' +
        '  `id` int(11) NOT NULL AUTO_INCREMENT,\n' +
        '  `k` int(11) NOT NULL DEFAULT 0,\n' +
        "  `c` char(10) NOT NULL DEFAULT '',\n" +
        '  PRIMARY KEY (`id`),\n' +
        '  KEY `k_1` (`k`)\n' +
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci `PAGE_COMPRESSED`='1' `PAGE_COMPRESSION_LEVEL`='4' `ATOMIC_WRITES`='ON'",
    );
  });

  it('hands the page-compressed table key range to the store as an LZ4 policy', async () => {
    const ranges = server.sql.catalog.compressionRanges();
    const table = server.sql.catalog.schema.table('test', 'pc')!;
    assert.equal(ranges.length, 1);
    assert.equal(ranges[0]!.algorithm, 'lz4');
    assert.equal(ranges[0]!.level, 4);
    assert.equal(ranges[0]!.pageCompressed, true);
    assert.equal(ranges[0]!.start.readBigUInt64BE(1) ^ (1n << 63n), BigInt(table.id));
  });

  it('refuses a second table of the same name with 1050 and an unknown engine with 1286', async () => {
    assert.equal(await db.errno('CREATE TABLE pc (a INT)'), 1050);
    assert.equal(await db.errno('CREATE TABLE t2 (a INT) ENGINE=MyISAM'), 1286);
  });

  it('refuses two primary keys, an unknown key column and a TEXT key without length', async () => {
    assert.equal(
      await db.errno('CREATE TABLE bad1 (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))'),
      1068,
    );
    assert.equal(await db.errno('CREATE TABLE bad2 (a INT, KEY (nope))'), 1072);
    assert.equal(await db.errno('CREATE TABLE bad3 (a TEXT, KEY (a))'), 1170);
  });
});

describe('INSERT', () => {
  before(async () => {
    await db.run(
      'CREATE TABLE items (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(10) NOT NULL, qty INT DEFAULT 1, UNIQUE KEY uk_name (name))',
    );
  });

  it('allocates AUTO_INCREMENT values and reports the first as last insert id', async () => {
    const result = await db.run("INSERT INTO items (name) VALUES ('a'), ('b')");
    assert.ok(result.kind === 'ok');
    assert.equal(result.affectedRows, 2);
    assert.equal(result.lastInsertId, 1n);
    assert.equal(result.info, 'Records: 2  Duplicates: 0  Warnings: 0');
    assert.deepEqual(await db.query('SELECT id, name, qty FROM items ORDER BY id'), [
      [1, 'a', 1],
      [2, 'b', 1],
    ]);
  });

  it('inserts a bulk VALUES list mixing literals, expressions, DEFAULT and NULL', async () => {
    await db.run(
      "CREATE TABLE bulk (id INT PRIMARY KEY AUTO_INCREMENT, k INT, c CHAR(8) DEFAULT 'dflt')",
    );
    // 400 rows x 3 values: more slots than the statement cache keeps, so the uncached path runs.
    const rows = Array.from({ length: 400 }, (_, i) =>
      i % 4 === 0
        ? `(NULL, ${i} + 1, DEFAULT)`
        : i % 4 === 1
          ? `(NULL, NULL, 'c${i}')`
          : `(NULL, ${i}, 'c${i}')`,
    );
    const result = await db.run(`INSERT INTO bulk (id, k, c) VALUES ${rows.join(', ')}`);
    assert.ok(result.kind === 'ok');
    assert.equal(result.affectedRows, 400);
    assert.deepEqual(await db.query('SELECT id, k, c FROM bulk WHERE id <= 4 ORDER BY id'), [
      [1, 1, 'dflt'],
      [2, null, 'c1'],
      [3, 2, 'c2'],
      [4, 3, 'c3'],
    ]);
    assert.deepEqual(await db.query('SELECT COUNT(*), SUM(k) FROM bulk'), [[400, '60000']]);
  });

  it('continues AUTO_INCREMENT after an explicit larger value', async () => {
    await db.run("INSERT INTO items (id, name) VALUES (10, 'c')");
    await db.run("INSERT INTO items (name) VALUES ('d')");
    assert.deepEqual(await db.query("SELECT id FROM items WHERE name = 'd'"), [[11]]);
  });

  it('fails with 1062 on a duplicate primary or unique key, leaving no partial rows', async () => {
    assert.equal(await db.errno("INSERT INTO items (id, name) VALUES (1, 'zz')"), 1062);
    assert.equal(await db.errno("INSERT INTO items (name) VALUES ('e'), ('a')"), 1062);
    assert.deepEqual(await db.query("SELECT COUNT(*) FROM items WHERE name = 'e'"), [[0]]);
  });

  it('skips duplicates with a warning under INSERT IGNORE', async () => {
    const result = await db.run("INSERT IGNORE INTO items (name) VALUES ('a'), ('f')");
    assert.ok(result.kind === 'ok');
    assert.equal(result.affectedRows, 1);
    assert.equal(result.warnings, 1);
    const [[level, code]] = (await db.query('SHOW WARNINGS')) as [[string, number]];
    assert.deepEqual([level, code], ['Warning', 1062]);
  });

  it('updates the conflicting row under ON DUPLICATE KEY UPDATE, counting 2 per update', async () => {
    const result = await db.run(
      "INSERT INTO items (name, qty) VALUES ('a', 5) ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty)",
    );
    assert.ok(result.kind === 'ok');
    assert.equal(result.affectedRows, 2);
    assert.deepEqual(await db.query("SELECT qty FROM items WHERE name = 'a'"), [[6]]);
  });

  it('deletes conflicting rows under REPLACE', async () => {
    const result = await db.run("REPLACE INTO items (id, name, qty) VALUES (1, 'a', 9)");
    assert.ok(result.kind === 'ok');
    assert.equal(result.affectedRows, 2);
    assert.deepEqual(await db.query('SELECT name, qty FROM items WHERE id = 1'), [['a', 9]]);
  });

  it('rejects NULL in a NOT NULL column with 1048 and a too-long string with 1406 (strict mode)', async () => {
    assert.equal(await db.errno('INSERT INTO items (name) VALUES (NULL)'), 1048);
    assert.equal(await db.errno("INSERT INTO items (name) VALUES ('01234567890')"), 1406);
    assert.equal(await db.errno("INSERT INTO items (name, qty) VALUES ('g', 'abc')"), 1366);
  });

  it('clips out-of-range values with a warning when strict mode is off', async () => {
    await db.run("SET SESSION sql_mode = ''");
    try {
      await db.run("INSERT INTO items (name, qty) VALUES ('big', 99999999999)");
      const [[, code]] = (await db.query('SHOW WARNINGS')) as [[string, number]];
      assert.equal(code, 1264);
      assert.deepEqual(await db.query("SELECT qty FROM items WHERE name = 'big'"), [[2147483647]]);
    } finally {
      await db.run('SET SESSION sql_mode = DEFAULT');
    }
  });

  it('answers an unknown table with 1146 and an unknown column with 1054', async () => {
    assert.equal(await db.errno('INSERT INTO nope VALUES (1)'), 1146);
    assert.equal(await db.errno('INSERT INTO items (nope) VALUES (1)'), 1054);
    assert.equal(await db.errno("INSERT INTO items (name) VALUES ('a', 'b')"), 1136);
  });
});

describe('SELECT', () => {
  before(async () => {
    await db.run(
      'CREATE TABLE s (id INT PRIMARY KEY, k INT, c VARCHAR(20), d DECIMAL(10,2), KEY k_idx (k))',
    );
    const rows = Array.from(
      { length: 20 },
      (_, i) => `(${i + 1}, ${i % 4}, 'c${String(i % 5)}', ${i}.25)`,
    );
    await db.run(`INSERT INTO s VALUES ${rows.join(',')}`);
  });

  it('finds a row by primary key with a point get', async () => {
    assert.deepEqual(await db.query('SELECT c FROM s WHERE id = 7'), [['c1']]);
    const [[, , , type, , key]] = (await db.query(
      'EXPLAIN SELECT c FROM s WHERE id = 7',
    )) as unknown[][] as [[unknown, unknown, unknown, string, unknown, string]];
    assert.deepEqual([type, key], ['const', 'PRIMARY']);
  });

  it('uses a batch point get for IN on the primary key', async () => {
    assert.deepEqual(await db.query('SELECT id FROM s WHERE id IN (3, 1, 99) ORDER BY id'), [
      [1],
      [3],
    ]);
    const [explain] = await db.query('EXPLAIN SELECT id FROM s WHERE id IN (3, 1, 99)');
    assert.equal(explain![9], 'Batch point get; Using where');
  });

  it('uses a secondary index for equality and a handle range for BETWEEN', async () => {
    assert.deepEqual(await db.query('SELECT id FROM s WHERE k = 3 ORDER BY id'), [
      [4],
      [8],
      [12],
      [16],
      [20],
    ]);
    assert.equal((await db.query('EXPLAIN SELECT id FROM s WHERE k = 3'))[0]![5], 'k_idx');
    assert.deepEqual(await db.query('SELECT SUM(d) FROM s WHERE id BETWEEN 2 AND 4'), [['6.75']]);
    assert.equal(
      (await db.query('EXPLAIN SELECT id FROM s WHERE id BETWEEN 2 AND 4'))[0]![9],
      'Table range scan; Using where',
    );
  });

  it('scans the table when no index applies', async () => {
    assert.equal((await db.query("EXPLAIN SELECT id FROM s WHERE c = 'c1'"))[0]![3], 'ALL');
    assert.deepEqual(await db.query("SELECT COUNT(*) FROM s WHERE c = 'C1'"), [[4]]);
  });

  it('groups, aggregates, filters groups and orders them', async () => {
    assert.deepEqual(
      await db.query(
        'SELECT k, COUNT(*), MIN(id), MAX(id) FROM s GROUP BY k HAVING COUNT(*) >= 5 ORDER BY k DESC',
      ),
      [
        [3, 5, 4, 20],
        [2, 5, 3, 19],
        [1, 5, 2, 18],
        [0, 5, 1, 17],
      ],
    );
  });

  it('orders by alias and position, applies DISTINCT, LIMIT and OFFSET', async () => {
    assert.deepEqual(
      await db.query('SELECT DISTINCT c AS name FROM s ORDER BY name DESC LIMIT 2'),
      [['c4'], ['c3']],
    );
    assert.deepEqual(await db.query('SELECT id FROM s ORDER BY 1 DESC LIMIT 2, 3'), [
      [18],
      [17],
      [16],
    ]);
  });

  it('treats strings equal under a case-insensitive collation as one in DISTINCT and ORDER BY', async () => {
    await db.run(
      'CREATE TABLE names (id INT PRIMARY KEY, n VARCHAR(20)) COLLATE utf8mb4_general_ci',
    );
    await db.run(
      "INSERT INTO names VALUES (1, 'beta'), (2, 'ALPHA'), (3, 'Beta'), (4, 'émile'), (5, 'EMILE '), (6, '42-7'), (7, 'alpha')",
    );
    const distinct = await db.query('SELECT DISTINCT n FROM names ORDER BY n');
    assert.deepEqual(distinct, [['42-7'], ['ALPHA'], ['beta'], ['émile']]);
    assert.deepEqual(await db.query('SELECT id FROM names ORDER BY n, id'), [
      [6],
      [2],
      [7],
      [1],
      [3],
      [4],
      [5],
    ]);
  });

  it('reads each row of a scan on its own: a NULL after a value stays NULL', async () => {
    await db.run('CREATE TABLE sparse (id INT PRIMARY KEY, a INT, b VARCHAR(10))');
    await db.run(
      "INSERT INTO sparse VALUES (1, 10, 'x'), (2, NULL, NULL), (3, 30, NULL), (4, NULL, 'y')",
    );
    assert.deepEqual(await db.query('SELECT id, a, b FROM sparse WHERE id BETWEEN 1 AND 4'), [
      [1, 10, 'x'],
      [2, null, null],
      [3, 30, null],
      [4, null, 'y'],
    ]);
    assert.deepEqual(
      await db.query('SELECT a IS NULL, COUNT(*), MIN(id), MAX(b) FROM sparse GROUP BY a IS NULL'),
      [
        [0, 2, 1, 'x'],
        [1, 2, 2, 'y'],
      ],
    );
  });

  it('answers aggregates over no rows with one row', async () => {
    assert.deepEqual(await db.query('SELECT COUNT(*), SUM(k), AVG(k) FROM s WHERE id > 100'), [
      [0, null, null],
    ]);
  });

  it('evaluates uncorrelated subqueries', async () => {
    assert.deepEqual(await db.query('SELECT id FROM s WHERE id = (SELECT MAX(id) FROM s)'), [[20]]);
    assert.deepEqual(
      await db.query('SELECT COUNT(*) FROM s WHERE k IN (SELECT k FROM s WHERE id <= 2)'),
      [[10]],
    );
    assert.equal(await db.errno('SELECT (SELECT id FROM s)'), 1242);
  });

  it('combines queries with UNION and UNION ALL', async () => {
    assert.deepEqual(
      await db.query(
        'SELECT k FROM s WHERE id <= 2 UNION SELECT k FROM s WHERE id <= 3 ORDER BY k',
      ),
      [[0], [1], [2]],
    );
    assert.deepEqual(await db.query('SELECT 1 UNION ALL SELECT 1'), [[1], [1]]);
  });

  it('names unknown columns with 1054 and the clause', async () => {
    assert.equal(await db.errno('SELECT nope FROM s'), 1054);
    assert.equal(await db.errno('SELECT id FROM s WHERE nope = 1'), 1054);
  });

  it('describes result columns with their table, type and key flags', async () => {
    const result = await db.run('SELECT id, c, d FROM s LIMIT 1');
    assert.ok(result.kind === 'rows');
    const [id, c, d] = result.columns;
    assert.deepEqual(
      [id!.table, id!.orgName, id!.type, (id!.flags & 0x0002) !== 0],
      ['s', 'id', 0x03, true],
    );
    assert.deepEqual([c!.type, c!.characterSet, c!.columnLength], [0xfd, 45, 80]);
    assert.deepEqual([d!.type, d!.decimals], [0xf6, 2]);
  });
});

describe('UPDATE and DELETE', () => {
  before(async () => {
    await db.run(
      'CREATE TABLE u (id INT PRIMARY KEY, k INT, v VARCHAR(10), UNIQUE KEY uv (v), KEY kk (k))',
    );
    await db.run("INSERT INTO u VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c')");
  });

  it('reports rows matched and changed', async () => {
    const result = await db.run('UPDATE u SET k = 20 WHERE id IN (1, 2)');
    assert.ok(result.kind === 'ok');
    assert.equal(result.affectedRows, 1);
    assert.equal(result.info, 'Rows matched: 2  Changed: 1  Warnings: 0');
  });

  it('keeps secondary indexes in step with updates', async () => {
    await db.run('UPDATE u SET k = 99 WHERE id = 3');
    assert.deepEqual(await db.query('SELECT id FROM u WHERE k = 30'), []);
    assert.deepEqual(await db.query('SELECT id FROM u WHERE k = 99'), [[3]]);
  });

  it('applies assignments left to right', async () => {
    await db.run('UPDATE u SET k = 5, v = CONCAT(v, k) WHERE id = 1');
    assert.deepEqual(await db.query('SELECT k, v FROM u WHERE id = 1'), [[5, 'a5']]);
  });

  it('refuses an update that duplicates a unique key', async () => {
    assert.equal(await db.errno("UPDATE u SET v = 'b' WHERE id = 3"), 1062);
    assert.equal(await db.errno('UPDATE u SET id = 2 WHERE id = 3'), 1062);
  });

  it('moves a row when its primary key changes', async () => {
    await db.run('UPDATE u SET id = 30 WHERE id = 3');
    assert.deepEqual(await db.query('SELECT id, v FROM u WHERE k = 99'), [[30, 'c']]);
    assert.deepEqual(await db.query('SELECT id FROM u WHERE id = 3'), []);
  });

  it('deletes rows with their index entries, honouring ORDER BY and LIMIT', async () => {
    const result = await db.run('DELETE FROM u ORDER BY id DESC LIMIT 1');
    assert.ok(result.kind === 'ok');
    assert.equal(result.affectedRows, 1);
    assert.deepEqual(await db.query('SELECT id FROM u WHERE k = 99'), []);
    assert.deepEqual(await db.query("SELECT id FROM u WHERE v = 'c'"), []);
  });
});

describe('CREATE INDEX, DROP INDEX, TRUNCATE and DROP TABLE', () => {
  it('backfills a new index from existing rows', async () => {
    await db.run('CREATE TABLE bf (id INT PRIMARY KEY, k INT)');
    await db.run('INSERT INTO bf VALUES (1, 7), (2, 8), (3, 7)');
    await db.run('CREATE INDEX by_k ON bf (k)');
    assert.deepEqual(await db.query('SELECT id FROM bf WHERE k = 7 ORDER BY id'), [[1], [3]]);
    assert.equal((await db.query('EXPLAIN SELECT id FROM bf WHERE k = 7'))[0]![5], 'by_k');
  });

  it('refuses a unique index over duplicate values and leaves no trace of it', async () => {
    assert.equal(await db.errno('CREATE UNIQUE INDEX uk ON bf (k)'), 1062);
    const indexes = await db.query('SHOW INDEX FROM bf');
    assert.deepEqual(
      indexes.map((r) => r[2]),
      ['PRIMARY', 'by_k'],
    );
  });

  it('drops an index', async () => {
    await db.run('DROP INDEX by_k ON bf');
    assert.equal((await db.query('EXPLAIN SELECT id FROM bf WHERE k = 7'))[0]![3], 'ALL');
  });

  it('empties a table with TRUNCATE and restarts AUTO_INCREMENT', async () => {
    await db.run('CREATE TABLE tr (id INT PRIMARY KEY AUTO_INCREMENT, v INT)');
    await db.run('INSERT INTO tr (v) VALUES (1), (2)');
    await db.run('TRUNCATE TABLE tr');
    assert.deepEqual(await db.query('SELECT COUNT(*) FROM tr'), [[0]]);
    await db.run('INSERT INTO tr (v) VALUES (3)');
    assert.deepEqual(await db.query('SELECT id FROM tr'), [[1]]);
  });

  it('drops tables, with IF EXISTS turning a missing one into a note', async () => {
    await db.run('DROP TABLE tr');
    assert.equal(await db.errno('SELECT * FROM tr'), 1146);
    assert.equal(await db.errno('DROP TABLE tr'), 1051);
    await db.run('DROP TABLE IF EXISTS tr');
  });
});

describe('tables without an integer primary key', () => {
  it('store rows under hidden handles and enforce a non-integer primary key as unique', async () => {
    await db.run('CREATE TABLE h (code VARCHAR(5) PRIMARY KEY, n INT)');
    await db.run("INSERT INTO h VALUES ('x', 1), ('y', 2)");
    assert.equal(await db.errno("INSERT INTO h VALUES ('X', 3)"), 1062);
    assert.deepEqual(await db.query("SELECT n FROM h WHERE code = 'y'"), [[2]]);
    assert.equal((await db.query("EXPLAIN SELECT n FROM h WHERE code = 'y'"))[0]![5], 'PRIMARY');
  });

  it('allow several NULLs in a unique index', async () => {
    await db.run('CREATE TABLE nu (a INT, UNIQUE KEY (a))');
    await db.run('INSERT INTO nu VALUES (NULL), (NULL), (1)');
    assert.deepEqual(await db.query('SELECT COUNT(*) FROM nu'), [[3]]);
  });
});

describe('column types', () => {
  it('stores and returns each type in MySQL canonical form', async () => {
    await db.run(
      'CREATE TABLE ty (a TINYINT UNSIGNED, b BIGINT UNSIGNED, c DECIMAL(20,6), d DOUBLE, e FLOAT, f DATE, g DATETIME(3), h TIMESTAMP, i TIME, j VARBINARY(4), k TEXT)',
    );
    await db.run(
      "INSERT INTO ty VALUES (255, 18446744073709551615, -12345678901234.5, 1.5e300, 1.1, '2024-2-3', '2024-02-03 04:05:06.7', '2024-02-03 04:05:06', '-12:30', X'00ff', 'héllo')",
    );
    assert.deepEqual(await db.query('SELECT * FROM ty'), [
      [
        255,
        18446744073709551615n,
        '-12345678901234.500000',
        1.5e300,
        1.1,
        '2024-02-03',
        '2024-02-03 04:05:06.700',
        '2024-02-03 04:05:06',
        '-12:30:00',
        Buffer.from([0, 255]),
        'héllo',
      ],
    ]);
    assert.equal(await db.errno('INSERT INTO ty (a) VALUES (256)'), 1264);
    assert.equal(await db.errno("INSERT INTO ty (f) VALUES ('2024-02-30')"), 1292);
  });
});
