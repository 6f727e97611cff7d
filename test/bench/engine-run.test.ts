// `strata bench engine` runs the engine benchmark as a child and carries its figures over.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bench, describeRun } from './support/bench-run.js';
import { assertCountsAddUp } from './support/counts.js';

const NUM = 2000;

describe('strata bench engine', () => {
  it('reports every figure of the engine benchmark', async () => {
    const run = await bench([
      'engine',
      '--benchmarks=fillrandom,readrandom',
      `--num=${NUM}`,
      '--mode=both',
    ]);
    assert.equal(run.code, 0, describeRun(run));
    assert.match(
      run.stdout,
      /fillrandom\s+:\s+[\d.]+ micros\/op \d+ ops\/sec/,
      'db_bench lines pass through',
    );
    const phases = run.report!.runs.map((r) => r.phase);
    assert.ok(
      phases.includes('fillrandom [native]') && phases.includes('readrandom [js]'),
      phases.join(', '),
    );
    for (const r of run.report!.runs) {
      assertCountsAddUp(r);
      assert.equal(r.total.successes, NUM);
      assert.ok(r.total.opsPerSec > 0);
    }
  });

  it('refuses --vs, which has no meaning for an in-process engine', async () => {
    const run = await bench(['engine', '--vs', 'mysql://root@127.0.0.1/x']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--vs does not apply to the engine benchmark/);
  });
});
