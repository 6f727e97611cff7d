// The HTML report: one self-contained page (uPlot and its stylesheet inlined from node_modules,
// the data embedded as JSON) that works offline. Tables are plain HTML, readable without
// scripts; the charts of throughput and latency percentiles over time are drawn by uPlot.

import fs from 'node:fs';

import { describeMachine } from '../common/machine.js';
import { packageFile } from '../common/paths.js';
import {
  formatCount,
  formatMetric,
  formatMs,
  formatPercent,
  formatRate,
  formatRatio,
  formatSeconds,
  metricName,
  higherIsBetter,
  BYTES_PER_MIB,
} from './format.js';
import { drawCharts } from './html-charts.js';
import type { ChartData, ChartPhase, MemoryChart } from './html-charts.js';
import { goalVerdict, memstoreTable } from './memstore.js';
import type { BenchReport, RunReport } from './types.js';

const UPLOT_SCRIPT = ['uplot', 'dist', 'uPlot.iife.min.js'] as const;
const UPLOT_STYLE = ['uplot', 'dist', 'uPlot.min.css'] as const;

const PAGE_STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1200px; padding: 0 16px; color: #1f2328; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; } h3 { font-size: 15px; }
table { border-collapse: collapse; margin: 8px 0 16px; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; }
th { background: #f6f8fa; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.good { color: #1a7f37; } .bad { color: #d1242f; }
.failed { color: #d1242f; font-weight: 600; }
.chart { margin: 8px 0 20px; }
.note { color: #656d76; }
pre { background: #f6f8fa; padding: 8px; overflow: auto; max-height: 400px; }
`;

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** JSON inside a <script> element: no sequence in it may close the element. */
function embeddedJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

function cell(text: string, numeric = false, className = ''): string {
  const classes = [numeric ? 'n' : '', className].filter(Boolean).join(' ');
  return `<td${classes ? ` class="${classes}"` : ''}>${escapeHtml(text)}</td>`;
}

function tableHtml(header: string[], rows: string[]): string {
  const head = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function runLabel(report: BenchReport, run: RunReport): string {
  const rounds = new Set(report.runs.map((r) => r.round)).size;
  return rounds > 1 ? `${run.target} #${run.round}` : run.target;
}

function resultsTable(report: BenchReport): string {
  const hasBytes = report.runs.some((run) => run.total.bytes > 0);
  const hasCounters = report.runs.some((run) => Object.keys(run.total.counters).length > 0);
  const rows = report.runs.map((run) => {
    const t = run.total;
    const l = t.latencyMs;
    const counters = Object.entries(t.counterRates)
      .map(([name, rate]) => `${name} ${formatRate(rate)}/s`)
      .join(', ');
    const failed = run.failure !== null;
    return (
      '<tr>' +
      cell(run.phase) +
      cell(runLabel(report, run) + (failed ? ' (failed)' : ''), false, failed ? 'failed' : '') +
      cell(formatRate(t.opsPerSec), true) +
      (hasBytes ? cell(formatRate(t.mbPerSec), true) : '') +
      [l?.avg, l?.p50, l?.p95, l?.p99, l?.max].map((v) => cell(formatMs(v), true)).join('') +
      cell(formatCount(t.successes), true) +
      cell(formatCount(t.errors), true, t.errors > 0 ? 'bad' : '') +
      cell(formatPercent(t.successRate), true) +
      cell(formatSeconds(t.seconds), true) +
      (hasCounters ? cell(counters) : '') +
      '</tr>'
    );
  });
  const header = ['phase', 'target', 'ops/s', ...(hasBytes ? ['MB/s'] : [])];
  header.push('avg ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'successes', 'errors');
  header.push('success rate', 'seconds', ...(hasCounters ? ['also'] : []));
  return tableHtml(header, rows);
}

function operationsTable(report: BenchReport): string {
  const rows = report.runs.flatMap((run) =>
    Object.entries(run.operations).map(
      ([type, f]) =>
        '<tr>' +
        cell(run.phase) +
        cell(runLabel(report, run)) +
        cell(type) +
        cell(formatRate(f.opsPerSec), true) +
        cell(formatRate(f.mbPerSec), true) +
        cell(formatMs(f.latencyMs?.avg), true) +
        cell(formatMs(f.latencyMs?.p50), true) +
        cell(formatMs(f.latencyMs?.p99), true) +
        cell(formatCount(f.successes), true) +
        cell(formatCount(f.errors), true, f.errors > 0 ? 'bad' : '') +
        '</tr>',
    ),
  );
  if (rows.length === 0) return '';
  return (
    '<h3>By operation</h3>' +
    tableHtml(
      [
        'phase',
        'target',
        'operation',
        'ops/s',
        'MB/s',
        'avg ms',
        'p50 ms',
        'p99 ms',
        'successes',
        'errors',
      ],
      rows,
    )
  );
}

function comparisonsSection(report: BenchReport): string {
  if (report.comparisons.length === 0) return '';
  const primary = report.targets[0]?.label ?? 'primary';
  const other = report.targets[1]?.label ?? 'other';
  const rows = report.comparisons.map((c) => {
    const favourable = c.ratio !== null && c.ratio >= 1 === higherIsBetter(c.metric);
    return (
      '<tr>' +
      cell(c.phase) +
      cell(metricName(c.metric)) +
      cell(formatMetric(c.metric, c.primary), true) +
      cell(formatMetric(c.metric, c.other), true) +
      cell(formatRatio(c.ratio), true, c.ratio === null ? '' : favourable ? 'good' : 'bad') +
      '</tr>'
    );
  });
  return (
    `<h2>Side by side: ${escapeHtml(primary)} ÷ ${escapeHtml(other)}</h2>` +
    `<p class="note">Throughput ratios above 1 and latency ratios below 1 favour ${escapeHtml(primary)}.</p>` +
    tableHtml(['phase', 'metric', primary, other, 'ratio'], rows)
  );
}

function errorsSection(report: BenchReport): string {
  const failures = report.runs
    .filter((run) => run.failure !== null)
    .map(
      (run) => `<li>${escapeHtml(`${run.phase} on ${runLabel(report, run)}: ${run.failure}`)}</li>`,
    );
  const rows = report.runs.flatMap((run) =>
    Object.entries(run.total.errorsByKind).map(
      ([kind, count]) =>
        '<tr>' +
        cell(run.phase) +
        cell(runLabel(report, run)) +
        cell(kind) +
        cell(formatCount(count), true) +
        '</tr>',
    ),
  );
  if (failures.length === 0 && rows.length === 0) return '<h2>Errors</h2><p>None.</p>';
  return (
    '<h2>Errors</h2>' +
    (failures.length > 0 ? `<ul>${failures.join('')}</ul>` : '') +
    (rows.length > 0 ? tableHtml(['phase', 'target', 'kind', 'count'], rows) : '')
  );
}

function memstoreSection(report: BenchReport): string {
  const memstore = memstoreTable(report);
  const goals = report.goals ?? [];
  if (memstore === null && goals.length === 0) return '';
  const rows = (memstore?.rows ?? []).map(
    (row) =>
      '<tr>' + row.map((text, i) => cell(text, i >= memstore!.numericFrom)).join('') + '</tr>',
  );
  const goalItems = goals.map(
    (goal) =>
      `<li><b class="${goal.met ? 'good' : 'bad'}">${goalVerdict(goal)}</b>: ` +
      `${escapeHtml(goal.goal)} (${escapeHtml(goal.evidence)})</li>`,
  );
  return (
    (memstore !== null
      ? '<h2>Memtable memory and stalls</h2>' + tableHtml(memstore.header, rows)
      : '') + (goalItems.length > 0 ? `<h2>Goal</h2><ul>${goalItems.join('')}</ul>` : '')
  );
}

function toMiB(bytes: number): number {
  return Number((bytes / BYTES_PER_MIB).toFixed(2));
}

/** The memory chart of a phase whose runs watched memtable memory, or undefined. */
function memoryChart(report: BenchReport, runs: RunReport[]): MemoryChart | undefined {
  const watched = runs.filter((run) => run.memstore !== undefined);
  if (watched.length === 0) return undefined;
  const limits = new Set(watched.map((run) => run.memstore!.limitBytes));
  const levels = watched.flatMap((run) => {
    const m = run.memstore!;
    const label = runLabel(report, run);
    const own: MemoryChart['levels'] = [];
    if (limits.size > 1) {
      own.push({ label: `${label} limit`, mib: toMiB(m.limitBytes), kind: 'limit' });
    }
    if (m.triggerBytes < m.limitBytes) {
      own.push({ label: `${label} trigger`, mib: toMiB(m.triggerBytes), kind: 'trigger' });
    }
    return own;
  });
  if (limits.size === 1) {
    levels.unshift({ label: 'limit', mib: toMiB([...limits][0]!), kind: 'limit' });
  }
  return {
    series: watched.map((run) => ({
      label: runLabel(report, run),
      t: run.memstore!.timeline.map((p) => Number(p.t.toFixed(3))),
      maxMiB: run.memstore!.timeline.map((p) => toMiB(p.maxBytes)),
    })),
    levels,
  };
}

function chartData(report: BenchReport): ChartData {
  const phases: ChartPhase[] = [];
  for (const phase of new Set(report.runs.map((run) => run.phase))) {
    const runs = report.runs.filter((run) => run.phase === phase);
    phases.push({
      elementId: `charts-${phases.length}`,
      title: phase,
      memory: memoryChart(report, runs),
      series: runs.map((run) => ({
        label: runLabel(report, run),
        t: run.timeline.map((p) => Number(p.t.toFixed(3))),
        opsPerSec: run.timeline.map((p) => p.opsPerSec),
        p50Ms: run.timeline.map((p) => p.p50Ms),
        p95Ms: run.timeline.map((p) => p.p95Ms),
        p99Ms: run.timeline.map((p) => p.p99Ms),
      })),
    });
  }
  return { phases };
}

export function renderHtml(report: BenchReport): string {
  const uplotScript = fs.readFileSync(packageFile(...UPLOT_SCRIPT), 'utf8');
  const uplotStyle = fs.readFileSync(packageFile(...UPLOT_STYLE), 'utf8');
  const data = chartData(report);
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000;
  const targets = report.targets
    .map(
      (t) =>
        `<li><b>${escapeHtml(t.label)}</b>: ${escapeHtml(t.kind)}, ${escapeHtml(t.location)}${t.version ? `, ${escapeHtml(t.version)}` : ''}</li>`,
    )
    .join('');
  const chartSections = data.phases
    .map((p) => `<h3>${escapeHtml(p.title)}</h3><div id="${p.elementId}"></div>`)
    .join('');
  const versions = Object.entries(report.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)}</title>
<style>${uplotStyle}</style>
<style>${PAGE_STYLE}</style>
</head>
<body>
<h1>${escapeHtml(report.title)}</h1>
<p>Ran ${escapeHtml(report.startedAt)} for ${formatSeconds(seconds)} s on ${escapeHtml(describeMachine(report.machine))}.<br>
Versions: ${escapeHtml(versions)}.</p>
${report.interrupted ? '<p class="failed">Interrupted: the figures cover the time before Ctrl-C.</p>' : ''}
${targets ? `<p>Targets:</p><ul>${targets}</ul>` : ''}
<h2>Results</h2>
${resultsTable(report)}
${operationsTable(report)}
${memstoreSection(report)}
${comparisonsSection(report)}
${errorsSection(report)}
<h2>Over time</h2>
${chartSections}
${report.notes.length > 0 ? `<h2>Notes</h2><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : ''}
<h2>Configuration</h2>
<details><summary>Every setting of this run</summary><pre>${escapeHtml(JSON.stringify({ argv: report.argv, config: report.config, machine: report.machine }, null, 2))}</pre></details>
<script>${uplotScript}</script>
<script type="application/json" id="chart-data">${embeddedJson(data)}</script>
<script>
(${drawCharts.toString()})(document, uPlot, JSON.parse(document.getElementById('chart-data').textContent));
</script>
</body>
</html>
`;
}
