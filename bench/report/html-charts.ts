// The script of the HTML report: draws each phase's throughput and latency-percentile charts with
// uPlot. drawCharts runs in the browser, embedded through Function.prototype.toString, so it
// must stay self-contained: no imports, no references to anything outside its own body.

/** One run's timeline, as the page embeds it. */
export interface ChartSeries {
  label: string;
  t: number[];
  opsPerSec: number[];
  p50Ms: Array<number | null>;
  p95Ms: Array<number | null>;
  p99Ms: Array<number | null>;
}

/** Memtable memory over time (the throttle benchmark): a line per run and the levels that bound it. */
export interface MemoryChart {
  /** The most memory each run held in each interval, in MiB. */
  series: Array<{ label: string; t: number[]; maxMiB: number[] }>;
  /** Horizontal lines across the chart: the limit, the trigger of a throttled run. */
  levels: Array<{ label: string; mib: number; kind: 'limit' | 'trigger' }>;
}

export interface ChartPhase {
  /** Id of the element the phase's charts go into. */
  elementId: string;
  title: string;
  series: ChartSeries[];
  memory?: MemoryChart;
}

export interface ChartData {
  phases: ChartPhase[];
}

/** The little of the DOM that drawCharts touches (the project compiles without the DOM lib). */
export interface ChartElement {
  appendChild(child: ChartElement): unknown;
  className: string;
  textContent: string | null;
  readonly clientWidth: number;
}

export interface ChartDocument {
  getElementById(id: string): ChartElement | null;
  createElement(tag: string): ChartElement;
}

export type ChartConstructor = new (
  options: unknown,
  data: unknown,
  target: ChartElement,
) => unknown;

export function drawCharts(doc: ChartDocument, Chart: ChartConstructor, data: ChartData): void {
  const palette = ['#1f6feb', '#d1242f', '#1a7f37', '#8250df', '#bf8700', '#0a7d8c'];
  const dashes: Record<string, number[]> = { p50: [], p95: [6, 4], p99: [2, 3] };
  const minWidthPx = 420;
  const fallbackWidthPx = 900;
  const heightPx = 260;
  const levelColour = '#57606a';
  const levelDashes: Record<string, number[]> = { limit: [8, 4], trigger: [2, 3] };
  // Space above the highest line, so that a level drawn at the top stays visible.
  const headroom = 1.08;

  // The union of the runs' sample times; each run has values at its own times only.
  function align(lines: Array<{ t: number[]; values: Array<number | null> }>) {
    const times = [...new Set(lines.flatMap((line) => line.t))].sort((a, b) => a - b);
    const columns = lines.map((line) => {
      const byTime = new Map<number, number | null>();
      line.t.forEach((t, i) => byTime.set(t, line.values[i] ?? null));
      return times.map((t) => (byTime.has(t) ? byTime.get(t)! : null));
    });
    return [times, ...columns];
  }

  function chart(
    parent: ChartElement,
    title: string,
    unit: string,
    lines: Array<{ label: string; stroke: string; dash: number[] }>,
    columns: Array<Array<number | null>>,
    fromZero = false,
  ) {
    const box = doc.createElement('div');
    box.className = 'chart';
    parent.appendChild(box);
    const width = Math.max(minWidthPx, parent.clientWidth || fallbackWidthPx);
    new Chart(
      {
        title,
        width,
        height: heightPx,
        scales: {
          x: { time: false },
          ...(fromZero
            ? { y: { range: (_u: unknown, _min: number, max: number) => [0, max * headroom] } }
            : {}),
        },
        axes: [{ label: 'seconds' }, { label: unit, size: 70 }],
        series: [
          {
            label: 't (s)',
            value: (_u: unknown, v: number | null) => (v === null ? '–' : v.toFixed(1)),
          },
          ...lines.map((line) => ({
            label: line.label,
            stroke: line.stroke,
            dash: line.dash,
            width: 2,
            spanGaps: true,
            points: { show: columns[0]!.length < 3 },
          })),
        ],
      },
      columns,
      box,
    );
  }

  for (const phase of data.phases) {
    const parent = doc.getElementById(phase.elementId);
    if (parent === null) continue;
    const withPoints = phase.series.filter((s) => s.t.length > 0);
    if (withPoints.every((s) => s.t.length < 2)) {
      const note = doc.createElement('p');
      note.className = 'note';
      note.textContent =
        'Too short for a timeline (under two sampling intervals): see the tables above.';
      parent.appendChild(note);
      continue;
    }
    const colourOf = (label: string) => {
      const i = withPoints.findIndex((s) => s.label === label);
      return palette[(i < 0 ? 0 : i) % palette.length]!;
    };
    if (phase.memory !== undefined) {
      const memory = phase.memory;
      const times = [...new Set(memory.series.flatMap((s) => s.t))].sort((a, b) => a - b);
      chart(
        parent,
        `${phase.title}: memtable memory (most held per interval)`,
        'MiB',
        [
          ...memory.series.map((s) => ({ label: s.label, stroke: colourOf(s.label), dash: [] })),
          ...memory.levels.map((level) => ({
            label: level.label,
            stroke: levelColour,
            dash: levelDashes[level.kind]!,
          })),
        ],
        align([
          ...memory.series.map((s) => ({ t: s.t, values: s.maxMiB })),
          ...memory.levels.map((level) => ({ t: times, values: times.map(() => level.mib) })),
        ]),
        true,
      );
    }
    chart(
      parent,
      `${phase.title}: throughput`,
      'ops/s',
      withPoints.map((s, i) => ({
        label: s.label,
        stroke: palette[i % palette.length]!,
        dash: [],
      })),
      align(withPoints.map((s) => ({ t: s.t, values: s.opsPerSec }))),
    );
    const latencyLines: Array<{ label: string; stroke: string; dash: number[] }> = [];
    const latencyValues: Array<{ t: number[]; values: Array<number | null> }> = [];
    withPoints.forEach((s, i) => {
      for (const p of ['p50', 'p95', 'p99'] as const) {
        latencyLines.push({
          label: `${s.label} ${p}`,
          stroke: palette[i % palette.length]!,
          dash: dashes[p]!,
        });
        latencyValues.push({ t: s.t, values: s[`${p}Ms`] });
      }
    });
    chart(parent, `${phase.title}: latency percentiles`, 'ms', latencyLines, align(latencyValues));
  }
}
