// Number formatting shared by the text, Markdown and HTML reports.

const LOCALE = 'en-US';

export function formatRate(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString(LOCALE);
  return value.toLocaleString(LOCALE, { maximumFractionDigits: 2 });
}

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(value >= 1 ? 2 : 3);
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString(LOCALE);
}

export function formatPercent(fraction: number): string {
  if (fraction === 1) return '100%';
  return `${(fraction * 100).toFixed(fraction > 0.999 ? 3 : 2)}%`;
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? '–' : `${ratio.toFixed(2)}x`;
}

export function formatSeconds(seconds: number): string {
  return seconds >= 100 ? seconds.toFixed(0) : seconds.toFixed(seconds >= 10 ? 1 : 2);
}

export const METRIC_NAMES: Record<string, string> = {
  opsPerSec: 'throughput (ops/s)',
  mbPerSec: 'bandwidth (MB/s)',
  p50Ms: 'p50 latency (ms)',
  p99Ms: 'p99 latency (ms)',
};

export function metricName(metric: string): string {
  return METRIC_NAMES[metric] ?? `${metric.replace(/PerSec$/, '')}/s`;
}

/** Whether a higher value of the metric is the better one (rates are; latencies are not). */
export function higherIsBetter(metric: string): boolean {
  return metric.endsWith('PerSec');
}

export function formatMetric(metric: string, value: number): string {
  return metric.endsWith('Ms') ? formatMs(value) : formatRate(value);
}

export const BYTES_PER_MIB = 1024 * 1024;

/** Memory in MiB (binary units, as memory settings such as `32M` are). */
export function formatMiB(bytes: number): string {
  return (bytes / BYTES_PER_MIB).toFixed(1);
}
