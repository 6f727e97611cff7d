import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Connection, FieldPacket, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { ColumnType } from '../../src/server/constants/column-types.js';
import { connect, pool, startServer } from './fixture/harness.js';
import type { RunningServer } from './fixture/harness.js';
import { SBTEST_C_VALUE } from './fixture/fixture-service.js';

describe('prepared statements over the binary protocol', () => {
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

  it('executes a point select with an integer parameter', async () => {
    const [rows] = (await client.execute('SELECT c FROM sbtest1 WHERE id=?', [42])) as [
      RowDataPacket[],
      FieldPacket[],
    ];
    assert.deepEqual(rows, [{ c: SBTEST_C_VALUE }]);
  });

  it('executes the same statement many times with fresh parameters', async () => {
    for (let i = 0; i < 50; i++) {
      const [rows] = (await client.execute('SELECT ?, ?', [i, `v${i}`])) as [
        RowDataPacket[],
        FieldPacket[],
      ];
      assert.deepEqual(Object.values(rows[0]!), [String(i), `v${i}`]);
    }
  });

  it('decodes parameters of every type mysql2 binds', async () => {
    const date = new Date(Date.UTC(2024, 4, 1, 12, 34, 56, 789));
    const [rows, fields] = (await client.execute(
      { sql: 'SELECT ?, ?, ?, ?, ?, ?, ?', rowsAsArray: true, timezone: 'Z' },
      [7, -1.5, 'text ✓', Buffer.from([1, 2, 3]), null, date, true],
    )) as [unknown[][], FieldPacket[]];
    assert.deepEqual(rows[0], [
      '7',
      -1.5,
      'text ✓',
      Buffer.from([1, 2, 3]),
      null,
      '2024-05-01 12:34:56.789000',
      '1',
    ]);
    assert.deepEqual(
      fields.map((field) => field.columnType),
      [
        ColumnType.LONGLONG,
        ColumnType.DOUBLE,
        ColumnType.VAR_STRING,
        ColumnType.BLOB,
        ColumnType.NULL,
        ColumnType.VAR_STRING,
        ColumnType.LONGLONG,
      ],
    );
  });

  it('sends every column type in its binary form', async () => {
    const [rows] = (await client.execute({ sql: 'SELECT * FROM types', rowsAsArray: true })) as [
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

  it('returns OK packets for statements without a result set', async () => {
    const [result] = (await client.execute('INSERT INTO t VALUES (?)', [1])) as [
      ResultSetHeader,
      unknown,
    ];
    assert.equal(result.affectedRows, 1);
    assert.ok(result.insertId > 0);
  });

  it('reports an unknown statement id with ER_UNKNOWN_STMT_HANDLER', async () => {
    const statement = await client.prepare('SELECT ?');
    statement.close();
    await assert.rejects(
      statement.execute([1]),
      (error: { errno: number }) => error.errno === 1243,
    );
  });

  it('reports a failed prepare with the SQL error', async () => {
    await assert.rejects(
      client.prepare('PREPARE_FAIL ?'),
      (error: { errno: number }) => error.errno === 1064,
    );
  });

  it('serves a pool of connections running statements concurrently', async () => {
    const connections = pool(running, { connectionLimit: 8 });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        connections.execute('SELECT c FROM sbtest1 WHERE id=?', [i]),
      ),
    );
    await connections.end();
    for (const [rows] of results as Array<[RowDataPacket[], unknown]>)
      assert.equal(rows[0]!.c, SBTEST_C_VALUE);
  });
});
