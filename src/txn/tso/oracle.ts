// The timestamp oracle (TSO): timestamps physical ms << 18 | logical (docs/format/keys.md),
// strictly increasing for the life of the data dir, as TiDB's PD hands them out.
//
// Durability by window: before handing out a timestamp with physical time at or past the persisted
// limit, the oracle persists a new limit `windowMs` ahead (one durable write per window), and after
// a restart it starts above the persisted limit. Every timestamp in the window is thus allocated
// in memory: tryNext() is a synchronous call that costs a clock read and a bigint addition. The
// window is renewed in the background when half of it is used, so callers rarely wait.
//
// Thread safety: single JavaScript thread. Timestamps are unique and increasing across all
// callers of one oracle; do not open two oracles on one data dir.

import { MAX_LOGICAL, composeTs, physicalMsOf } from '../types/timestamp.js';

/** PD's default: persist a limit 3 s ahead. */
export const DEFAULT_TSO_WINDOW_MS = 3000;

/** Where the oracle persists its limit. save() must be durable when it resolves. */
export interface TsoLimitStore {
  load(): Promise<bigint | undefined>;
  save(limit: bigint): Promise<void>;
}

export interface OracleOptions {
  windowMs?: number;
  /** Milliseconds since the Unix epoch (tests substitute a controllable clock). */
  clock?: () => number;
}

export class TimestampOracle {
  private physicalMs = 0;
  private logical = MAX_LOGICAL;
  /** The last timestamp handed out, composed from physicalMs and logical. */
  private lastTs = 0n;
  /** Timestamps must have a physical part below this (persisted). */
  private limitMs = 0;
  private renewal: Promise<void> | undefined;
  private failure: Error | undefined;
  private readonly windowMs: number;
  private readonly clock: () => number;

  private constructor(
    private readonly limits: TsoLimitStore,
    options: OracleOptions,
  ) {
    this.windowMs = options.windowMs ?? DEFAULT_TSO_WINDOW_MS;
    this.clock = options.clock ?? Date.now;
  }

  /** Loads the persisted limit, starts above it and persists the first window. */
  static async open(limits: TsoLimitStore, options: OracleOptions = {}): Promise<TimestampOracle> {
    const oracle = new TimestampOracle(limits, options);
    const persisted = await limits.load();
    if (persisted !== undefined) {
      // Everything handed out before had a physical part below the persisted limit's.
      oracle.physicalMs = physicalMsOf(persisted) - 1;
      oracle.logical = MAX_LOGICAL;
      oracle.lastTs = composeTs(oracle.physicalMs, oracle.logical);
      oracle.limitMs = physicalMsOf(persisted);
    }
    await oracle.renew();
    return oracle;
  }

  /**
   * A new timestamp, or undefined when the window is used up and a renewal is being persisted
   * (then await ready() and call again). Never blocks.
   */
  tryNext(): bigint | undefined {
    if (this.failure !== undefined) throw this.failure;
    const now = this.clock();
    let physicalMs = this.physicalMs;
    let logical = this.logical + 1;
    if (now > physicalMs) {
      physicalMs = now;
      logical = 0;
    } else if (logical > MAX_LOGICAL) {
      // 262,144 timestamps in one millisecond: borrow the next millisecond, as PD does.
      physicalMs++;
      logical = 0;
    }
    if (physicalMs >= this.limitMs) {
      void this.renew().catch(() => undefined);
      return undefined;
    }
    if (this.limitMs - physicalMs < this.windowMs / 2 && this.renewal === undefined) {
      void this.renew().catch(() => undefined);
    }
    const ts = physicalMs === this.physicalMs ? this.lastTs + 1n : composeTs(physicalMs, logical);
    this.physicalMs = physicalMs;
    this.logical = logical;
    this.lastTs = ts;
    return ts;
  }

  /** A new timestamp, waiting for a window renewal when needed. */
  async next(): Promise<bigint> {
    for (;;) {
      const ts = this.tryNext();
      if (ts !== undefined) return ts;
      await this.ready();
    }
  }

  /** Resolves when tryNext() has room again (or rejects if persisting the window failed). */
  ready(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return this.renewal ?? Promise.resolve();
  }

  /** The last timestamp handed out (0 before the first). */
  get last(): bigint {
    return this.lastTs;
  }

  /** The persisted limit: every timestamp handed out so far is below it. */
  get limit(): bigint {
    return composeTs(this.limitMs, 0);
  }

  /** Waits for an in-flight renewal so that nothing writes after the store closes. */
  async close(): Promise<void> {
    await this.renewal?.catch(() => undefined);
  }

  private renew(): Promise<void> {
    if (this.renewal !== undefined) return this.renewal;
    const limitMs = Math.max(this.clock(), this.physicalMs + 1) + this.windowMs;
    this.renewal = this.limits.save(composeTs(limitMs, 0)).then(
      () => {
        this.limitMs = Math.max(this.limitMs, limitMs);
        this.renewal = undefined;
      },
      (error: unknown) => {
        this.failure = error instanceof Error ? error : new Error(String(error));
        this.renewal = undefined;
        throw this.failure;
      },
    );
    return this.renewal;
  }
}
