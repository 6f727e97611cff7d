// The headline table: for every phase that ran on both servers, its figure of merit on each and
// the ratio (StrataDB ÷ MariaDB), with the p99 latencies beside it.

import { describeMachine } from '../common/machine.js';
import { formatMs, formatRate, formatRatio } from '../report/format.js';
import type { BenchReport, RunReport } from '../report/types.js';

export interface HeadlineRow {
  benchmark: string;
  phase: string;
  metric: string;
  primary: number;
  other: number;
  ratio: number | null;
  primaryP99Ms: number | null;
  otherP99Ms: number | null;
}

/** The figure a phase is judged by: sysbench's QPS for point selects, rows/s for a load, else ops/s. */
function figureOf(run: RunReport): { metric: string; value: number } {
  const queries = run.total.counterRates.queries;
  const rows = run.total.counterRates.rows;
  if (run.phase === 'oltp_point_select' && queries !== undefined) {
    return { metric: 'QPS', value: queries };
  }
  if (rows !== undefined) return { metric: 'rows/s', value: rows };
  if (run.phase.startsWith('oltp_')) return { metric: 'TPS', value: run.total.opsPerSec };
  return { metric: 'ops/s', value: run.total.opsPerSec };
}

const SKIPPED_PHASES = new Set(['cleanup']);

export function headlineRows(benchmark: string, report: BenchReport): HeadlineRow[] {
  const [primary, other] = report.targets;
  if (primary === undefined || other === undefined) return [];
  const rows: HeadlineRow[] = [];
  for (const phase of new Set(report.runs.map((run) => run.phase))) {
    if (SKIPPED_PHASES.has(phase)) continue;
    const mine = report.runs.find((run) => run.phase === phase && run.target === primary.label);
    const theirs = report.runs.find((run) => run.phase === phase && run.target === other.label);
    if (mine === undefined || theirs === undefined) continue;
    const a = figureOf(mine);
    const b = figureOf(theirs);
    rows.push({
      benchmark,
      phase,
      metric: a.metric,
      primary: a.value,
      other: b.value,
      ratio: b.value > 0 ? a.value / b.value : null,
      primaryP99Ms: mine.total.latencyMs?.p99 ?? null,
      otherP99Ms: theirs.total.latencyMs?.p99 ?? null,
    });
  }
  return rows;
}

export function renderHeadline(
  rows: HeadlineRow[],
  reports: BenchReport[],
  command: string,
): string {
  const first = reports[0];
  const lines = ['# StrataDB headline figures', ''];
  if (first !== undefined) {
    lines.push(
      `Measured ${first.startedAt} on ${describeMachine(first.machine)}, StrataDB ${first.versions.stratadb ?? '?'}.`,
    );
    const targets = first.targets
      .map((t) => `${t.label}: ${t.version ?? 'unknown version'}`)
      .join('; ');
    lines.push(`Servers: ${targets}.`);
  }
  lines.push(`Regenerate with \`${command}\`.`, '');
  lines.push(
    '| benchmark | phase | figure | StrataDB | MariaDB | ratio | p99 ms StrataDB | p99 ms MariaDB |',
  );
  lines.push('|---|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    lines.push(
      `| ${r.benchmark} | ${r.phase} | ${r.metric} | ${formatRate(r.primary)} | ${formatRate(r.other)} | ${formatRatio(r.ratio)} | ${formatMs(r.primaryP99Ms)} | ${formatMs(r.otherP99Ms)} |`,
    );
  }
  const errors = reports.flatMap((report) =>
    report.runs
      .filter((run) => run.total.errors > 0 || run.failure !== null)
      .map(
        (run) =>
          `${report.kind} ${run.phase} on ${run.target}: ${run.total.errors} errors${run.failure ? ` (${run.failure})` : ''}`,
      ),
  );
  lines.push('', 'Ratios are StrataDB ÷ MariaDB: above 1 means StrataDB did more per second.');
  if (errors.length > 0) lines.push('', 'Errors:', '', ...errors.map((e) => `- ${e}`));
  return lines.join('\n') + '\n';
}
