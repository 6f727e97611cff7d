// Side-by-side ratios: each phase's figures on the primary target divided by the same figures
// on the --vs target. Over several rounds, throughput is total successes over total seconds and
// a latency percentile is the mean of the rounds' percentiles.

import type { Comparison, RunReport } from './types.js';

interface Aggregate {
  opsPerSec: number;
  mbPerSec: number;
  p50Ms: number | null;
  p99Ms: number | null;
  counterRates: Map<string, number>;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function aggregate(runs: RunReport[]): Aggregate {
  const seconds = runs.reduce((sum, run) => sum + run.total.seconds, 0);
  const successes = runs.reduce((sum, run) => sum + run.total.successes, 0);
  const bytes = runs.reduce((sum, run) => sum + run.total.bytes, 0);
  const latencies = runs.flatMap((run) =>
    run.total.latencyMs === null ? [] : [run.total.latencyMs],
  );
  const counters = new Map<string, number>();
  for (const run of runs) {
    for (const [name, value] of Object.entries(run.total.counters)) {
      counters.set(name, (counters.get(name) ?? 0) + value);
    }
  }
  return {
    opsPerSec: seconds > 0 ? successes / seconds : 0,
    mbPerSec: seconds > 0 ? bytes / 1e6 / seconds : 0,
    p50Ms: mean(latencies.map((l) => l.p50)),
    p99Ms: mean(latencies.map((l) => l.p99)),
    counterRates: new Map(
      [...counters].map(([name, value]) => [name, seconds > 0 ? value / seconds : 0]),
    ),
  };
}

function ratio(primary: number, other: number): number | null {
  return other > 0 ? primary / other : null;
}

export function compareTargets(runs: RunReport[], primary: string, other: string): Comparison[] {
  const phases = [...new Set(runs.map((run) => run.phase))];
  const comparisons: Comparison[] = [];
  for (const phase of phases) {
    const mine = runs.filter((run) => run.phase === phase && run.target === primary);
    const theirs = runs.filter((run) => run.phase === phase && run.target === other);
    if (mine.length === 0 || theirs.length === 0) continue;
    const a = aggregate(mine);
    const b = aggregate(theirs);
    comparisons.push({
      phase,
      metric: 'opsPerSec',
      primary: a.opsPerSec,
      other: b.opsPerSec,
      ratio: ratio(a.opsPerSec, b.opsPerSec),
    });
    for (const [name, rate] of a.counterRates) {
      const theirs = b.counterRates.get(name);
      if (theirs !== undefined) {
        comparisons.push({
          phase,
          metric: `${name}PerSec`,
          primary: rate,
          other: theirs,
          ratio: ratio(rate, theirs),
        });
      }
    }
    if (a.mbPerSec > 0 || b.mbPerSec > 0) {
      comparisons.push({
        phase,
        metric: 'mbPerSec',
        primary: a.mbPerSec,
        other: b.mbPerSec,
        ratio: ratio(a.mbPerSec, b.mbPerSec),
      });
    }
    for (const metric of ['p50Ms', 'p99Ms'] as const) {
      const x = a[metric];
      const y = b[metric];
      if (x !== null && y !== null) {
        comparisons.push({ phase, metric, primary: x, other: y, ratio: ratio(x, y) });
      }
    }
  }
  return comparisons;
}
