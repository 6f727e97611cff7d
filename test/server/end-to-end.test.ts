// The whole stack (engine, transactions, SQL, server) as `strata serve` runs it, driven by
// mysql2, the mariadb client and sysbench.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { startStack } from '../../src/cli/serve.js';
import type { RunningStack } from '../../src/cli/serve.js';
import { Settings } from '../../src/config/index.js';
import { Command } from '../../src/server/constants/commands.js';
import { silentLogger } from '../../src/server/logger.js';
import { waitFor } from './fixture/harness.js';

const run = promisify(execFile);

describe('end to end through the real stack', () => {
  let stack: RunningStack;
  let client: Connection;
  const scratch = mkdtempSync(join(tmpdir(), 'strata-e2e-'));

  before(async () => {
    const settings = new Settings();
    settings.setInitial('port', 0);
    settings.setInitial('datadir', join(scratch, 'data'));
    stack = await startStack(settings, silentLogger);
    client = await mysql.createConnection({
      host: '127.0.0.1',
      port: stack.address.port,
      user: 'root',
      multipleStatements: true,
    });
    await client.query('CREATE DATABASE e2e');
    await client.query('USE e2e');
    await client.query(
      'CREATE TABLE items (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40) NOT NULL, price DECIMAL(10,2), weight DOUBLE, added DATETIME)',
    );
  });

  after(async () => {
    await client.end();
    await stack.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('inserts rows and reports the affected rows and the last insert id', async () => {
    const [result] = (await client.query(
      "INSERT INTO items (name, price, weight, added) VALUES ('apple', 1.50, 0.1, '2024-05-01 12:00:00'), ('pear', 2.25, 1e21, NULL)",
    )) as [ResultSetHeader, unknown];
    assert.equal(result.affectedRows, 2);
    assert.equal(result.insertId, 1);
  });

  it('reads them back over the text protocol with MySQL’s formatting', async () => {
    const [rows] = (await client.query({
      sql: 'SELECT id, name, price, weight, added FROM items ORDER BY id',
      rowsAsArray: true,
      dateStrings: true,
    })) as [unknown[][], unknown];
    assert.deepEqual(rows, [
      [1, 'apple', '1.50', 0.1, '2024-05-01 12:00:00'],
      [2, 'pear', '2.25', 1e21, null],
    ]);
  });

  it('reads them back with a prepared statement over the binary protocol', async () => {
    const [rows] = (await client.execute(
      { sql: 'SELECT name, price FROM items WHERE id = ?', rowsAsArray: true },
      [2],
    )) as [unknown[][], unknown];
    assert.deepEqual(rows, [['pear', '2.25']]);
  });

  it('returns several results for a multi-statement query', async () => {
    const [results] = (await client.query('SELECT COUNT(*) AS n FROM items; SELECT 1 AS one')) as [
      RowDataPacket[][],
      unknown,
    ];
    assert.equal(results.length, 2);
    assert.equal(Number(results[0]![0]!.n), 2);
  });

  it('reports SQL errors with MySQL’s codes', async () => {
    await assert.rejects(
      client.query('SELECT * FROM missing'),
      (error: { errno: number; sqlState: string }) => {
        assert.equal(error.errno, 1146);
        assert.equal(error.sqlState, '42S02');
        return true;
      },
    );
    await assert.rejects(
      client.query('SELEC 1'),
      (error: { errno: number }) => error.errno === 1064,
    );
  });

  it('serves a pool of concurrent clients', async () => {
    const pool = mysql.createPool({
      host: '127.0.0.1',
      port: stack.address.port,
      user: 'root',
      database: 'e2e',
      connectionLimit: 6,
    });
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        pool.execute('SELECT name FROM items WHERE id = ?', [(i % 2) + 1]),
      ),
    );
    await pool.end();
    assert.deepEqual(
      answers.map(([rows]) => (rows as RowDataPacket[])[0]!.name),
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 'apple' : 'pear')),
    );
  });

  it('kills a connection with KILL CONNECTION', async () => {
    const victim = await mysql.createConnection({
      host: '127.0.0.1',
      port: stack.address.port,
      user: 'root',
    });
    const [[{ id }]] = (await victim.query('SELECT CONNECTION_ID() AS id')) as unknown as [
      [{ id: number }],
      unknown,
    ];
    await client.query(`KILL CONNECTION ${id}`);
    await waitFor(() => !stack.server.connectionStates().some((state) => state.id === Number(id)));
    await assert.rejects(victim.query('SELECT 1'));
    victim.destroy();
  });

  it('answers the mariadb client in batch mode', async () => {
    const { stdout } = await run('mariadb', [
      '-h127.0.0.1',
      `-P${stack.address.port}`,
      '-uroot',
      'e2e',
      '-N',
      '-e',
      'SELECT name FROM items ORDER BY id',
    ]);
    assert.equal(stdout, 'apple\npear\n');
  });

  it('runs sysbench oltp_point_select (prepare, a short run, cleanup) without errors', async () => {
    await client.query('CREATE DATABASE sbtest');
    const common = [
      'oltp_point_select',
      '--mysql-host=127.0.0.1',
      `--mysql-port=${stack.address.port}`,
      '--mysql-user=root',
      '--mysql-db=sbtest',
      '--tables=1',
      '--table-size=1000',
    ];
    await run('sysbench', [...common, 'prepare']);
    const { stdout } = await run('sysbench', [...common, '--threads=4', '--time=2', 'run']);
    await run('sysbench', [...common, 'cleanup']);
    const errors = /ignored errors:\s+(\d+)/.exec(stdout);
    const queries = /queries:\s+(\d+)/.exec(stdout);
    assert.equal(errors?.[1], '0');
    assert.ok(Number(queries?.[1]) > 0);
    assert.ok(
      !stack.server.connectionStates().some((state) => state.command === Command.STMT_EXECUTE),
    );
  });
});
