// sysbench's OLTP workloads against a StrataDB server running in this process: through mysql2
// and through the sysbench binary, with the report's counts adding up.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { RunningStack } from '../../src/cli/serve.js';
import { OLTP_WORKLOADS } from '../../bench/sql/oltp.js';
import { bench, describeRun } from './support/bench-run.js';
import { assertCountsAddUp } from './support/counts.js';
import { startSbtestServer } from './support/sbtest-server.js';

const TABLE_SIZE = 300;

/** Statements per event of each workload with sysbench's defaults (BEGIN and COMMIT included). */
const QUERIES_PER_EVENT: Record<string, number> = {
  oltp_point_select: 1,
  oltp_read_only: 16,
  oltp_write_only: 6,
  oltp_read_write: 20,
  oltp_insert: 1,
  oltp_update_index: 1,
  oltp_delete: 1,
};

describe('strata bench sql', () => {
  let stack: RunningStack;
  let url: string;

  before(async () => {
    ({ stack, url } = await startSbtestServer('sql'));
  });

  after(async () => {
    await stack.close();
  });

  it('prepares, runs every OLTP workload through mysql2 and cleans up', async () => {
    const run = await bench([
      'sql',
      '--target',
      url,
      '--workloads',
      OLTP_WORKLOADS.join(','),
      '--tables',
      '2',
      '--table_size',
      String(TABLE_SIZE),
      '--threads',
      '2',
      '--seconds',
      '0.4',
      '--interval',
      '0.2',
      '--seed',
      '5',
    ]);
    assert.equal(run.code, 0, describeRun(run));
    const phases = run.report!.runs.map((r) => r.phase);
    assert.deepEqual(phases, ['prepare', ...OLTP_WORKLOADS.map((w) => `oltp_${w}`), 'cleanup']);
    run.report!.runs.forEach((r) => assertCountsAddUp(r));
    const prepare = run.report!.runs[0]!;
    assert.equal(prepare.total.counters.rows, 2 * TABLE_SIZE);
    assert.equal(prepare.total.errors, 0);
    for (const r of run.report!.runs.filter((x) => x.phase.startsWith('oltp_'))) {
      assert.ok(r.total.successes > 0, `${r.phase} did some work`);
      // Every event sends its statements; a failed one stops early, so queries ≥ successes × n.
      assert.ok(
        r.total.counters.queries! >= r.total.successes * QUERIES_PER_EVENT[r.phase]!,
        r.phase,
      );
    }
  });

  it('runs a workload through the sysbench binary and reads its histogram', async () => {
    const run = await bench([
      'sql',
      '--target',
      url,
      '--driver',
      'sysbench',
      '--workloads',
      'point_select',
      '--tables',
      '1',
      '--table_size',
      String(TABLE_SIZE),
      '--threads',
      '2',
      '--seconds',
      '1',
    ]);
    assert.equal(run.code, 0, describeRun(run));
    const point = run.report!.runs.find((r) => r.phase === 'oltp_point_select')!;
    assertCountsAddUp(point, { timeline: false });
    assert.ok(point.total.successes > 0);
    assert.equal(point.total.counters.queries, point.total.successes);
    assert.ok(point.total.latencyMs!.p99 > 0);
    assert.match(run.report!.versions.sysbench ?? '', /^1\.\d/);
  });

  it('runs the same workload against a second server with --vs and reports the ratios', async () => {
    const run = await bench([
      'sql',
      '--target',
      url,
      '--vs',
      url.replace('/sbtest', '/sbtest_vs'),
      '--label',
      'first',
      '--vs_label',
      'second',
      '--workloads',
      'point_select',
      '--tables',
      '1',
      '--table_size',
      '100',
      '--threads',
      '1',
      '--seconds',
      '0.3',
    ]);
    assert.equal(run.code, 0, describeRun(run));
    assert.deepEqual(
      run.report!.runs.map((r) => `${r.phase}@${r.target}`),
      [
        'prepare@first',
        'prepare@second',
        'oltp_point_select@first',
        'oltp_point_select@second',
        'cleanup@first',
        'cleanup@second',
      ],
    );
    const ratio = run.report!.comparisons.find(
      (c) => c.phase === 'oltp_point_select' && c.metric === 'opsPerSec',
    )!;
    assert.ok(ratio.ratio !== null && Math.abs(ratio.ratio - ratio.primary / ratio.other) < 1e-9);
  });

  it('counts the refused connections of an unreachable endpoint', async () => {
    const run = await bench([
      'sql',
      '--target',
      'mysql://root@127.0.0.1:1/sbtest',
      '--workloads',
      'point_select',
      '--seconds',
      '0.2',
    ]);
    assert.equal(run.code, 1);
    for (const r of run.report!.runs) {
      assert.equal(r.total.errorsByKind.ECONNREFUSED, 1, r.phase);
      assert.match(r.failure ?? '', /connect/);
    }
  });
});
