import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Settings } from '../../src/config/index.js';
import { startServer } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let a: TestClient;
let b: TestClient;

before(async () => {
  const settings = new Settings();
  settings.setInitial('innodb_lock_wait_timeout', 1);
  server = await startServer(settings);
  a = server.connect();
  await a.run('CREATE DATABASE tx');
  await a.run('USE tx');
  await a.run('CREATE TABLE acct (id INT PRIMARY KEY, balance INT)');
  b = server.connect('root', 'localhost', 'tx');
});
after(() => server.close());

describe('transactions', () => {
  it('hide uncommitted writes from other sessions until COMMIT', async () => {
    await a.run('BEGIN');
    await a.run('INSERT INTO acct VALUES (1, 100)');
    assert.deepEqual(await a.query('SELECT balance FROM acct WHERE id = 1'), [[100]]);
    assert.deepEqual(await b.query('SELECT balance FROM acct WHERE id = 1'), []);
    await a.run('COMMIT');
    assert.deepEqual(await b.query('SELECT balance FROM acct WHERE id = 1'), [[100]]);
  });

  it('undo every change on ROLLBACK', async () => {
    await a.run('START TRANSACTION');
    await a.run('UPDATE acct SET balance = 0 WHERE id = 1');
    await a.run('INSERT INTO acct VALUES (2, 5)');
    await a.run('ROLLBACK');
    assert.deepEqual(await a.query('SELECT id, balance FROM acct'), [[1, 100]]);
  });

  it('keep the transaction after a failed statement, without that statement’s changes', async () => {
    await a.run('BEGIN');
    await a.run('INSERT INTO acct VALUES (3, 1)');
    assert.equal(await a.errno('INSERT INTO acct VALUES (4, 1), (1, 1)'), 1062);
    await a.run('COMMIT');
    assert.deepEqual(await a.query('SELECT id FROM acct ORDER BY id'), [[1], [3]]);
  });

  it('read one snapshot for the whole transaction (repeatable read)', async () => {
    await a.run('BEGIN');
    assert.deepEqual(await a.query('SELECT balance FROM acct WHERE id = 1'), [[100]]);
    await b.run('UPDATE acct SET balance = 150 WHERE id = 1');
    assert.deepEqual(await a.query('SELECT balance FROM acct WHERE id = 1'), [[100]]);
    await a.run('COMMIT');
    assert.deepEqual(await a.query('SELECT balance FROM acct WHERE id = 1'), [[150]]);
  });

  it('make a second writer of a locked row wait, then fail with 1205', async () => {
    await a.run('BEGIN');
    await a.run('UPDATE acct SET balance = balance + 1 WHERE id = 1');
    await b.run('BEGIN');
    assert.equal(await b.errno('UPDATE acct SET balance = balance + 1 WHERE id = 1'), 1205);
    await b.run('ROLLBACK');
    await a.run('COMMIT');
    assert.deepEqual(await a.query('SELECT balance FROM acct WHERE id = 1'), [[151]]);
  });

  it('lock rows read by SELECT … FOR UPDATE', async () => {
    await a.run('BEGIN');
    assert.deepEqual(await a.query('SELECT balance FROM acct WHERE id = 1 FOR UPDATE'), [[151]]);
    await b.run('BEGIN');
    assert.equal(await b.errno('SELECT balance FROM acct WHERE id = 1 FOR UPDATE'), 1205);
    await b.run('ROLLBACK');
    await a.run('COMMIT');
  });

  it('apply concurrent autocommit increments without losing one', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).run('UPDATE acct SET balance = balance + 1 WHERE id = 3'),
      ),
    );
    assert.deepEqual(await a.query('SELECT balance FROM acct WHERE id = 3'), [[11]]);
  });

  it('with autocommit off, start a transaction implicitly and keep it until COMMIT', async () => {
    await a.run('SET autocommit = 0');
    await a.run('INSERT INTO acct VALUES (5, 5)');
    assert.equal(a.session.status.inTransaction, true);
    assert.deepEqual(await b.query('SELECT id FROM acct WHERE id = 5'), []);
    await a.run('COMMIT');
    await a.run('SET autocommit = 1');
    assert.deepEqual(await b.query('SELECT id FROM acct WHERE id = 5'), [[5]]);
  });

  it('roll back to a savepoint', async () => {
    await a.run('BEGIN');
    await a.run('INSERT INTO acct VALUES (6, 6)');
    await a.run('SAVEPOINT s1');
    await a.run('INSERT INTO acct VALUES (7, 7)');
    await a.run('ROLLBACK TO SAVEPOINT s1');
    await a.run('COMMIT');
    assert.deepEqual(await a.query('SELECT id FROM acct WHERE id IN (6, 7)'), [[6]]);
  });

  it('refuse writes in a READ ONLY transaction', async () => {
    await a.run('START TRANSACTION READ ONLY');
    assert.equal(await a.errno('INSERT INTO acct VALUES (8, 8)'), 1792);
    await a.run('ROLLBACK');
  });

  it('refuse to commit writes planned before another session added an index (1412)', async () => {
    await a.run('BEGIN');
    await a.run('INSERT INTO acct VALUES (20, 20)');
    await b.run('CREATE INDEX by_balance ON acct (balance)');
    assert.equal(await a.errno('COMMIT'), 1412);
    assert.deepEqual(await b.query('SELECT id FROM acct WHERE balance = 20'), []);
  });

  it('serialize two writers of one row’s indexed column, keeping the index exact', async () => {
    await a.run('CREATE TABLE scores (id INT PRIMARY KEY, score INT, KEY by_score (score))');
    await a.run('INSERT INTO scores VALUES (1, 10), (2, 20)');
    await a.run('BEGIN');
    await a.run('UPDATE scores SET score = score + 1 WHERE id = 1');
    await b.run('BEGIN');
    const second = b.run('UPDATE scores SET score = score + 5 WHERE id = 1');
    await a.run('COMMIT');
    await second;
    await b.run('COMMIT');
    assert.deepEqual(await a.query('SELECT id, score FROM scores WHERE score > 0 ORDER BY score'), [
      [1, 16],
      [2, 20],
    ]);
    assert.deepEqual(await a.query('SELECT id FROM scores WHERE score = 16'), [[1]]);
    assert.deepEqual(await a.query('SELECT id FROM scores WHERE score IN (10, 11)'), []);
  });

  it('commit an open transaction implicitly before DDL', async () => {
    await a.run('BEGIN');
    await a.run('INSERT INTO acct VALUES (9, 9)');
    await a.run('CREATE TABLE other (x INT)');
    assert.equal(a.session.status.inTransaction, false);
    assert.deepEqual(await b.query('SELECT id FROM acct WHERE id = 9'), [[9]]);
  });
});
