export { Engine, EngineIterator, NEEDS_IO } from './engine.js';
export { EngineError } from './errors.js';
export type { EngineErrorCode } from './errors.js';
export { WriteBatch } from './write-batch.js';
export * from './types.js';
export { runNativeBenchmark } from './native-bench.js';
export type { NativeBenchConfig, NativeBenchResult } from './native-bench.js';
export { MvccReader, MVCC_NEEDS_IO } from './mvcc-reader.js';
export type { MvccGetResult, MvccScanChunk } from './mvcc-reader.js';
