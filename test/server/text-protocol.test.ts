import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket, ResultSetHeader, FieldPacket } from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { ColumnType } from '../../src/server/constants/column-types.js';
import { connect, startServer } from './fixture/harness.js';
import type { RunningServer } from './fixture/harness.js';

describe('COM_QUERY over the text protocol', () => {
  let running: RunningServer;
  let client: Connection;

  before(async () => {
    running = await startServer();
    client = await connect(running, {
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
    });
  });

  after(async () => {
    await client.end();
    await running.close();
  });

  it('answers a SELECT with its column metadata and row', async () => {
    const [rows, fields] = (await client.query('SELECT 1')) as [RowDataPacket[], FieldPacket[]];
    assert.deepEqual(rows, [{ 1: '1' }]);
    assert.equal(fields[0]!.columnType, ColumnType.LONGLONG);
  });

  it('prints every column type as MySQL does', async () => {
    const [rows] = (await client.query({ sql: 'SELECT * FROM types', rowsAsArray: true })) as [
      unknown[][],
      FieldPacket[],
    ];
    assert.deepEqual(rows[0], [
      -7,
      -300,
      70000,
      -2147483648,
      '-9007199254740993',
      '18446744073709551615',
      1.25,
      1e21,
      '-12345.678',
      '2024-05-01',
      '2024-05-01 12:34:56.250000',
      '2024-05-01 00:00:00',
      '-838:59:59',
      2024,
      'héllo wörld',
      'abc',
      Buffer.from([0, 1, 2, 0xff]),
      Buffer.from([0x02, 0xa5]),
      { a: [1, 2] },
      null,
    ]);
  });

  it('reports affected rows and the last insert id in OK packets', async () => {
    const [first] = (await client.query('INSERT INTO t VALUES (1)')) as [ResultSetHeader, unknown];
    const [second] = (await client.query('INSERT INTO t VALUES (2)')) as [ResultSetHeader, unknown];
    assert.equal(first.affectedRows, 1);
    assert.equal(second.insertId, first.insertId + 1);
  });

  it('carries warnings and info in the OK packet', async () => {
    const [result] = (await client.query('UPDATE t SET a = 1')) as [ResultSetHeader, unknown];
    assert.equal(result.affectedRows, 3);
    assert.equal(result.warningStatus, 1);
    assert.equal(result.info, 'Rows matched: 3  Changed: 3  Warnings: 1');
  });

  it('reports SERVER_STATUS_IN_TRANS while a transaction is open', async () => {
    const [begin] = (await client.query('BEGIN')) as [ResultSetHeader, unknown];
    const [commit] = (await client.query('COMMIT')) as [ResultSetHeader, unknown];
    assert.equal(begin.serverStatus & 0x0001, 0x0001);
    assert.equal(commit.serverStatus & 0x0001, 0);
    assert.equal(commit.serverStatus & 0x0002, 0x0002);
  });

  it('returns the SQL error code, SQLSTATE and message of a failed statement', async () => {
    await assert.rejects(
      client.query('SELEC nonsense'),
      (error: { errno: number; sqlState: string; message: string }) => {
        assert.equal(error.errno, 1064);
        assert.equal(error.sqlState, '42000');
        assert.match(error.message, /You have an error in your SQL syntax/);
        return true;
      },
    );
  });

  it('turns an internal failure into ER_UNKNOWN_ERROR and keeps the connection', async () => {
    await assert.rejects(
      client.query('SELECT FAIL'),
      (error: { errno: number }) => error.errno === 1105,
    );
    const [rows] = (await client.query('SELECT 1')) as [RowDataPacket[], unknown];
    assert.equal(rows.length, 1);
  });

  it('connects with a default database named in the handshake', async () => {
    const withDatabase = await connect(running, { database: 'test' });
    const [rows] = (await withDatabase.query('SELECT DATABASE()')) as [RowDataPacket[], unknown];
    await withDatabase.end();
    assert.equal(rows[0]!['DATABASE()'], 'test');
  });

  it('runs USE through the session', async () => {
    await client.query('USE test');
    const [rows] = (await client.query('SELECT DATABASE()')) as [RowDataPacket[], unknown];
    assert.equal(rows[0]!['DATABASE()'], 'test');
  });

  it('answers COM_PING', async () => {
    await client.ping();
  });
});
