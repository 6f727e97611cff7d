// Counts every operation of one run: successes with their latency (HdrHistogram, per operation
// type and per sampling interval), failures by kind, bytes moved and side counters. Nothing is
// dropped: an operation is either a success or an error of some kind.
//
// Not thread-safe; one recorder per run, fed from the event loop.

import { build } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';

import type { Figures, LatencySummaryMs, TimelinePoint } from '../report/types.js';

const NANOS_PER_MICRO = 1000n;
const MICROS_PER_MS = 1000;
const NANOS_PER_SECOND = 1e9;
const BYTES_PER_MB = 1e6;
/** Three significant digits: 0.1% resolution at any magnitude, as HdrHistogram's authors advise. */
const SIGNIFICANT_DIGITS = 3;

/** An HdrHistogram of latencies in microseconds. */
export function latencyHistogram(): Histogram {
  return build({
    lowestDiscernibleValue: 1,
    autoResize: true,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
  });
}

/** avg/p50/p95/p99/max in milliseconds of a histogram in microseconds; null when empty. */
export function latencySummary(histogram: Histogram): LatencySummaryMs | null {
  if (histogram.totalCount === 0) return null;
  const max = histogram.maxValue;
  // A percentile reads as the top of its bucket (0.1% wide), which may lie past the largest
  // value recorded; the largest value is the true bound.
  const at = (percentile: number) =>
    Math.min(histogram.getValueAtPercentile(percentile), max) / MICROS_PER_MS;
  return {
    avg: histogram.mean / MICROS_PER_MS,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: max / MICROS_PER_MS,
  };
}

class Tally {
  successes = 0;
  errors = 0;
  bytes = 0;
  readonly latency = latencyHistogram();
  readonly errorsByKind = new Map<string, number>();

  fail(kind: string): void {
    this.errors++;
    this.errorsByKind.set(kind, (this.errorsByKind.get(kind) ?? 0) + 1);
  }
}

/** Latency of an operation started at `startedNs` (process.hrtime.bigint()), in whole µs ≥ 1. */
function elapsedMicros(startedNs: bigint): number {
  const micros = Number((process.hrtime.bigint() - startedNs) / NANOS_PER_MICRO);
  return micros < 1 ? 1 : micros;
}

export class Recorder {
  private readonly byType = new Map<string, Tally>();
  private readonly all = new Tally();
  private readonly counters = new Map<string, number>();
  private readonly timelinePoints: TimelinePoint[] = [];
  private interval = new Tally();
  private measuring = false;
  private measuredNs = 0n;
  private measureStartNs = 0n;
  private intervalStartNs = 0n;

  /** Starts (or resumes) counting; operations before this are not recorded. */
  startMeasuring(): void {
    if (this.measuring) return;
    this.measuring = true;
    this.measureStartNs = process.hrtime.bigint();
    this.intervalStartNs = this.measureStartNs;
  }

  /** Stops counting (ramp-down, or the end): closes the current interval. */
  stopMeasuring(): void {
    if (!this.measuring) return;
    this.tick();
    this.measuredNs += process.hrtime.bigint() - this.measureStartNs;
    this.measuring = false;
  }

  get isMeasuring(): boolean {
    return this.measuring;
  }

  success(type: string, startedNs: bigint, bytes = 0): void {
    if (!this.measuring) return;
    const micros = elapsedMicros(startedNs);
    const tally = this.tally(type);
    for (const t of [tally, this.all, this.interval]) {
      t.successes++;
      t.bytes += bytes;
      t.latency.recordValue(micros);
    }
  }

  failure(type: string, kind: string): void {
    if (!this.measuring) return;
    this.tally(type).fail(kind);
    this.all.fail(kind);
    this.interval.fail(kind);
  }

  /** Adds to a side counter (queries run, rows inserted …). */
  count(name: string, amount = 1): void {
    if (!this.measuring) return;
    this.counters.set(name, (this.counters.get(name) ?? 0) + amount);
  }

  /** Live totals for a progress line. */
  get successes(): number {
    return this.all.successes;
  }

  get errors(): number {
    return this.all.errors;
  }

  get bytes(): number {
    return this.all.bytes;
  }

  /** Attempts so far (for totalOps limits). */
  get attempts(): number {
    return this.all.successes + this.all.errors;
  }

  /** Closes the current sampling interval and appends it to the timeline. */
  tick(): TimelinePoint | undefined {
    if (!this.measuring) return undefined;
    const now = process.hrtime.bigint();
    const seconds = Number(now - this.intervalStartNs) / NANOS_PER_SECOND;
    const t = Number(this.measuredNs + (now - this.measureStartNs)) / NANOS_PER_SECOND;
    const current = this.interval;
    const latency = latencySummary(current.latency);
    const point: TimelinePoint = {
      t,
      seconds,
      successes: current.successes,
      errors: current.errors,
      bytes: current.bytes,
      opsPerSec: seconds > 0 ? current.successes / seconds : 0,
      mbPerSec: seconds > 0 ? current.bytes / BYTES_PER_MB / seconds : 0,
      p50Ms: latency?.p50 ?? null,
      p95Ms: latency?.p95 ?? null,
      p99Ms: latency?.p99 ?? null,
      maxMs: latency?.max ?? null,
    };
    this.interval = new Tally();
    this.intervalStartNs = now;
    if (seconds > 0 || point.successes > 0 || point.errors > 0) this.timelinePoints.push(point);
    return point;
  }

  get timeline(): TimelinePoint[] {
    return this.timelinePoints;
  }

  /** Seconds measured so far. */
  get measuredSeconds(): number {
    const running = this.measuring ? process.hrtime.bigint() - this.measureStartNs : 0n;
    return Number(this.measuredNs + running) / NANOS_PER_SECOND;
  }

  totalFigures(): Figures {
    return this.figures(this.all, this.measuredSeconds, true);
  }

  operationFigures(): Record<string, Figures> {
    const seconds = this.measuredSeconds;
    const out: Record<string, Figures> = {};
    for (const [type, tally] of [...this.byType].sort(([a], [b]) => a.localeCompare(b))) {
      out[type] = this.figures(tally, seconds, false);
    }
    return out;
  }

  private tally(type: string): Tally {
    let tally = this.byType.get(type);
    if (tally === undefined) {
      tally = new Tally();
      this.byType.set(type, tally);
    }
    return tally;
  }

  private figures(tally: Tally, seconds: number, withCounters: boolean): Figures {
    const attempts = tally.successes + tally.errors;
    const counters: Record<string, number> = {};
    const counterRates: Record<string, number> = {};
    if (withCounters) {
      for (const [name, value] of [...this.counters].sort(([a], [b]) => a.localeCompare(b))) {
        counters[name] = value;
        counterRates[name] = seconds > 0 ? value / seconds : 0;
      }
    }
    return {
      attempts,
      successes: tally.successes,
      errors: tally.errors,
      successRate: attempts > 0 ? tally.successes / attempts : 0,
      seconds,
      opsPerSec: seconds > 0 ? tally.successes / seconds : 0,
      bytes: tally.bytes,
      mbPerSec: seconds > 0 ? tally.bytes / BYTES_PER_MB / seconds : 0,
      latencyMs: latencySummary(tally.latency),
      errorsByKind: Object.fromEntries(
        [...tally.errorsByKind].sort(([a], [b]) => a.localeCompare(b)),
      ),
      counters,
      counterRates,
    };
  }
}
