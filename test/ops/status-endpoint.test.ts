// The status endpoint of a running stack (src/ops/status/status-server.ts): /metrics parsed by a
// Prometheus text-format parser, /health following startup and shutdown, POST /backup guarded by
// the data dir's token.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import type { ParsedFamily } from 'parse-prometheus-text-format';

import { startStack } from '../../src/cli/serve.js';
import type { RunningStack } from '../../src/cli/serve.js';
import { Settings } from '../../src/config/index.js';
import { readAdminFile } from '../../src/ops/backup/admin-file.js';
import { createServerLog } from '../../src/ops/logging/server-log.js';
import { Operability } from '../../src/ops/operability.js';
import { STATEMENT_TYPES } from '../../src/server/statement-stats.js';
import { makeTempDir } from '../support/temp-dir.js';

const INSERTS = 20;
const HISTOGRAM = 'strata_statement_duration_seconds';

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function family(families: ParsedFamily[], name: string): ParsedFamily {
  const found = families.find((f) => f.name === name);
  assert.ok(found, `no metric family ${name}`);
  return found;
}

/** Every sample named name (a family may come in several runs when read untyped). */
function samplesOf(families: ParsedFamily[], name: string) {
  const samples = families.filter((f) => f.name === name).flatMap((f) => f.metrics);
  assert.ok(samples.length > 0, `no metric family ${name}`);
  return samples;
}

function valueOf(families: ParsedFamily[], name: string, labels: Record<string, string> = {}) {
  const sample = samplesOf(families, name).find((m) =>
    Object.entries(labels).every(([key, value]) => m.labels?.[key] === value),
  );
  assert.ok(sample, `no ${name} sample with ${JSON.stringify(labels)}`);
  return Number(sample.value);
}

describe('status endpoint', () => {
  const silent = createServerLog({ format: 'text', level: 'error', output: { write: () => true } });
  let datadir = '';
  let url = '';
  let ops: Operability;
  let stack: RunningStack;
  let healthWhileStarting: Response;

  before(async () => {
    datadir = path.join(makeTempDir('strata-status-'), 'data');
    fs.mkdirSync(datadir);
    const settings = new Settings();
    settings.setInitial('datadir', datadir);
    settings.setInitial('port', 0);
    settings.setInitial('status_port', await freePort());
    ops = await Operability.start(settings, silent, '0.0.0-test');
    url = ops.statusUrl!;
    healthWhileStarting = await fetch(`${url}/health`);
    stack = await startStack(settings, silent, ops);
  });

  after(async () => {
    await stack.close();
    await ops.close();
  });

  it('answers /health with 503 "starting" before recovery finished and 200 "ready" after', async () => {
    assert.equal(healthWhileStarting.status, 503);
    assert.equal(((await healthWhileStarting.json()) as { status: string }).status, 'starting');
    const ready = await fetch(`${url}/health`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { status: string }).status, 'ready');
  });

  it('serves /metrics that a Prometheus text-format parser reads, with statements by type', async () => {
    const client = await mysql.createConnection({
      host: '127.0.0.1',
      port: stack.address.port,
      user: 'root',
    });
    try {
      await client.query('CREATE DATABASE m');
      await client.query('CREATE TABLE m.t (id INT PRIMARY KEY, v VARCHAR(20))');
      for (let i = 0; i < INSERTS; i++)
        await client.query(`INSERT INTO m.t VALUES (${i}, 'v${i}')`);
      await client.execute('SELECT v FROM m.t WHERE id = ?', [3]);
      const response = await fetch(`${url}/metrics`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const families = parsePrometheusTextFormat(await response.text());
      assert.equal(family(families, 'strata_statements_total').type, 'COUNTER');
      assert.equal(valueOf(families, 'strata_statements_total', { type: 'insert' }), INSERTS);
      assert.equal(valueOf(families, 'strata_statements_total', { type: 'ddl' }), 2);
      assert.ok(valueOf(families, 'strata_statements_total', { type: 'select' }) >= 1);
      assert.equal(valueOf(families, 'strata_connections'), 1);
      assert.equal(family(families, HISTOGRAM).type, 'HISTOGRAM');
    } finally {
      await client.end();
    }
  });

  it('gives each statement type a cumulative latency histogram whose count is its statements', async () => {
    const text = await (await fetch(`${url}/metrics`)).text();
    // The parser folds labelled histograms into one series; without the TYPE line it reads
    // their _bucket, _sum and _count samples as plain families, labels intact.
    const families = parsePrometheusTextFormat(text.replace(`# TYPE ${HISTOGRAM} histogram\n`, ''));
    const buckets = samplesOf(families, `${HISTOGRAM}_bucket`);
    for (const type of STATEMENT_TYPES) {
      const series = buckets.filter((m) => m.labels?.type === type).map((m) => Number(m.value));
      assert.ok(series.length > 1);
      for (let i = 1; i < series.length; i++) assert.ok(series[i]! >= series[i - 1]!);
      const count = valueOf(families, `${HISTOGRAM}_count`, { type });
      assert.equal(series.at(-1), count);
      const inf = buckets.find((m) => m.labels?.type === type && m.labels.le === '+Inf');
      assert.equal(Number(inf?.value), count);
    }
    assert.equal(valueOf(families, `${HISTOGRAM}_count`, { type: 'insert' }), INSERTS);
    assert.ok(valueOf(families, `${HISTOGRAM}_sum`, { type: 'insert' }) > 0);
  });

  it('exports the engine’s memtable, level, cache, compaction, page and throttle figures', async () => {
    const families = parsePrometheusTextFormat(await (await fetch(`${url}/metrics`)).text());
    assert.ok(valueOf(families, 'strata_memtable_bytes') > 0);
    assert.equal(family(families, 'strata_level_bytes').metrics.length, 7);
    for (const name of [
      'strata_compaction_written_bytes_total',
      'strata_write_stall_seconds_total',
      'strata_block_cache_hit_ratio',
      'strata_page_compression_saved_bytes_total',
      'strata_throttle_waits_total',
      'strata_throttle_wait_seconds_total',
    ]) {
      assert.ok(valueOf(families, name) >= 0, name);
    }
    assert.ok(valueOf(families, 'process_cpu_seconds_total') > 0);
  });

  it('refuses POST /backup without the data dir’s token', async () => {
    const response = await fetch(`${url}/backup`, {
      method: 'POST',
      body: JSON.stringify({ dest: path.join(datadir, '..', 'stolen') }),
    });
    assert.equal(response.status, 401);
    assert.equal(fs.existsSync(path.join(datadir, '..', 'stolen')), false);
  });

  it('refuses a relative backup destination', async () => {
    const endpoint = await readAdminFile(datadir);
    assert.ok(endpoint);
    const response = await fetch(`${url}/backup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}` },
      body: JSON.stringify({ dest: 'relative/copy' }),
    });
    assert.equal(response.status, 400);
  });

  it('backs up the running data dir with the token of its admin file', async () => {
    const endpoint = await readAdminFile(datadir);
    assert.ok(endpoint);
    assert.equal(endpoint.url, url);
    const dest = path.join(datadir, '..', 'copy');
    const response = await fetch(`${url}/backup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}` },
      body: JSON.stringify({ dest }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { tableFiles: number; dest: string };
    assert.equal(body.dest, dest);
    assert.ok(body.tableFiles > 0);
    assert.ok(fs.existsSync(path.join(dest, 'CURRENT')));
  });

  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    assert.equal((await fetch(`${url}/nothing`)).status, 404);
    const wrong = await fetch(`${url}/metrics`, { method: 'POST' });
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get('allow'), 'GET');
  });
});
