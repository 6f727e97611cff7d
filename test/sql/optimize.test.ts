import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

const ROWS = 2_000;

async function fill(table: string): Promise<void> {
  const values: string[] = [];
  for (let i = 1; i <= ROWS; i++) values.push(`(${i}, ${i % 97}, REPEAT('strata', 20))`);
  await db.run(`INSERT INTO ${table} VALUES ${values.join(', ')}`);
}

before(async () => {
  ({ server, db } = await withDatabase());
  await db.run(
    'CREATE TABLE packed (id INT PRIMARY KEY, k INT, c VARCHAR(200), KEY k_1 (k)) PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=4',
  );
  await db.run('CREATE TABLE plain (id INT PRIMARY KEY, k INT, c VARCHAR(200))');
});
after(() => server.close());

describe('OPTIMIZE TABLE', () => {
  it('compacts each table and reports status OK per table, as MySQL does', async () => {
    await fill('plain');
    const result = await db.run('OPTIMIZE TABLE plain, test.plain');
    assert.ok(result.kind === 'rows');
    assert.deepEqual(
      result.columns.map((c) => c.name),
      ['Table', 'Op', 'Msg_type', 'Msg_text'],
    );
    assert.deepEqual(result.rows, [
      ['test.plain', 'optimize', 'status', 'OK'],
      ['test.plain', 'optimize', 'status', 'OK'],
    ]);
    assert.deepEqual(await db.query('SELECT COUNT(*), SUM(k) FROM plain'), [
      [ROWS, String([...Array(ROWS).keys()].reduce((sum, i) => sum + ((i + 1) % 97), 0))],
    ]);
  });

  it('answers a missing table with an Error row and Operation failed', async () => {
    assert.deepEqual(await db.query('OPTIMIZE NO_WRITE_TO_BINLOG TABLE nosuch'), [
      ['test.nosuch', 'optimize', 'Error', "Table 'test.nosuch' doesn't exist"],
      ['test.nosuch', 'optimize', 'status', 'Operation failed'],
    ]);
  });

  it('rewrites a PAGE_COMPRESSED table as compressed pages', async () => {
    await fill('packed');
    const before = server.engine.stats().pageCompression;
    await db.run('OPTIMIZE TABLE packed');
    const after = server.engine.stats().pageCompression;
    assert.ok(after.compressed > before.compressed, 'pages were compressed');
    assert.ok(after.bytesSaved > before.bytesSaved, 'compression saved bytes');
    assert.deepEqual(await db.query('SELECT COUNT(*) FROM packed WHERE k = 5'), [[21]]);
  });

  it('is a syntax error without TABLE', async () => {
    assert.equal(await db.errno('OPTIMIZE plain'), 1064);
  });
});

describe('innodb_compression_algorithm', () => {
  it('switches the codec of PAGE_COMPRESSED tables at run time', async () => {
    await db.run("SET GLOBAL innodb_compression_algorithm = 'zstd'");
    assert.deepEqual(
      server.sql.catalog.compressionRanges().map((r) => r.algorithm),
      ['zstd'],
    );
    await db.run("SET GLOBAL innodb_compression_algorithm = 'lz4'");
    assert.deepEqual(
      server.sql.catalog.compressionRanges().map((r) => r.algorithm),
      ['lz4'],
    );
  });

  it('rejects a codec it does not have with 1231', async () => {
    assert.equal(await db.errno("SET GLOBAL innodb_compression_algorithm = 'lzma'"), 1231);
  });
});
