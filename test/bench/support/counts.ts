// The arithmetic every report must satisfy: attempts are successes plus errors, the operation
// types add up to the total, errors by kind add up to the errors, and the timeline covers every
// operation of the run.

import assert from 'node:assert/strict';

import type { Figures, RunReport } from '../../../bench/report/types.js';

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function checkFigures(f: Figures, where: string): void {
  assert.equal(f.attempts, f.successes + f.errors, `${where}: attempts = successes + errors`);
  assert.equal(sum(Object.values(f.errorsByKind)), f.errors, `${where}: errors by kind add up`);
  if (f.attempts > 0) {
    assert.equal(f.successRate, f.successes / f.attempts, `${where}: success rate`);
  }
}

/** `timeline: false` for runs whose timeline is rounded from rates (the sysbench binary's). */
export function assertCountsAddUp(run: RunReport, options: { timeline?: boolean } = {}): void {
  const where = `${run.phase} @${run.target}`;
  checkFigures(run.total, where);
  const operations = Object.values(run.operations);
  operations.forEach((f) => checkFigures(f, where));
  if (operations.length > 0) {
    assert.equal(
      sum(operations.map((f) => f.successes)),
      run.total.successes,
      `${where}: operation successes add up`,
    );
    assert.equal(
      sum(operations.map((f) => f.errors)),
      run.total.errors,
      `${where}: operation errors add up`,
    );
    assert.equal(
      sum(operations.map((f) => f.bytes)),
      run.total.bytes,
      `${where}: operation bytes add up`,
    );
  }
  if (options.timeline !== false && run.timeline.length > 0) {
    assert.equal(
      sum(run.timeline.map((p) => p.successes)),
      run.total.successes,
      `${where}: timeline successes add up`,
    );
    assert.equal(
      sum(run.timeline.map((p) => p.errors)),
      run.total.errors,
      `${where}: timeline errors add up`,
    );
  }
  if (run.total.successes > 0 && run.total.latencyMs !== null) {
    const l = run.total.latencyMs;
    assert.ok(l.p50 <= l.p95 && l.p95 <= l.p99 && l.p99 <= l.max, `${where}: percentiles in order`);
  }
}
