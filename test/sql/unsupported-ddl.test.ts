import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

before(async () => {
  ({ server, db } = await withDatabase());
  await db.run('CREATE TABLE t (a INT)');
});
after(() => server.close());

/** Asserts that sql fails with errno and a message naming `named`. */
async function refused(sql: string, errno: number, named: RegExp): Promise<void> {
  await assert.rejects(db.run(sql), (error: Error & { errno: number }) => {
    assert.equal(error.errno, errno, sql);
    assert.match(error.message, named, sql);
    return true;
  });
}

describe('DDL we do not support', () => {
  it('answers 1235 naming the column feature instead of ignoring it', async () => {
    await refused('CREATE TABLE g1 (a INT, b INT AS (a + 1))', 1235, /generated columns/);
    await refused('CREATE TABLE g2 (a INT CHECK (a > 0))', 1235, /CHECK constraints/);
    await refused('CREATE TABLE g3 (a INT REFERENCES t (a))', 1235, /FOREIGN KEY/);
    await refused("CREATE TABLE g4 (a ENUM('x'))", 1235, /column type ENUM/);
    await refused('CREATE TABLE g5 (a JSON)', 1235, /column type JSON/);
  });

  it('answers 1235 naming the table feature', async () => {
    await refused('CREATE TABLE g6 (a INT) ROW_FORMAT=COMPRESSED', 1235, /ROW_FORMAT/);
    await refused('CREATE TABLE g7 (a INT) PARTITION BY HASH(a)', 1235, /PARTITION BY/);
    await refused('CREATE TABLE g8 (a INT) WITH SYSTEM VERSIONING', 1235, /SYSTEM VERSIONING/);
    await refused('CREATE TEMPORARY TABLE g9 (a INT)', 1235, /TEMPORARY/);
    await refused('CREATE TABLE g10 (a INT, KEY k ((a + 1)))', 1235, /functional key parts/);
    await refused('CREATE TABLE g11 (a INT, FULLTEXT KEY (a))', 1235, /FULLTEXT/);
  });

  it('answers 1235 for other objects and 1064 naming where the syntax breaks', async () => {
    await refused('CREATE PROCEDURE p() BEGIN END', 1235, /CREATE PROCEDURE/);
    await refused('ALTER DATABASE test CHARACTER SET latin1', 1235, /ALTER DATABASE/);
    await refused('RENAME USER a TO b', 1235, /RENAME USER/);
    await refused('CREATE TABLE g12 (a INT) nonsense=1', 1064, /near 'nonsense=1'/);
    await refused('ALTER TABLE t ADD COLUMN', 1064, /near ''/);
  });

  it('refuses bad values of the page compression options with 1912', async () => {
    await refused('CREATE TABLE g13 (a INT) PAGE_COMPRESSED=2', 1912, /PAGE_COMPRESSED/);
    await refused(
      'CREATE TABLE g14 (a INT) PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=10',
      1912,
      /PAGE_COMPRESSION_LEVEL/,
    );
    await refused(
      'CREATE TABLE g15 (a INT) PAGE_COMPRESSION_LEVEL=3',
      1005,
      /Wrong create options/,
    );
  });
});
