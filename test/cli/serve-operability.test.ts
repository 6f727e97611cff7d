// strata serve for operators: the status endpoint, backing up a running server and reopening the
// copy, the slow query log under SET GLOBAL, JSON logs, and bad input that fails in one line
// without touching the data dir.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import type { RowDataPacket } from 'mysql2/promise';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

import { makeTempDir } from '../support/temp-dir.js';
import { serve, strata } from './cli-harness.js';
import type { Serving } from './cli-harness.js';

const ROWS_BEFORE = 200;
const ROWS_AFTER = 50;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function connect(server: Serving) {
  return mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root' });
}

async function orders(server: Serving): Promise<RowDataPacket[]> {
  const client = await connect(server);
  try {
    const [rows] = await client.query<RowDataPacket[]>('SELECT * FROM shop.orders ORDER BY id');
    return rows;
  } finally {
    await client.end();
  }
}

describe('strata serve: status endpoint and backup of a running server', () => {
  it('backs up a running server, whose copy reopens with the same rows, row by row', async () => {
    const root = makeTempDir('strata-serve-ops-');
    const datadir = path.join(root, 'data');
    const dest = path.join(root, 'backup');
    const statusPort = await freePort();
    const server = await serve([`--datadir=${datadir}`, '--port=0', `--status-port=${statusPort}`]);
    let atBackup: RowDataPacket[];
    try {
      const client = await connect(server);
      await client.query('CREATE DATABASE shop');
      await client.query(
        'CREATE TABLE shop.orders (id INT PRIMARY KEY, customer VARCHAR(40), total DECIMAL(10,2), note TEXT)',
      );
      for (let i = 0; i < ROWS_BEFORE; i++) {
        await client.execute('INSERT INTO shop.orders VALUES (?, ?, ?, ?)', [
          i,
          `customer-${i % 17}`,
          (i * 3.25).toFixed(2),
          'x'.repeat(i % 300),
        ]);
      }
      await client.query('UPDATE shop.orders SET total = total + 1 WHERE id % 7 = 0');
      await client.query('DELETE FROM shop.orders WHERE id % 11 = 0');
      atBackup = await orders(server);

      const backup = await strata(['backup', datadir, dest]);
      assert.equal(backup.code, 0, backup.stderr);
      assert.match(backup.stdout, /through the running server/);

      for (let i = ROWS_BEFORE; i < ROWS_BEFORE + ROWS_AFTER; i++) {
        await client.query(`INSERT INTO shop.orders VALUES (${i}, 'later', 1.00, NULL)`);
      }
      await client.end();
      assert.equal((await orders(server)).length, atBackup.length + ROWS_AFTER);
    } finally {
      assert.equal((await server.stop()).code, 0);
    }
    assert.equal(fs.existsSync(path.join(datadir, 'strata-admin.json')), false);

    const check = await strata(['check', dest]);
    assert.equal(check.code, 0, check.stdout);
    const restored = await serve([`--datadir=${dest}`, '--port=0']);
    try {
      const rows = await orders(restored);
      assert.equal(rows.length, atBackup.length);
      for (let i = 0; i < rows.length; i++) assert.deepEqual(rows[i], atBackup[i], `row ${i}`);
    } finally {
      await restored.stop();
    }
  });

  it('serves /metrics and /health on --status-port while it runs', async () => {
    const datadir = path.join(makeTempDir('strata-serve-ops-'), 'data');
    const statusPort = await freePort();
    const server = await serve([`--datadir=${datadir}`, '--port=0', `--status-port=${statusPort}`]);
    try {
      const client = await connect(server);
      await client.query('SELECT 1');
      await client.end();
      const health = await fetch(`http://127.0.0.1:${statusPort}/health`);
      assert.equal(health.status, 200);
      const families = parsePrometheusTextFormat(
        await (await fetch(`http://127.0.0.1:${statusPort}/metrics`)).text(),
      );
      const statements = families.find((f) => f.name === 'strata_statements_total');
      assert.equal(statements?.type, 'COUNTER');
      assert.ok(families.some((f) => f.name === 'strata_memtable_bytes'));
      assert.match(server.output(), /status endpoint listening url="http:\/\/127\.0\.0\.1:\d+"/);
    } finally {
      await server.stop();
    }
  });

  it('refuses to back up a running server that has no status endpoint, in one line', async () => {
    const root = makeTempDir('strata-serve-ops-');
    const datadir = path.join(root, 'data');
    const server = await serve([`--datadir=${datadir}`, '--port=0']);
    try {
      const result = await strata(['backup', datadir, path.join(root, 'copy')]);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /^strata backup: .* in use by a running server without a status endpoint/,
      );
      assert.equal(result.stderr.split('\n').length, 2);
      assert.equal(fs.existsSync(path.join(root, 'copy')), false);
    } finally {
      await server.stop();
    }
  });

  it('refuses to check the data dir of a running server', async () => {
    const datadir = path.join(makeTempDir('strata-serve-ops-'), 'data');
    const server = await serve([`--datadir=${datadir}`, '--port=0']);
    try {
      const result = await strata(['check', datadir]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^strata check: .* is in use by a running server/);
    } finally {
      await server.stop();
    }
  });
});

describe('strata serve: logs', () => {
  it('writes slow statements to the slow query log once SET GLOBAL turns it on', async () => {
    const root = makeTempDir('strata-serve-ops-');
    const slowLog = path.join(root, 'slow.log');
    const server = await serve([
      `--datadir=${path.join(root, 'data')}`,
      '--port=0',
      `--slow-query-log-file=${slowLog}`,
    ]);
    try {
      const client = await connect(server);
      await client.query('SELECT 1 AS not_logged');
      await client.query('SET GLOBAL long_query_time = 0');
      await client.query('SET GLOBAL slow_query_log = ON');
      await client.query('SELECT 2 AS logged');
      const [variables] = await client.query<RowDataPacket[]>(
        "SHOW GLOBAL VARIABLES LIKE 'long_query_time'",
      );
      assert.equal(Number(variables[0]!.Value), 0);
      await client.end();
    } finally {
      await server.stop();
    }
    const text = fs.readFileSync(slowLog, 'utf8');
    assert.match(
      text,
      /# User@Host: root\[root\] @ localhost \[\] {2}Id: +\d+\n# Query_time: \d+\.\d{6} {2}Lock_time: 0\.000000 Rows_sent: 1 {2}Rows_examined: 1\nSET timestamp=\d+;\nSELECT 2 AS logged;\n/,
    );
    assert.doesNotMatch(text, /not_logged/);
  });

  it('writes one JSON object per line with --log-format=json', async () => {
    const server = await serve([
      `--datadir=${path.join(makeTempDir('strata-serve-ops-'), 'data')}`,
      '--port=0',
      '--log-format=json',
    ]);
    const finished = await server.stop();
    const lines = finished.stderr.trim().split('\n');
    for (const line of lines) {
      const record = JSON.parse(line) as { level: string; msg: string; time: string };
      assert.ok(['info', 'warn', 'error'].includes(record.level));
      assert.equal(typeof record.msg, 'string');
    }
    assert.ok(
      lines.some((line) => (JSON.parse(line) as { msg: string }).msg === 'shutdown complete'),
    );
  });
});

describe('strata serve: bad input leaves the data dir alone', () => {
  it('names a status port in use in one line, exits with status 1, creates no data dir', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const datadir = path.join(makeTempDir('strata-serve-ops-'), 'data');
    const result = await strata([
      'serve',
      '--port=0',
      `--status-port=${port}`,
      `--datadir=${datadir}`,
    ]);
    blocker.close();
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `strata serve: status port ${port} is already in use on 127.0.0.1\n`,
    );
    assert.equal(fs.existsSync(datadir), false);
  });

  it('names an unreadable TLS file before creating the data dir', async () => {
    const datadir = path.join(makeTempDir('strata-serve-ops-'), 'data');
    const result = await strata([
      'serve',
      '--port=0',
      `--datadir=${datadir}`,
      '--ssl-cert=/nonexistent/cert.pem',
      '--ssl-key=/nonexistent/key.pem',
    ]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "strata serve: cannot read ssl_cert '/nonexistent/cert.pem' (ENOENT)\n",
    );
    assert.equal(fs.existsSync(datadir), false);
  });

  it('names an out-of-range log level and its allowed values', async () => {
    const result = await strata(['serve', '--log-level=loud']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "strata serve: --log-level: invalid value 'loud' for setting 'log_level': expected one of error, warn, info, debug\n",
    );
  });

  it('suggests the flag a typo meant', async () => {
    const result = await strata(['serve', '--slow-query-logg']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "strata serve: unknown option '--slow-query-logg' (did you mean '--slow-query-log'?)\n",
    );
  });
});
