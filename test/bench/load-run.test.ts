// The MetaStore-style load tests on the transaction store in process, scaled down: each scenario
// runs and its counts add up.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bench, describeRun } from './support/bench-run.js';
import { assertCountsAddUp } from './support/counts.js';

const LARGE_CLIENTS = 5;
const LARGE_OPS = 40;
const TXNS = 60;

describe('strata bench load', () => {
  it('runs large-scale, sustained, mixed and txn on the transaction store', async () => {
    const run = await bench([
      'load',
      '--large_clients',
      String(LARGE_CLIENTS),
      '--large_ops',
      String(LARGE_OPS),
      '--sustained_clients',
      '4',
      '--sustained_seconds',
      '0.6',
      '--mixed_clients',
      '4',
      '--mixed_seconds',
      '0.6',
      '--txn_clients',
      '3',
      '--txns',
      String(TXNS),
      '--keyspace',
      '500',
      '--sync',
      '0',
      '--interval',
      '0.2',
    ]);
    assert.equal(run.code, 0, describeRun(run));
    const runs = Object.fromEntries(run.report!.runs.map((r) => [r.phase, r]));
    assert.deepEqual(Object.keys(runs), ['large-scale', 'sustained', 'mixed', 'txn']);
    Object.values(runs).forEach((r) => assertCountsAddUp(r));
    assert.equal(runs['large-scale']!.total.successes, LARGE_CLIENTS * LARGE_OPS);
    assert.equal(runs['txn']!.total.attempts, TXNS);
    assert.deepEqual(Object.keys(runs['mixed']!.operations).sort(), [
      'delete',
      'get',
      'put',
      'range',
    ]);
    assert.ok(runs['sustained']!.total.successes > 0);
    assert.equal(runs['mixed']!.total.errors, 0);
  });

  it('refuses a mix that does not add up to 100', async () => {
    const run = await bench(['load', '--mix', 'put:50,get:40']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--mix: the shares add up to 90, not 100/);
  });
});
