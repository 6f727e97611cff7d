// Watches an engine under overload: the memory its memtables hold (after every write and on a
// short timer, so that a peak between two timeline points is not missed), writes slower than the
// goal allows, throttle waits, hard-limit stalls and flushes, in intervals that line up with the
// recorder's timeline.
//
// Not thread-safe; fed from the event loop.

import type { Engine } from '../../src/engine/index.js';
import type { MemstorePoint, MemstoreRun, TimelinePoint } from '../report/types.js';

/**
 * Between writes the timer still samples: a flush finishing or a write group landing moves the
 * memory at any moment; every 10 ms costs one native call and catches changes a 1 s timeline
 * would average away.
 */
const SAMPLE_INTERVAL_MS = 10;
const MICROS_PER_MS = 1000;
const MICROS_PER_SECOND = 1e6;

interface EngineCounters {
  throttleWaits: number;
  limitStalls: number;
  flushes: number;
  stallMicros: number;
}

export interface MemstoreLimits {
  limitBytes: number;
  triggerBytes: number;
  slowWriteMs: number;
}

export class MemstoreMonitor {
  private readonly points: MemstorePoint[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly start: EngineCounters;
  private intervalStart: EngineCounters;
  private intervalMaxBytes: number;
  private intervalSlowWrites = 0;
  private runMaxBytes: number;
  private slowWrites = 0;

  constructor(
    private readonly engine: Engine,
    private readonly limits: MemstoreLimits,
  ) {
    this.start = this.counters();
    this.intervalStart = this.start;
    this.runMaxBytes = engine.memstoreBytes();
    this.intervalMaxBytes = this.runMaxBytes;
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
  }

  /** Reads the memory now. */
  sample(): number {
    const bytes = this.engine.memstoreBytes();
    if (bytes > this.intervalMaxBytes) this.intervalMaxBytes = bytes;
    if (bytes > this.runMaxBytes) this.runMaxBytes = bytes;
    return bytes;
  }

  /** A write finished after `latencyMs`. */
  writeDone(latencyMs: number): void {
    this.sample();
    if (latencyMs > this.limits.slowWriteMs) {
      this.slowWrites++;
      this.intervalSlowWrites++;
    }
  }

  /** Closes one interval for every timeline point that has none yet. */
  alignWith(timeline: readonly TimelinePoint[]): void {
    while (this.points.length < timeline.length) {
      this.closeInterval(timeline[this.points.length]!.t);
    }
  }

  /**
   * Stops sampling; the figures of the whole run, up to the last interval closed (flushes go on
   * after the writers stop, and would not add up with the timeline).
   */
  finish(): MemstoreRun {
    clearInterval(this.timer);
    const end = this.intervalStart;
    return {
      limitBytes: this.limits.limitBytes,
      triggerBytes: this.limits.triggerBytes,
      maxBytes: this.runMaxBytes,
      slowWriteMs: this.limits.slowWriteMs,
      slowWrites: this.slowWrites,
      throttleWaits: end.throttleWaits - this.start.throttleWaits,
      throttleMaxWaitMs: this.engine.throttleWaits().maxMicros / MICROS_PER_MS,
      limitStalls: end.limitStalls - this.start.limitStalls,
      stallSeconds: (end.stallMicros - this.start.stallMicros) / MICROS_PER_SECOND,
      flushes: end.flushes - this.start.flushes,
      timeline: this.points,
    };
  }

  private closeInterval(t: number): void {
    const endBytes = this.sample();
    const now = this.counters();
    this.points.push({
      t,
      maxBytes: this.intervalMaxBytes,
      endBytes,
      slowWrites: this.intervalSlowWrites,
      throttleWaits: now.throttleWaits - this.intervalStart.throttleWaits,
      limitStalls: now.limitStalls - this.intervalStart.limitStalls,
      flushes: now.flushes - this.intervalStart.flushes,
    });
    this.intervalStart = now;
    this.intervalMaxBytes = endBytes;
    this.intervalSlowWrites = 0;
  }

  private counters(): EngineCounters {
    const stats = this.engine.stats();
    return {
      throttleWaits: this.engine.throttleWaits().waits,
      limitStalls: stats.memstoreLimitStalls,
      flushes: stats.flushes,
      stallMicros: stats.stallMicros,
    };
  }
}
