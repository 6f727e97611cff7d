// Waiting under memstore write throttling (docs/throttling.md). The engine decides how long a
// write must wait (native/db/memstore_throttle.cc); this waits in slices of at most 20 ms on
// timers, so the event loop and every other connection keep going, and reports the waits.
//
// Who waits is told by an AsyncLocalStorage scope that the SQL layer opens around statements: it
// carries the statement's deadline and where to record the wait (per session), so no layer in
// between has to pass them along.

import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** OceanBase's slice: a waiter checks the release clock at least this often. */
export const THROTTLE_SLICE_MS = 20;
/** No single write waits longer than this, whatever the curve says. */
export const THROTTLE_MAX_WAIT_MS = 20_000;
/** At most one log line per second for each throttle report. */
const REPORT_INTERVAL_MS = 1000;

export interface ThrottleScope {
  /** Stop waiting at this time (Date.now() milliseconds): the statement's timeout. */
  readonly deadlineMs?: number;
  /** The statement was cancelled (KILL QUERY). */
  readonly cancelled?: () => boolean;
  /** Called once per throttled write with how long it waited. */
  onWait?(waitMicros: number): void;
}

export const throttleScope = new AsyncLocalStorage<ThrottleScope>();

export interface ThrottleWaitStats {
  waits: number;
  totalMicros: number;
  maxMicros: number;
}

export type ThrottleLog = (message: string, fields: Record<string, number>) => void;

/** The engine's side of waiting: how long seq must still wait, and how much memory is held. */
export interface ThrottleSource {
  waitMicros(seq: number): number;
  reportFields(): Record<string, number>;
}

export class ThrottleWaiter {
  readonly stats: ThrottleWaitStats = { waits: 0, totalMicros: 0, maxMicros: 0 };
  private log: ThrottleLog | null = null;
  private lastInfoReportMs = 0;
  private lastSituationReportMs = 0;
  private sleptSinceReportMicros = 0;
  private waitsSinceReport = 0;

  constructor(private readonly source: ThrottleSource) {}

  setLog(log: ThrottleLog | null): void {
    this.log = log;
  }

  /** Waits until the release clock passes seq, memory is freed, the deadline or 20 s. */
  async wait(seq: number): Promise<void> {
    const scope = throttleScope.getStore();
    const started = performance.now();
    const hardStop = Date.now() + THROTTLE_MAX_WAIT_MS;
    const stop = Math.min(hardStop, scope?.deadlineMs ?? hardStop);
    this.reportInfo();
    for (;;) {
      const remainingMicros = this.source.waitMicros(seq);
      if (remainingMicros === 0) break;
      const now = Date.now();
      if (now >= stop || scope?.cancelled?.() === true) break;
      const sliceMs = Math.min(THROTTLE_SLICE_MS, Math.ceil(remainingMicros / 1000), stop - now);
      await sleep(Math.max(1, sliceMs));
    }
    const waitedMicros = Math.round((performance.now() - started) * 1000);
    const stats = this.stats;
    stats.waits++;
    stats.totalMicros += waitedMicros;
    if (waitedMicros > stats.maxMicros) stats.maxMicros = waitedMicros;
    this.sleptSinceReportMicros += waitedMicros;
    this.waitsSinceReport++;
    scope?.onWait?.(waitedMicros);
    this.reportSituation();
  }

  /** "report write throttle info": memory held, trigger, decay factor (once a second at most). */
  private reportInfo(): void {
    const now = Date.now();
    if (this.log === null || now - this.lastInfoReportMs < REPORT_INTERVAL_MS) return;
    this.lastInfoReportMs = now;
    this.log('report write throttle info', this.source.reportFields());
  }

  /** "throttle situation": sleep time and count since the last report (once a second at most). */
  private reportSituation(): void {
    const now = Date.now();
    if (this.log === null || now - this.lastSituationReportMs < REPORT_INTERVAL_MS) return;
    this.lastSituationReportMs = now;
    this.log('throttle situation', {
      sleepMicros: this.sleptSinceReportMicros,
      count: this.waitsSinceReport,
    });
    this.sleptSinceReportMicros = 0;
    this.waitsSinceReport = 0;
  }
}
