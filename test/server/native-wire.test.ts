// The native wire path (src/server/native-wire.ts, native/wire/): prepared point selects by
// primary key are answered natively, byte for byte as the JavaScript path answers them, and
// everything the native side must not answer (inside a transaction, after DDL or a REVOKE, with
// a lock in the way) still gets the JavaScript path's answer.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { startStack } from '../../src/cli/serve.js';
import type { RunningStack } from '../../src/cli/serve.js';
import { Settings } from '../../src/config/index.js';
import { silentLogger } from '../../src/server/logger.js';

const SELECT_ALL = 'SELECT id, t, s, m, b, u, f, d, c, v, x, bin FROM kinds WHERE id = ?';

async function status(client: Connection, name: string): Promise<number> {
  const [rows] = (await client.query(`SHOW GLOBAL STATUS LIKE '${name}'`)) as [
    RowDataPacket[],
    unknown,
  ];
  return Number(rows[0]?.Value ?? NaN);
}

async function stackWith(nativeWire: boolean, scratch: string): Promise<RunningStack> {
  const settings = new Settings();
  settings.setInitial('port', 0);
  settings.setInitial('native_wire', nativeWire);
  settings.setInitial('datadir', join(scratch, nativeWire ? 'native' : 'js'));
  return startStack(settings, silentLogger);
}

async function connect(stack: RunningStack, user = 'root', password = ''): Promise<Connection> {
  return mysql.createConnection({
    host: '127.0.0.1',
    port: stack.address.port,
    user,
    password,
    database: 'wire',
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
}

async function load(stack: RunningStack): Promise<void> {
  const client = await mysql.createConnection({
    host: '127.0.0.1',
    port: stack.address.port,
    user: 'root',
  });
  await client.query('CREATE DATABASE wire');
  await client.query('USE wire');
  await client.query(
    `CREATE TABLE kinds (id INT PRIMARY KEY, t TINYINT, s SMALLINT, m MEDIUMINT, b BIGINT,
       u INT UNSIGNED, f FLOAT, d DOUBLE, c CHAR(10), v VARCHAR(40), x TEXT, bin VARBINARY(8))`,
  );
  await client.query(
    `INSERT INTO kinds VALUES
       (1, -128, -32768, -8388608, -9223372036854775808, 4294967295, 1.5, 1e300, 'ab', 'héllo', 'text', x'00ff10'),
       (2, 127, 32767, 8388607, 9223372036854775807, 0, -0.25, -2.5e-300, '', '', '', x''),
       (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  );
  await client.end();
}

describe('the native wire path', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'strata-wire-'));
  let native: RunningStack;
  let plain: RunningStack;

  before(async () => {
    native = await stackWith(true, scratch);
    plain = await stackWith(false, scratch);
    await load(native);
    await load(plain);
  });

  after(async () => {
    await native.close();
    await plain.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('answers point selects natively with exactly what the JavaScript path returns', async () => {
    const fast = await connect(native);
    const slow = await connect(plain);
    const before = await status(fast, 'Native_wire_queries');
    for (const id of [1, 2, 3, 4, -1]) {
      const [nativeRows] = await fast.execute(SELECT_ALL, [id]);
      const [jsRows] = await slow.execute(SELECT_ALL, [id]);
      assert.deepEqual(nativeRows, jsRows, `row ${id}`);
    }
    assert.equal((await status(fast, 'Native_wire_queries')) - before, 5);
    await fast.end();
    await slow.end();
  });

  it('leaves statements inside a transaction to the JavaScript path, which sees its own writes', async () => {
    const client = await connect(native);
    await client.query('BEGIN');
    await client.query("UPDATE kinds SET v = 'uncommitted' WHERE id = 1");
    const [inside] = (await client.execute(SELECT_ALL, [1])) as [RowDataPacket[], unknown];
    assert.equal(inside[0]!.v, 'uncommitted');
    const other = await connect(native);
    const [outside] = (await other.execute(SELECT_ALL, [1])) as [RowDataPacket[], unknown];
    assert.equal(outside[0]!.v, 'héllo', 'another session reads the committed row');
    await client.query('ROLLBACK');
    const [after] = (await client.execute(SELECT_ALL, [1])) as [RowDataPacket[], unknown];
    assert.equal(after[0]!.v, 'héllo');
    await client.end();
    await other.end();
  });

  it('keeps responses in order when fast and slow commands are pipelined', async () => {
    const client = await connect(native);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        i % 3 === 0
          ? client
              .query(`SELECT ${i} AS n`)
              .then(([rows]) => Number((rows as RowDataPacket[])[0]!.n))
          : client
              .execute('SELECT id FROM kinds WHERE id = ?', [1 + (i % 2)])
              .then(([rows]) => (rows as RowDataPacket[])[0]!.id),
      ),
    );
    assert.deepEqual(
      results,
      Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? i : 1 + (i % 2))),
    );
    await client.end();
  });

  it('retires a native plan when the table changes', async () => {
    const client = await connect(native);
    const admin = await connect(native);
    await admin.query('CREATE TABLE shapes (id INT PRIMARY KEY, c CHAR(10))');
    await admin.query("INSERT INTO shapes VALUES (1, 'square')");
    const [first] = (await client.execute('SELECT c FROM shapes WHERE id = ?', [1])) as [
      RowDataPacket[],
      unknown,
    ];
    assert.equal(first[0]!.c, 'square');
    await admin.query('DROP TABLE shapes');
    await admin.query('CREATE TABLE shapes (id INT PRIMARY KEY, d INT)');
    await assert.rejects(
      client.execute('SELECT c FROM shapes WHERE id = ?', [1]),
      (error: Error & { errno?: number }) => {
        assert.equal(error.errno, 1054);
        return true;
      },
    );
    await admin.query('DROP TABLE shapes');
    await admin.query('CREATE TABLE shapes (id INT PRIMARY KEY, c CHAR(10))');
    await admin.query("INSERT INTO shapes VALUES (1, 'circle')");
    const [again] = (await client.execute('SELECT c FROM shapes WHERE id = ?', [1])) as [
      RowDataPacket[],
      unknown,
    ];
    assert.equal(again[0]!.c, 'circle');
    await client.end();
    await admin.end();
  });

  it('stops answering for an account whose SELECT privilege was revoked', async () => {
    const admin = await connect(native);
    await admin.query("CREATE USER reader@'%' IDENTIFIED BY 'pw'");
    await admin.query("GRANT SELECT ON wire.* TO reader@'%'");
    const reader = await connect(native, 'reader', 'pw');
    const [granted] = (await reader.execute('SELECT id FROM kinds WHERE id = ?', [2])) as [
      RowDataPacket[],
      unknown,
    ];
    assert.equal(granted[0]!.id, 2);
    await admin.query("REVOKE SELECT ON wire.* FROM reader@'%'");
    await assert.rejects(
      reader.execute('SELECT id FROM kinds WHERE id = ?', [2]),
      (error: Error & { errno?: number }) => {
        assert.equal(error.errno, 1142);
        return true;
      },
    );
    await reader.end();
    await admin.end();
  });
});
