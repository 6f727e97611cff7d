// Reads what sysbench 1.0 prints for `run` with --report-interval and --histogram=on: the
// per-interval lines, the latency histogram and the closing statistics.

export interface SysbenchInterval {
  /** Seconds since the start, at the end of the interval. */
  t: number;
  tps: number;
  qps: number;
  p95Ms: number;
  errorsPerSec: number;
}

export interface SysbenchOutput {
  intervals: SysbenchInterval[];
  /** [milliseconds, count] buckets of the latency histogram. */
  histogram: Array<[number, number]>;
  transactions: number;
  queries: number;
  ignoredErrors: number;
  reconnects: number;
  totalSeconds: number;
}

const INTERVAL_LINE =
  /^\[\s*(\d+(?:\.\d+)?)s\s*\]\s+thds:\s*\d+\s+tps:\s*([\d.]+)\s+qps:\s*([\d.]+).*?lat \(ms,\d+%\):\s*([\d.]+)\s+err\/s:\s*([\d.]+)/;
const HISTOGRAM_START = /^Latency histogram/;
const HISTOGRAM_BUCKET = /^\s*([\d.]+)\s+\|\**\s+(\d+)\s*$/;

function statistic(text: string, name: string): number | undefined {
  const match = new RegExp(`^\\s*${name}:\\s*([\\d.]+)`, 'm').exec(text);
  return match === null ? undefined : Number(match[1]);
}

export function parseSysbenchRun(text: string): SysbenchOutput {
  const intervals: SysbenchInterval[] = [];
  const histogram: Array<[number, number]> = [];
  let inHistogram = false;
  for (const line of text.split('\n')) {
    const interval = INTERVAL_LINE.exec(line);
    if (interval !== null) {
      intervals.push({
        t: Number(interval[1]),
        tps: Number(interval[2]),
        qps: Number(interval[3]),
        p95Ms: Number(interval[4]),
        errorsPerSec: Number(interval[5]),
      });
      continue;
    }
    if (HISTOGRAM_START.test(line)) {
      inHistogram = true;
      continue;
    }
    if (inHistogram) {
      const bucket = HISTOGRAM_BUCKET.exec(line);
      if (bucket !== null) histogram.push([Number(bucket[1]), Number(bucket[2])]);
      else if (line.trim() === '' && histogram.length > 0) inHistogram = false;
    }
  }
  const transactions = statistic(text, 'transactions');
  const totalSeconds = statistic(text, 'total time');
  if (transactions === undefined || totalSeconds === undefined) {
    throw new Error('sysbench printed no closing statistics');
  }
  return {
    intervals,
    histogram,
    transactions,
    queries: statistic(text, 'queries') ?? 0,
    ignoredErrors: statistic(text, 'ignored errors') ?? 0,
    reconnects: statistic(text, 'reconnects') ?? 0,
    totalSeconds,
  };
}
