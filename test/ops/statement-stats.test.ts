// Statement bookkeeping (src/server/statement-stats.ts): statements are typed by their first
// keyword, counted and timed into histogram buckets, and handed to the slow log past its
// threshold.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  BUCKETS_PER_TYPE,
  classifyStatement,
  LATENCY_BUCKETS_SECONDS,
  statementTypeName,
  StatementStats,
} from '../../src/server/statement-stats.js';
import type { SlowStatement, StatementOwner } from '../../src/server/statement-stats.js';
import type { StatementResult } from '../../src/sql/api.js';

const typeOf = (sql: string) => statementTypeName(classifyStatement(sql));

function owner(): StatementOwner {
  return {
    id: 7,
    user: 'app',
    host: 'localhost',
    statementType: -1,
    statementStartedMs: 0,
    statementSql: '',
  };
}

const rows = (count: number): StatementResult => ({
  kind: 'rows',
  columns: [],
  rows: Array.from({ length: count }, () => []),
  warnings: 0,
});

describe('classifyStatement', () => {
  it('types a statement by its first keyword in any case', () => {
    assert.equal(typeOf('SELECT 1'), 'select');
    assert.equal(typeOf('select 1'), 'select');
    assert.equal(typeOf('InSeRt INTO t VALUES (1)'), 'insert');
    assert.equal(typeOf('UPDATE t SET a = 1'), 'update');
    assert.equal(typeOf('DELETE FROM t'), 'delete');
    assert.equal(typeOf('REPLACE INTO t VALUES (1)'), 'replace');
    assert.equal(typeOf('START TRANSACTION'), 'begin');
    assert.equal(typeOf('BEGIN'), 'begin');
    assert.equal(typeOf('COMMIT'), 'commit');
    assert.equal(typeOf('ROLLBACK'), 'rollback');
    assert.equal(typeOf('SET autocommit = 0'), 'set');
    assert.equal(typeOf('SHOW TABLES'), 'show');
    assert.equal(typeOf('CREATE TABLE t (a INT)'), 'ddl');
    assert.equal(typeOf('DROP TABLE t'), 'ddl');
    assert.equal(typeOf('EXPLAIN SELECT 1'), 'other');
  });

  it('skips white space, comments and parentheses before the keyword', () => {
    assert.equal(
      typeOf('  \n\t/* hint */ -- line\n# another\n(SELECT 1) UNION (SELECT 2)'),
      'select',
    );
  });

  it('does not take a longer word for a keyword', () => {
    assert.equal(typeOf('SETTINGS'), 'other');
    assert.equal(typeOf('selector'), 'other');
    assert.equal(typeOf(''), 'other');
  });
});

describe('StatementStats', () => {
  it('counts statements and puts each into the first bucket at or above its duration', async () => {
    const stats = new StatementStats();
    const connection = owner();
    const select = classifyStatement('SELECT 1');
    stats.start(connection, select, 'SELECT 1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    stats.finish(connection, rows(1));
    assert.equal(stats.counts[select], 1);
    assert.ok(stats.sumSeconds[select]! >= 0.019);
    const buckets = Array.from(
      stats.bucketCounts.subarray(select * BUCKETS_PER_TYPE, (select + 1) * BUCKETS_PER_TYPE),
    );
    const bucket = buckets.indexOf(1);
    assert.ok(LATENCY_BUCKETS_SECONDS[bucket]! >= stats.sumSeconds[select]!);
    assert.ok(bucket === 0 || LATENCY_BUCKETS_SECONDS[bucket - 1]! < stats.sumSeconds[select]!);
  });

  it('counts a failed statement as a failure of its type', () => {
    const stats = new StatementStats();
    const connection = owner();
    const insert = classifyStatement('INSERT INTO t VALUES (1)');
    stats.start(connection, insert, 'INSERT INTO t VALUES (1)');
    stats.finish(connection, null);
    assert.equal(stats.counts[insert], 1);
    assert.equal(stats.failures[insert], 1);
  });

  it('ignores a finish with no statement started', () => {
    const stats = new StatementStats();
    stats.finish(owner(), null);
    assert.equal(
      stats.counts.reduce((a, b) => a + b, 0),
      0,
    );
  });

  it('hands statements at or over the threshold to the slow log, and only those', () => {
    const stats = new StatementStats();
    const slow: SlowStatement[] = [];
    stats.onSlowStatement = (statement) => slow.push(statement);
    stats.slowThresholdSeconds = 0;
    const connection = owner();
    stats.start(connection, classifyStatement('SELECT 2'), 'SELECT 2');
    stats.finish(connection, rows(3));
    stats.slowThresholdSeconds = 60;
    stats.start(connection, classifyStatement('SELECT 3'), 'SELECT 3');
    stats.finish(connection, rows(1));
    assert.equal(slow.length, 1);
    assert.equal(slow[0]!.sql, 'SELECT 2');
    assert.equal(slow[0]!.rowsSent, 3);
    assert.equal(slow[0]!.connectionId, 7);
    assert.equal(slow[0]!.user, 'app');
  });
});
