// The slow query log: MySQL's entry format, and the settings that turn it on, set its threshold
// and move its file at run time.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { Settings } from '../../src/config/index.js';
import { createServerLog } from '../../src/ops/logging/server-log.js';
import { formatSlowEntry } from '../../src/ops/slow-log/slow-log-format.js';
import { SlowQueryLog } from '../../src/ops/slow-log/slow-query-log.js';
import { classifyStatement, StatementStats } from '../../src/server/statement-stats.js';
import type { StatementOwner } from '../../src/server/statement-stats.js';
import { makeTempDir } from '../support/temp-dir.js';

const STARTED_MS = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const silent = createServerLog({ format: 'text', level: 'error', output: { write: () => true } });

function connection(): StatementOwner {
  return {
    id: 8,
    user: 'root',
    host: 'localhost',
    statementType: -1,
    statementStartedMs: 0,
    statementSql: '',
  };
}

function runStatement(stats: StatementStats, sql: string): void {
  const owner = connection();
  stats.start(owner, classifyStatement(sql), sql);
  stats.finish(owner, { kind: 'ok', affectedRows: 2, lastInsertId: 0n, warnings: 0, info: '' });
}

async function settle(log: SlowQueryLog): Promise<void> {
  await log.close();
}

describe('slow query log', () => {
  it('writes an entry in MySQL’s format', () => {
    const entry = formatSlowEntry({
      startedAtMs: STARTED_MS,
      queryTimeSeconds: 1.5,
      connectionId: 8,
      user: 'root',
      host: 'localhost',
      sql: 'SELECT SLEEP(1.5)',
      type: 'select',
      failed: false,
      rowsSent: 1,
      rowsExamined: 1,
    });
    assert.equal(
      entry,
      '# Time: 2026-01-02T03:04:05.678000Z\n' +
        '# User@Host: root[root] @ localhost []  Id:     8\n' +
        '# Query_time: 1.500000  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 1\n' +
        'SET timestamp=1767323045;\n' +
        'SELECT SLEEP(1.5);\n',
    );
  });

  it('logs statements over long_query_time once slow_query_log is on, to slow_query_log_file', async () => {
    const file = path.join(makeTempDir('strata-slow-'), 'slow.log');
    const settings = new Settings();
    settings.setInitial('slow_query_log_file', file);
    const stats = new StatementStats();
    const log = new SlowQueryLog(settings, { version: '0.1.0', port: 3306 }, silent);
    log.attach(stats);
    runStatement(stats, 'UPDATE t SET a = 1 -- off');
    settings.setGlobal('slow_query_log', 'ON');
    settings.setGlobal('long_query_time', 0);
    runStatement(stats, 'UPDATE t SET a = 2');
    settings.setGlobal('long_query_time', 3600);
    runStatement(stats, 'UPDATE t SET a = 3 -- fast');
    await settle(log);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^strata, Version: 0\.1\.0/);
    assert.match(
      text,
      /Rows_sent: 0 {2}Rows_examined: 2\nSET timestamp=\d+;\nUPDATE t SET a = 2;\n/,
    );
    assert.doesNotMatch(text, /-- off|-- fast/);
  });

  it('moves to a new file when slow_query_log_file changes', async () => {
    const dir = makeTempDir('strata-slow-');
    const settings = new Settings();
    settings.setInitial('slow_query_log', 'ON');
    settings.setInitial('long_query_time', '0');
    settings.setInitial('slow_query_log_file', path.join(dir, 'first.log'));
    const stats = new StatementStats();
    const log = new SlowQueryLog(settings, { version: '0.1.0', port: 3306 }, silent);
    log.attach(stats);
    runStatement(stats, 'SELECT 1');
    settings.setGlobal('slow_query_log_file', path.join(dir, 'second.log'));
    runStatement(stats, 'SELECT 2');
    await settle(log);
    assert.match(fs.readFileSync(path.join(dir, 'first.log'), 'utf8'), /SELECT 1;/);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, 'first.log'), 'utf8'), /SELECT 2;/);
    assert.match(fs.readFileSync(path.join(dir, 'second.log'), 'utf8'), /SELECT 2;/);
  });
});
