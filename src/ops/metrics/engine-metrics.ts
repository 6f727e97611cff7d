// Metrics of the storage engine, from Engine.stats() (read once per scrape): memtables and the
// memstore limit, level sizes, flush and compaction bytes, write stalls, the block cache, page
// compression, write throttling and the I/O path in use.

import type { Registry } from 'prom-client';
import type { Engine, EngineStats, ThrottleWaitStats } from '../../engine/index.js';
import { CollectedMetric, single } from './collected-metric.js';
import type { MetricKind, Sample } from './collected-metric.js';

const MICROS_PER_SECOND = 1_000_000;

interface EngineSnapshot {
  stats: EngineStats;
  memstoreBytes: number;
  waits: Readonly<ThrottleWaitStats>;
}

type Read = (snapshot: EngineSnapshot) => Sample[];

function scalar(read: (snapshot: EngineSnapshot) => number): Read {
  return (snapshot) => single(read(snapshot));
}

function perLevel(read: (level: EngineStats['levels'][number]) => number): Read {
  return ({ stats }) =>
    stats.levels.map((level) => ({ value: read(level), labels: { level: level.level } }));
}

const ENGINE_METRICS: ReadonlyArray<readonly [string, MetricKind, string, Read]> = [
  [
    'strata_memtable_bytes',
    'gauge',
    'Memory held by the active and frozen memtables.',
    scalar(({ stats }) => stats.memtableBytes),
  ],
  [
    'strata_immutable_memtables',
    'gauge',
    'Frozen memtables waiting to be flushed.',
    scalar(({ stats }) => stats.immutableMemtables),
  ],
  [
    'strata_memstore_bytes',
    'gauge',
    'Memory the memstore limit and write throttling measure.',
    scalar((s) => s.memstoreBytes),
  ],
  [
    'strata_memstore_limit_bytes',
    'gauge',
    'The memstore limit (0: none).',
    scalar(({ stats }) => stats.memstoreLimitBytes),
  ],
  [
    'strata_memstore_throttle_trigger_bytes',
    'gauge',
    'Memstore bytes above which writes are throttled.',
    scalar(({ stats }) => stats.throttleTriggerBytes),
  ],
  [
    'strata_level_files',
    'gauge',
    'SSTs per level (all column families).',
    perLevel((level) => level.files),
  ],
  [
    'strata_level_bytes',
    'gauge',
    'Logical bytes of the SSTs per level.',
    perLevel((level) => level.bytes),
  ],
  [
    'strata_level_allocated_bytes',
    'gauge',
    'Bytes the filesystem allocated to the SSTs per level.',
    perLevel((level) => level.allocatedBytes),
  ],
  [
    'strata_table_logical_bytes',
    'gauge',
    'Logical bytes of all live SSTs.',
    scalar(({ stats }) => stats.tableLogicalBytes),
  ],
  [
    'strata_table_allocated_bytes',
    'gauge',
    'Allocated bytes of all live SSTs (less than logical where pages are compressed).',
    scalar(({ stats }) => stats.tableAllocatedBytes),
  ],
  ['strata_flushes_total', 'counter', 'Memtable flushes.', scalar(({ stats }) => stats.flushes)],
  [
    'strata_flush_written_bytes_total',
    'counter',
    'Bytes written by flushes.',
    scalar(({ stats }) => stats.flushBytesWritten),
  ],
  [
    'strata_compactions_total',
    'counter',
    'Compactions run.',
    scalar(({ stats }) => stats.compactions),
  ],
  [
    'strata_compaction_read_bytes_total',
    'counter',
    'Bytes read by compactions.',
    scalar(({ stats }) => stats.compactionBytesRead),
  ],
  [
    'strata_compaction_written_bytes_total',
    'counter',
    'Bytes written by compactions.',
    scalar(({ stats }) => stats.compactionBytesWritten),
  ],
  [
    'strata_wal_written_bytes_total',
    'counter',
    'Bytes appended to the WAL.',
    scalar(({ stats }) => stats.walBytesWritten),
  ],
  ['strata_wal_syncs_total', 'counter', 'WAL fdatasyncs.', scalar(({ stats }) => stats.walSyncs)],
  [
    'strata_wal_group_commits_total',
    'counter',
    'WAL group commits (one write for many writers).',
    scalar(({ stats }) => stats.walGroupCommits),
  ],
  [
    'strata_user_written_bytes_total',
    'counter',
    'Key and value bytes of acknowledged writes.',
    scalar(({ stats }) => stats.userBytesWritten),
  ],
  [
    'strata_write_stall_seconds_total',
    'counter',
    'Time writers stalled waiting for a flush or compaction.',
    scalar(({ stats }) => stats.stallMicros / MICROS_PER_SECOND),
  ],
  [
    'strata_memstore_limit_stalls_total',
    'counter',
    'Writes that waited because the memstore was at its limit.',
    scalar(({ stats }) => stats.memstoreLimitStalls),
  ],
  [
    'strata_block_cache_hits_total',
    'counter',
    'Block cache hits.',
    scalar(({ stats }) => stats.blockCacheHits),
  ],
  [
    'strata_block_cache_misses_total',
    'counter',
    'Block cache misses.',
    scalar(({ stats }) => stats.blockCacheMisses),
  ],
  [
    'strata_block_cache_hit_ratio',
    'gauge',
    'Block cache hits over lookups since the engine opened.',
    scalar(({ stats }) => stats.blockCacheHitRate),
  ],
  [
    'strata_block_cache_usage_bytes',
    'gauge',
    'Bytes held by the block cache.',
    scalar(({ stats }) => stats.blockCacheUsageBytes),
  ],
  [
    'strata_pages_compressed_total',
    'counter',
    'Data blocks written page-compressed (innodb_num_pages_page_compressed).',
    scalar(({ stats }) => stats.pageCompression.compressed),
  ],
  [
    'strata_pages_plain_total',
    'counter',
    'Data blocks of page-compressed ranges stored plain.',
    scalar(({ stats }) => stats.pageCompression.plain),
  ],
  [
    'strata_page_compression_saved_bytes_total',
    'counter',
    'Bytes page compression saved (innodb_page_compression_saved).',
    scalar(({ stats }) => stats.pageCompression.bytesSaved),
  ],
  [
    'strata_punch_hole_calls_total',
    'counter',
    'fallocate punch-hole calls (innodb_num_page_compressed_trim_op).',
    scalar(({ stats }) => stats.pageCompression.punchHoleCalls),
  ],
  [
    'strata_throttle_waits_total',
    'counter',
    'Writes that waited under memstore write throttling.',
    scalar(({ waits }) => waits.waits),
  ],
  [
    'strata_throttle_wait_seconds_total',
    'counter',
    'Time writes waited under write throttling.',
    scalar(({ waits }) => waits.totalMicros / MICROS_PER_SECOND),
  ],
  [
    'strata_throttle_max_wait_seconds',
    'gauge',
    'Longest single throttle wait.',
    scalar(({ waits }) => waits.maxMicros / MICROS_PER_SECOND),
  ],
  [
    'strata_throttle_decay',
    'gauge',
    'Decay factor of the throttle curve now.',
    scalar(({ stats }) => stats.throttleDecay),
  ],
  [
    'strata_io_info',
    'gauge',
    'The I/O path in use (value 1), with the reason for any fallback from what was asked.',
    ({ stats }) => [
      {
        value: 1,
        labels: {
          backend: stats.io.backend,
          direct_io: String(stats.io.directIo),
          atomic_writes: String(stats.io.atomicWrites),
          fallback_reason: stats.io.fallbackReason,
        },
      },
    ],
  ],
];

export class EngineMetrics {
  private engine: Engine | null = null;
  private snapshot: EngineSnapshot | null = null;

  constructor(registry: Registry) {
    for (const [name, type, help, read] of ENGINE_METRICS) {
      new CollectedMetric(name, help, type, () => {
        const snapshot = this.read();
        return snapshot === null ? [] : read(snapshot);
      }).registerIn(registry);
    }
  }

  attach(engine: Engine | null): void {
    this.engine = engine;
    this.snapshot = null;
  }

  /** The engine's stats, read once per scrape: every metric of one scrape sees the same numbers. */
  private read(): EngineSnapshot | null {
    const engine = this.engine;
    if (engine === null || engine.isClosed) return null;
    if (this.snapshot === null) {
      this.snapshot = {
        stats: engine.stats(),
        memstoreBytes: engine.memstoreBytes(),
        waits: { ...engine.throttleWaits() },
      };
      setImmediate(() => (this.snapshot = null));
    }
    return this.snapshot;
  }
}
