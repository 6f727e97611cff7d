// Garbage collection of old versions (TiDB's GC worker, in-process). A run picks a safepoint —
// now minus tidb_gc_life_time, never past the start of a live transaction and never back — then
// resolves every lock left at or below it by transactions that are gone (so that no version there
// is still undecided), persists it, and hands it to the engine, whose compaction filter drops the
// versions no read at or after it can see (docs/format/mvcc.md, "Garbage collection").

import type { LockResolver } from '../lock-resolver.js';
import { SCAN_CHUNK_ENTRIES, type MvccStorage } from '../mvcc/storage.js';
import type { TxnRegistry } from '../registry.js';
import type { TimestampOracle } from '../tso/oracle.js';
import { META_KEY_GC_SAFEPOINT, TS_BYTES } from '../types/format.js';
import { decodeKey } from '../types/key.js';
import { decodeLock } from '../types/lock.js';
import { addMs } from '../types/timestamp.js';

export interface GcResult {
  /** The safepoint in force after the run. */
  safepoint: bigint;
  /** Locks of gone transactions resolved by the run. */
  resolvedLocks: number;
}

export interface GcWorkerOptions {
  storage: MvccStorage;
  resolver: LockResolver;
  registry: TxnRegistry;
  tso: TimestampOracle;
  /** Current tidb_gc_life_time. */
  lifeTimeMs: () => number;
}

export class GcWorker {
  private current: bigint;
  private running: Promise<GcResult> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: GcWorkerOptions,
    initialSafepoint: bigint,
  ) {
    this.current = initialSafepoint;
  }

  /** Loads the persisted safepoint (0 when GC never ran) and hands it to the engine. */
  static async loadSafepoint(storage: MvccStorage): Promise<bigint> {
    const bytes = await storage.get(storage.defaultCf, META_KEY_GC_SAFEPOINT);
    if (bytes === undefined) return 0n;
    const safepoint = bytes.readBigUInt64BE(0);
    storage.engine.setGcSafepoint(safepoint);
    return safepoint;
  }

  get safepoint(): bigint {
    return this.current;
  }

  /**
   * Advances the safepoint to `target` (default: now minus the GC life time), capped below the
   * oldest live transaction. Concurrent calls share one run.
   */
  run(target?: bigint): Promise<GcResult> {
    if (this.running !== undefined) return this.running;
    this.running = this.advance(target).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Runs every intervalMs in the background (0 stops it). */
  schedule(intervalMs: number): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.run().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.schedule(0);
    await this.running?.catch(() => undefined);
  }

  private async advance(target: bigint | undefined): Promise<GcResult> {
    const { tso, registry, storage } = this.options;
    const now = await tso.next();
    let safepoint = target ?? addMs(now, -this.options.lifeTimeMs());
    if (safepoint > now) safepoint = now;
    const oldest = registry.oldestStartTs();
    if (oldest !== undefined && safepoint >= oldest) safepoint = oldest - 1n;
    if (safepoint <= this.current) return { safepoint: this.current, resolvedLocks: 0 };
    const resolvedLocks = await this.resolveLocksAtOrBelow(safepoint);
    const bytes = Buffer.allocUnsafe(TS_BYTES);
    bytes.writeBigUInt64BE(safepoint);
    await storage.engine.put(storage.defaultCf, META_KEY_GC_SAFEPOINT, bytes, { sync: true });
    this.current = safepoint;
    storage.engine.setGcSafepoint(safepoint);
    return { safepoint, resolvedLocks };
  }

  /** Resolves every lock in the lock CF with start_ts ≤ safepoint (their owners are gone). */
  private async resolveLocksAtOrBelow(safepoint: bigint): Promise<number> {
    const { storage, resolver, registry } = this.options;
    let resolved = 0;
    let lower = Buffer.alloc(0);
    for (;;) {
      const locks = await storage.scan(storage.lockCf, lower, undefined, SCAN_CHUNK_ENTRIES);
      for (const [encodedKey, bytes] of locks) {
        const lock = decodeLock(bytes);
        if (lock.startTs > safepoint || registry.get(lock.startTs) !== undefined) continue;
        await resolver.resolveOrphan({ key: decodeKey(encodedKey), encodedKey }, lock);
        resolved++;
      }
      if (locks.length < SCAN_CHUNK_ENTRIES) return resolved;
      const last = locks[locks.length - 1]![0];
      lower = Buffer.concat([last, Buffer.from([0])]);
    }
  }
}
