// The memtable-memory figures of a report (the throttle benchmark's runs) and its goal checks,
// as rows and lines that the Markdown and HTML renderers both lay out.

import { formatCount, formatMiB, formatMs, formatSeconds } from './format.js';
import type { BenchReport, GoalCheck, RunReport } from './types.js';

const PERCENT = 100;

export interface MemstoreTable {
  header: string[];
  rows: string[][];
  /** Columns from this index on are numbers. */
  numericFrom: number;
}

function runsWithMemstore(report: BenchReport): RunReport[] {
  return report.runs.filter((run) => run.memstore !== undefined);
}

/** One row per run that watched memtable memory; null when no run did. */
export function memstoreTable(report: BenchReport): MemstoreTable | null {
  const runs = runsWithMemstore(report);
  if (runs.length === 0) return null;
  const slowWriteMs = runs[0]!.memstore!.slowWriteMs;
  const header = [
    'phase',
    'target',
    'limit MiB',
    'trigger MiB',
    'max MiB',
    'max ÷ limit',
    `writes over ${formatMs(slowWriteMs)} ms`,
    'throttle waits',
    'longest throttle wait ms',
    'hard-limit stalls',
    'stalled s',
    'flushes',
  ];
  const rows = runs.map((run) => {
    const m = run.memstore!;
    return [
      run.phase,
      run.target,
      formatMiB(m.limitBytes),
      formatMiB(m.triggerBytes),
      formatMiB(m.maxBytes),
      `${((m.maxBytes / m.limitBytes) * PERCENT).toFixed(1)}%`,
      formatCount(m.slowWrites),
      formatCount(m.throttleWaits),
      formatMs(m.throttleMaxWaitMs),
      formatCount(m.limitStalls),
      formatSeconds(m.stallSeconds),
      formatCount(m.flushes),
    ];
  });
  return { header, rows, numericFrom: 2 };
}

export function goalVerdict(goal: GoalCheck): string {
  return goal.met ? 'met' : 'not met';
}
