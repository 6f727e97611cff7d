export { Engine, EngineIterator, NEEDS_IO } from './engine.js';
export { EngineError } from './errors.js';
export type { EngineErrorCode } from './errors.js';
export { WriteBatch } from './write-batch.js';
export * from './types.js';
export { runNativeBenchmark } from './native-bench.js';
export type { NativeBenchConfig, NativeBenchResult } from './native-bench.js';
export { MvccReader, MVCC_NEEDS_IO } from './mvcc-reader.js';
export type { MvccGetResult, MvccScanChunk } from './mvcc-reader.js';
export { WireHub } from './wire-hub.js';
export type { WirePlan } from './wire-hub.js';
export type { NativeWireEvent as WireEvent } from './binding.js';
export { throttleScope, THROTTLE_MAX_WAIT_MS, THROTTLE_SLICE_MS } from './throttle.js';
export type { ThrottleScope, ThrottleWaitStats, ThrottleLog } from './throttle.js';
export type { MemstoreThrottleSettings } from './engine.js';
export { checkDataDir, inspectManifest, inspectTable, inspectWal } from './data-dir-tools.js';
export type {
  BatchOperation,
  BlockInfo,
  CheckReport,
  Finding,
  Findings,
  InternalKey,
  ManifestEdit,
  ManifestFile,
  ManifestInfo,
  TableEntry,
  TableInfo,
  WalInfo,
  WalRecord,
} from './data-dir-tools.js';
