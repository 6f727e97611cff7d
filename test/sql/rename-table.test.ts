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

describe('RENAME TABLE', () => {
  it('renames a table, keeping its rows, keys and AUTO_INCREMENT counter', async () => {
    await db.run('CREATE TABLE a1 (id INT AUTO_INCREMENT PRIMARY KEY, v INT, KEY kv (v))');
    await db.run('INSERT INTO a1 (v) VALUES (10), (20)');
    await db.run('RENAME TABLE a1 TO b1');
    await db.run('INSERT INTO b1 (v) VALUES (30)');
    assert.deepEqual(await db.query('SELECT id FROM b1 WHERE v = 30'), [[3]]);
    assert.equal(await db.errno('SELECT * FROM a1'), 1146);
  });

  it('applies several renames in order, so that two tables can swap names', async () => {
    await db.run('CREATE TABLE s1 (a INT)');
    await db.run('CREATE TABLE s2 (b INT)');
    await db.run('RENAME TABLE s1 TO tmp, s2 TO s1, tmp TO s2');
    assert.deepEqual(
      (await db.query('SHOW COLUMNS FROM s1')).map((r) => r[0]),
      ['b'],
    );
    assert.deepEqual(
      (await db.query('SHOW COLUMNS FROM s2')).map((r) => r[0]),
      ['a'],
    );
  });

  it('moves a table to another database', async () => {
    await db.run('CREATE DATABASE archive');
    await db.run('CREATE TABLE m1 (a INT)');
    await db.run('INSERT INTO m1 VALUES (7)');
    await db.run('RENAME TABLE m1 TO archive.m1');
    assert.deepEqual(await db.query('SELECT a FROM archive.m1'), [[7]]);
  });

  it('renames nothing when one rename fails (1146 missing, 1050 taken)', async () => {
    await db.run('CREATE TABLE f1 (a INT)');
    await db.run('CREATE TABLE f2 (a INT)');
    assert.equal(await db.errno('RENAME TABLE f1 TO f9, nope TO f8'), 1146);
    assert.equal(await db.errno('RENAME TABLE f1 TO f2'), 1050);
    assert.deepEqual(await db.query("SHOW TABLES LIKE 'f%'"), [['f1'], ['f2']]);
  });

  it('renames a view within its database and refuses to move it (1450)', async () => {
    await db.run('CREATE VIEW v1 AS SELECT 1 AS one');
    await db.run('RENAME TABLE v1 TO v2');
    assert.deepEqual(await db.query('SELECT one FROM v2'), [[1]]);
    await db.run('CREATE DATABASE elsewhere');
    assert.equal(await db.errno('RENAME TABLE v2 TO elsewhere.v2'), 1450);
  });
});
