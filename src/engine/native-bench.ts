// The engine benchmark's native loop (native/bench/db_bench.cc): db_bench workloads run inside
// the addon with no JavaScript per operation. Used by bench/engine.

import { native } from './binding.js';
import type { NativeBenchConfig, NativeBenchResult } from './binding.js';
import { fromNative } from './errors.js';
import type { EngineOptions } from './types.js';

export type { NativeBenchConfig, NativeBenchResult };

export function runNativeBenchmark(
  path: string,
  options: EngineOptions,
  config: NativeBenchConfig,
): Promise<NativeBenchResult[]> {
  const nativeOptions: Record<string, unknown> = { ...options };
  delete nativeOptions.path;
  return new Promise((resolve, reject) => {
    native.runBenchmark(path, nativeOptions, config, (error, results) =>
      error ? reject(fromNative(error)) : resolve(results),
    );
  });
}
