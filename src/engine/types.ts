// The typed face of the native LSM engine: options, read options, policies and stats.
// The engine stores opaque byte keys and values in column families; it knows nothing of tables
// or transactions beyond the per-key-range compression policy and the MVCC GC safepoint.

/** Column families every data dir has. More may be named in EngineOptions.columnFamilies. */
export const DEFAULT_COLUMN_FAMILIES = ['default', 'lock', 'write'] as const;

export type IoBackend = 'uring' | 'threads';
export type AtomicWritesMode = 'on' | 'off' | 'default';
export type CompressionAlgorithm = 'none' | 'lz4' | 'zstd';

export interface EngineOptions {
  /** Data directory. Omit (or set inMemory) for an in-memory engine with no files. */
  path?: string;
  /** Keep everything in memory (the engine's in-memory Env); nothing touches the disk. */
  inMemory?: boolean;
  /** Create the data dir when it does not exist (default true). */
  createIfMissing?: boolean;
  /** Fail when the data dir already holds a database (default false). */
  errorIfExists?: boolean;
  /** Column families to open or create; always includes DEFAULT_COLUMN_FAMILIES. */
  columnFamilies?: string[];
  /** Size at which the active memtable is frozen and flushed (default 64 MiB). */
  writeBufferSizeBytes?: number;
  /** Frozen memtables allowed before writers stall (default 4). */
  maxImmutableMemtables?: number;
  /** Capacity of the sharded LRU block cache (default 256 MiB). */
  blockCacheBytes?: number;
  /** Target size of an uncompressed data block (default 16 KiB). */
  blockSizeBytes?: number;
  /** Bloom filter bits per key (default 10; 0 disables filters). */
  bloomBitsPerKey?: number;
  /** L0 file count that triggers a compaction (default 4). */
  level0CompactionTrigger?: number;
  /** L0 file count at which writes stall until compaction catches up (default 20). */
  level0StopWritesTrigger?: number;
  /** Target size of L1 (default 256 MiB); each deeper level is levelSizeMultiplier times larger. */
  maxBytesForLevelBase?: number;
  levelSizeMultiplier?: number;
  /** Target size of one SST written by compaction (default 64 MiB). */
  targetFileSizeBytes?: number;
  /** Background compaction threads (default 2). */
  compactionThreads?: number;
  /** Pause before each flush, for tests and drills of back-pressure (default 0). */
  flushDelayMs?: number;
  /** Default compression for keys outside every policy range (default none). */
  compression?: CompressionAlgorithm;
  compressionLevel?: number;
  /** Store data blocks outside every policy range as page-compressed slots (default false). */
  pageCompressed?: boolean;
  /** Page size of those slots: a power of two from 4 KiB to 64 KiB (default 16 KiB). */
  pageSizeBytes?: number;
  /**
   * I/O backend for WAL and SST I/O (default uring, falling back to threads when io_uring cannot
   * be set up). The environment variable STRATA_IO sets the default.
   */
  io?: IoBackend;
  /**
   * O_DIRECT for SST and WAL I/O (default false; buffered where the filesystem refuses it). The
   * environment variable STRATA_DIRECT_IO=1 sets the default.
   */
  directIo?: boolean;
  /**
   * Untorn writes (RWF_ATOMIC) for the WAL's partly written last block: 'default' uses them when
   * the filesystem offers them and directIo is on; 'on' requires them (opening fails without).
   */
  atomicWrites?: AtomicWritesMode;
  /** Verify block checksums on every read (default true). */
  verifyChecksums?: boolean;
}

export interface WriteOptions {
  /** fdatasync the WAL before the write is acknowledged (default false). */
  sync?: boolean;
  /** Skip the WAL entirely (used only for rebuildable data; default false). */
  disableWal?: boolean;
}

export interface IteratorOptions {
  /** Read as of this snapshot (default: a fresh implicit snapshot taken when the iterator opens). */
  snapshot?: Snapshot;
  /** Inclusive lower bound; the iterator never returns a smaller key. */
  lowerBound?: Buffer;
  /** Exclusive upper bound; the iterator never returns a key at or past it. */
  upperBound?: Buffer;
  /** Insert blocks read by this iterator into the block cache (default true). */
  fillCache?: boolean;
}

export interface SeekOptions {
  /** Exclusive upper bound: an entry at or past it is not returned. */
  upperBound?: Buffer;
  snapshot?: Snapshot;
}

export interface ReadOptions {
  snapshot?: Snapshot;
  fillCache?: boolean;
}

/** A consistent point-in-time view. Release it when done; it pins old versions until then. */
export interface Snapshot {
  readonly sequence: bigint;
  release(): void;
}

/**
 * Compression of one key range, applied to blocks written from now on (flushes and compactions).
 * Data blocks never span two ranges, so neighbouring ranges can differ.
 */
export interface CompressionRange {
  /** Inclusive start of the range (raw user-key bytes, compared bytewise). */
  start: Buffer;
  /** Exclusive end of the range. */
  end: Buffer;
  algorithm: CompressionAlgorithm;
  /** Codec level: LZ4 1–2 fast, 3–9 LZ4HC; zstd 1–22. */
  level: number;
  /** Store data blocks as page-compressed slots of pageSizeBytes (punched holes). */
  pageCompressed?: boolean;
  pageSizeBytes?: number;
}

export interface LevelStats {
  level: number;
  files: number;
  /** Logical bytes (file sizes). */
  bytes: number;
  /** Bytes the filesystem allocated to the files when they were written. */
  allocatedBytes: number;
}

/** One live SST. */
export interface TableFileStats {
  fileNumber: number;
  columnFamily: number;
  level: number;
  logicalBytes: number;
  allocatedBytes: number;
}

/** The SST bytes holding a key range (Engine.rangeSize). */
export interface RangeSize {
  logicalBytes: number;
  allocatedBytes: number;
  /** SSTs overlapping the range. */
  files: number;
}

export interface EngineStats {
  memtableBytes: number;
  immutableMemtables: number;
  levels: LevelStats[];
  bytesWritten: number;
  bytesRead: number;
  walBytesWritten: number;
  flushBytesWritten: number;
  compactionBytesRead: number;
  compactionBytesWritten: number;
  userBytesWritten: number;
  writeAmplification: number;
  blockCacheHits: number;
  blockCacheMisses: number;
  blockCacheHitRate: number;
  blockCacheUsageBytes: number;
  stallMicros: number;
  memstoreLimitBytes: number;
  throttleTriggerBytes: number;
  throttleDecay: number;
  throttleAcquisitions: number;
  memstoreLimitStalls: number;
  flushes: number;
  compactions: number;
  walSyncs: number;
  walGroupCommits: number;
  sequence: bigint;
  /** Live SSTs: logical and allocated bytes, in total and per file. */
  tableLogicalBytes: number;
  tableAllocatedBytes: number;
  tables: TableFileStats[];
  /** Page compression since the engine opened (data blocks written by flushes and compactions). */
  pageCompression: {
    compressed: number;
    plain: number;
    bytesSaved: number;
    punchHoleCalls: number;
  };
  /** I/O backend and modes actually in use (after any fallback). */
  io: {
    backend: IoBackend | 'mem';
    directIo: boolean;
    /** The WAL rewrites its partly written last block with untorn writes. */
    atomicWrites: boolean;
    /** Without untorn writes: the block size the WAL pads each synced group to. */
    walSyncUnitBytes: number;
    fallbackReason: string;
  };
}

/** What Engine.checkpoint made. */
export interface CheckpointResult {
  /** The copy holds every write with a sequence at or below this one. */
  sequence: bigint;
  manifestNumber: number;
  tableFiles: number;
  /** SSTs hard-linked; the others were copied (another filesystem). */
  linkedFiles: number;
  tableBytes: number;
}
