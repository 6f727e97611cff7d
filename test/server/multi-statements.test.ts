import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { connect, startServer } from './fixture/harness.js';
import type { RunningServer } from './fixture/harness.js';

describe('multi-statements', () => {
  let running: RunningServer;

  before(async () => {
    running = await startServer();
  });

  after(async () => {
    await running.close();
  });

  it('returns one result per statement, in order', async () => {
    const client = await connect(running, { multipleStatements: true });
    const [results] = (await client.query(
      "SELECT 1; INSERT INTO t VALUES (1); SELECT 'a;b' ; DO 1",
    )) as [unknown[], unknown];
    await client.end();
    assert.equal(results.length, 4);
    assert.deepEqual(results[0], [{ 1: 1 }]);
    assert.equal((results[1] as ResultSetHeader).affectedRows, 1);
    assert.equal((results[3] as ResultSetHeader).affectedRows, 0);
  });

  it('stops at the first failing statement and reports its error', async () => {
    const client = await connect(running, { multipleStatements: true });
    await assert.rejects(
      client.query('SELECT 1; BROKEN; SELECT 1'),
      (error: { errno: number }) => error.errno === 1064,
    );
    const [rows] = (await client.query('SELECT 1')) as [RowDataPacket[], unknown];
    await client.end();
    assert.equal(rows.length, 1);
  });

  it('treats the text as one statement when the client did not ask for multi-statements', async () => {
    const client = await connect(running);
    await assert.rejects(
      client.query('SELECT 1; SELECT 1'),
      (error: { errno: number }) => error.errno === 1064,
    );
    await client.end();
  });
});
