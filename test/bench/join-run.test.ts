// The join benchmark against a StrataDB server running in this process: it loads both tables,
// runs every workload with the rows each query returns counted, and cleans up.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { JOIN_WORKLOADS } from '../../bench/join/join-workloads.js';
import type { RunningStack } from '../../src/cli/serve.js';
import { bench, describeRun } from './support/bench-run.js';
import { assertCountsAddUp } from './support/counts.js';
import { startSbtestServer } from './support/sbtest-server.js';

const TABLE_SIZE = 400;

describe('strata bench join', () => {
  let stack: RunningStack;
  let url: string;

  before(async () => {
    ({ stack, url } = await startSbtestServer('join'));
  });

  after(async () => {
    await stack.close();
  });

  it('loads both tables, runs every workload and cleans up, with counts that add up', async () => {
    const run = await bench([
      'join',
      '--target',
      url,
      '--table_size',
      String(TABLE_SIZE),
      '--threads',
      '2',
      '--seconds',
      '0.4',
      '--interval',
      '0.2',
      '--seed',
      '7',
    ]);
    assert.equal(run.code, 0, describeRun(run));
    const runs = run.report!.runs;
    assert.deepEqual(
      runs.map((r) => r.phase),
      ['prepare', ...JOIN_WORKLOADS, 'cleanup'],
    );
    runs.forEach((r) => assertCountsAddUp(r));
    assert.equal(runs[0]!.total.counters.rows, 2 * TABLE_SIZE, 'both tables loaded');
    for (const r of runs.filter((x) => (JOIN_WORKLOADS as readonly string[]).includes(x.phase))) {
      assert.ok(r.total.successes > 0, `${r.phase} did some work`);
      assert.equal(r.total.errors, 0, `${r.phase}: ${JSON.stringify(r.total.errorsByKind)}`);
      assert.ok(r.total.counters.rows! > 0, `${r.phase} returned rows`);
    }
    // group_by reads the whole (unchanging) table into at most 100 buckets: every query returns
    // the same number of them.
    const group = runs.find((r) => r.phase === 'group_by')!;
    const buckets = group.total.counters.rows! / group.total.successes;
    assert.ok(Number.isInteger(buckets) && buckets > 90 && buckets <= 100, String(buckets));
  });
});
