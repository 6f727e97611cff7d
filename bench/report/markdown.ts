// The Markdown summary of a report: settings, one row per run, side-by-side ratios and errors
// by kind. Also what the command prints on stdout when it ends.

import { describeMachine } from '../common/machine.js';
import {
  formatCount,
  formatMetric,
  formatMs,
  formatPercent,
  formatRate,
  formatRatio,
  formatSeconds,
  metricName,
} from './format.js';
import { goalVerdict, memstoreTable } from './memstore.js';
import type { BenchReport, RunReport } from './types.js';

function row(cells: string[]): string {
  return `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
}

function table(header: string[], rows: string[][], numericFrom: number): string[] {
  const align = header.map((_, i) => (i >= numericFrom ? '---:' : '---'));
  return [row(header), `|${align.join('|')}|`, ...rows.map(row)];
}

function counterText(run: RunReport): string {
  return Object.entries(run.total.counterRates)
    .map(([name, rate]) => `${name} ${formatRate(rate)}/s`)
    .join(', ');
}

function runLabel(report: BenchReport, run: RunReport): string {
  const rounds = new Set(report.runs.map((r) => r.round)).size;
  return rounds > 1 ? `${run.target} #${run.round}` : run.target;
}

export function renderMarkdown(report: BenchReport): string {
  const lines: string[] = [`# ${report.title}`, ''];
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  lines.push(
    `Ran ${report.startedAt} for ${formatSeconds(seconds)} s on ${describeMachine(report.machine)}.`,
  );
  lines.push(
    `Versions: ${Object.entries(report.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
  );
  if (report.interrupted) {
    lines.push('', '**Interrupted**: the figures cover the time before Ctrl-C.');
  }
  if (report.targets.length > 0) {
    lines.push('', 'Targets:', '');
    for (const target of report.targets) {
      lines.push(
        `- **${target.label}**: ${target.kind}, ${target.location}${target.version ? `, ${target.version}` : ''}`,
      );
    }
  }

  lines.push('', '## Results', '');
  const hasCounters = report.runs.some((run) => Object.keys(run.total.counters).length > 0);
  const hasBytes = report.runs.some((run) => run.total.bytes > 0);
  const header = [
    'phase',
    'target',
    'ops/s',
    ...(hasBytes ? ['MB/s'] : []),
    'avg ms',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'successes',
    'errors',
    'success rate',
    'seconds',
    ...(hasCounters ? ['also'] : []),
  ];
  const rows = report.runs.map((run) => {
    const t = run.total;
    const l = t.latencyMs;
    return [
      run.phase,
      runLabel(report, run) + (run.failure ? ' (failed)' : ''),
      formatRate(t.opsPerSec),
      ...(hasBytes ? [formatRate(t.mbPerSec)] : []),
      formatMs(l?.avg),
      formatMs(l?.p50),
      formatMs(l?.p95),
      formatMs(l?.p99),
      formatMs(l?.max),
      formatCount(t.successes),
      formatCount(t.errors),
      formatPercent(t.successRate),
      formatSeconds(t.seconds),
      ...(hasCounters ? [counterText(run)] : []),
    ];
  });
  lines.push(...table(header, rows, 2));

  const byOperation = report.runs.filter((run) => Object.keys(run.operations).length > 1);
  if (byOperation.length > 0) {
    lines.push('', '### By operation', '');
    const opRows = byOperation.flatMap((run) =>
      Object.entries(run.operations).map(([type, f]) => [
        run.phase,
        runLabel(report, run),
        type,
        formatRate(f.opsPerSec),
        formatMs(f.latencyMs?.avg),
        formatMs(f.latencyMs?.p99),
        formatCount(f.successes),
        formatCount(f.errors),
      ]),
    );
    lines.push(
      ...table(
        ['phase', 'target', 'operation', 'ops/s', 'avg ms', 'p99 ms', 'successes', 'errors'],
        opRows,
        3,
      ),
    );
  }

  const memstore = memstoreTable(report);
  if (memstore !== null) {
    lines.push('', '## Memtable memory and stalls', '');
    lines.push(...table(memstore.header, memstore.rows, memstore.numericFrom));
  }
  if (report.goals !== undefined && report.goals.length > 0) {
    lines.push('', '## Goal', '');
    for (const goal of report.goals) {
      lines.push(`- **${goalVerdict(goal)}**: ${goal.goal} (${goal.evidence})`);
    }
  }

  if (report.comparisons.length > 0) {
    const [primary, other] = [
      report.targets[0]?.label ?? 'primary',
      report.targets[1]?.label ?? 'other',
    ];
    lines.push('', `## Side by side: ${primary} ÷ ${other}`, '');
    lines.push('Throughput ratios above 1 and latency ratios below 1 favour ' + primary + '.', '');
    const compareRows = report.comparisons.map((c) => [
      c.phase,
      metricName(c.metric),
      formatMetric(c.metric, c.primary),
      formatMetric(c.metric, c.other),
      formatRatio(c.ratio),
    ]);
    lines.push(...table(['phase', 'metric', primary, other, 'ratio'], compareRows, 2));
  }

  const failures = report.runs.filter((run) => run.failure !== null);
  const errorRows = report.runs.flatMap((run) =>
    Object.entries(run.total.errorsByKind).map(([kind, count]) => [
      run.phase,
      runLabel(report, run),
      kind,
      formatCount(count),
    ]),
  );
  if (errorRows.length > 0 || failures.length > 0) {
    lines.push('', '## Errors', '');
    for (const run of failures) {
      lines.push(`- ${run.phase} on ${runLabel(report, run)}: ${run.failure}`);
    }
    if (failures.length > 0) lines.push('');
    if (errorRows.length > 0) {
      lines.push(...table(['phase', 'target', 'kind', 'count'], errorRows, 3));
    }
  }

  if (report.notes.length > 0) {
    lines.push('', '## Notes', '', ...report.notes.map((note) => `- ${note}`));
  }
  return lines.join('\n') + '\n';
}
