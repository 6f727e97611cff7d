// Write throttling as a MySQL client sees it: OceanBase's variables through SET GLOBAL and ALTER
// SYSTEM SET, the wait event in performance_schema (per session and global, in picoseconds), the
// counters in SHOW GLOBAL STATUS, and reads of other connections unaffected.

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

const WAIT_EVENT = 'memstore memory page alloc wait';

async function rows(client: Connection, sql: string): Promise<RowDataPacket[]> {
  const [result] = (await client.query(sql)) as [RowDataPacket[], unknown];
  return result;
}

describe('write throttling through SQL', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'strata-throttle-'));
  let stack: RunningStack;
  let writer: Connection;
  let reader: Connection;

  before(async () => {
    const settings = new Settings();
    settings.setInitial('port', 0);
    settings.setInitial('datadir', join(scratch, 'data'));
    settings.setInitial('memstore_limit', '8M');
    settings.setInitial('write_buffer_size', '2M');
    stack = await startStack(settings, silentLogger);
    const connect = () =>
      mysql.createConnection({
        host: '127.0.0.1',
        port: stack.address.port,
        user: 'root',
        supportBigNumbers: true,
        bigNumberStrings: true,
      });
    writer = await connect();
    reader = await connect();
    await writer.query('CREATE DATABASE t');
    await writer.query('CREATE TABLE t.kv (id INT PRIMARY KEY, v VARCHAR(2000))');
    await writer.query("INSERT INTO t.kv VALUES (0, 'first')");
  });

  after(async () => {
    await writer.end();
    await reader.end();
    await stack.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('takes OceanBase’s variables through SET GLOBAL and ALTER SYSTEM SET', async () => {
    await writer.query('SET GLOBAL writing_throttling_trigger_percentage = 1');
    await writer.query("ALTER SYSTEM SET writing_throttling_maximum_duration = '1s'");
    const variables = await rows(writer, "SHOW GLOBAL VARIABLES LIKE 'writing_throttling%'");
    assert.deepEqual(
      variables.map((r) => [r.Variable_name, String(r.Value)]),
      [
        ['writing_throttling_maximum_duration', '1000'],
        ['writing_throttling_trigger_percentage', '1'],
      ],
    );
    await assert.rejects(
      writer.query('SET GLOBAL writing_throttling_trigger_percentage = 101'),
      (error: Error & { errno?: number }) => error.errno === 1231,
    );
  });

  it('records throttled writes per session and globally, in picoseconds', async () => {
    const value = 'x'.repeat(1900);
    for (let i = 1; i <= 300; i++) {
      await writer.query(`INSERT INTO t.kv VALUES (${i}, '${value}')`);
    }
    const [global] = await rows(
      writer,
      `SELECT COUNT_STAR, SUM_TIMER_WAIT, MAX_TIMER_WAIT FROM
         performance_schema.events_waits_summary_global_by_event_name
       WHERE EVENT_NAME = '${WAIT_EVENT}'`,
    );
    assert.ok(Number(global!.COUNT_STAR) > 0, 'writes waited');
    assert.ok(BigInt(global!.SUM_TIMER_WAIT) >= BigInt(global!.MAX_TIMER_WAIT));
    assert.equal(BigInt(global!.MAX_TIMER_WAIT) % 1_000_000n, 0n, 'microseconds as picoseconds');
    const [mine] = await rows(
      writer,
      `SELECT COUNT_STAR FROM performance_schema.events_waits_summary_by_thread_by_event_name
       WHERE THREAD_ID = CONNECTION_ID() AND EVENT_NAME = '${WAIT_EVENT}'`,
    );
    assert.equal(mine!.COUNT_STAR, global!.COUNT_STAR, 'all of them by this session');
    const [status] = await rows(writer, "SHOW GLOBAL STATUS LIKE 'Memstore_throttle_waits'");
    assert.ok(Number(status!.Value) >= Number(global!.COUNT_STAR));
  });

  it('lets other connections read while writers are throttled', async () => {
    const value = 'y'.repeat(1900);
    const writes = (async () => {
      for (let i = 1000; i < 1200; i++) {
        await writer.query(`INSERT INTO t.kv VALUES (${i}, '${value}')`);
      }
    })();
    const latencies: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      const [row] = await rows(reader, 'SELECT v FROM t.kv WHERE id = 0');
      latencies.push(performance.now() - started);
      assert.equal(row!.v, 'first');
    }
    await writes;
    latencies.sort((a, b) => a - b);
    assert.ok(latencies[latencies.length - 2]! < 100, `reads stay fast (${latencies.join(', ')})`);
  });
});
