// How `strata serve` turns settings into engine options, and keeps the dynamic ones (the
// memstore limit and write throttling) applied as SET GLOBAL changes them.

import os from 'node:os';
import type { Settings } from '../config/index.js';
import type { Engine, EngineOptions, MemstoreThrottleSettings } from '../engine/index.js';

const PERCENT = 100;

export function engineOptions(settings: Settings): EngineOptions {
  return {
    path: settings.getString('datadir'),
    writeBufferSizeBytes: settings.getNumber('write_buffer_size'),
    blockCacheBytes: settings.getNumber('block_cache_size'),
  };
}

export function throttleSettings(settings: Settings): MemstoreThrottleSettings {
  const explicit = settings.getNumber('memstore_limit');
  const limitBytes =
    explicit > 0
      ? explicit
      : Math.floor((os.totalmem() * settings.getNumber('memstore_limit_percentage')) / PERCENT);
  return {
    limitBytes,
    triggerPercentage: settings.getNumber('writing_throttling_trigger_percentage'),
    maxDurationMs: settings.getNumber('writing_throttling_maximum_duration'),
  };
}

/** Applies the throttle settings now and whenever SET GLOBAL changes one of them. */
export function applyThrottleSettings(settings: Settings, engine: Engine): void {
  const apply = () => {
    if (!engine.isClosed) engine.setMemstoreThrottle(throttleSettings(settings));
  };
  apply();
  for (const name of [
    'memstore_limit',
    'memstore_limit_percentage',
    'writing_throttling_trigger_percentage',
    'writing_throttling_maximum_duration',
  ]) {
    settings.onChange(name, apply);
  }
}

const PICOSECONDS_PER_MICROSECOND = 1_000_000;

/** The engine's memstore and throttling counters for SHOW GLOBAL STATUS. */
export function engineStatusVariables(engine: Engine): Array<[string, number]> {
  if (engine.isClosed) return [];
  const stats = engine.stats();
  const waits = engine.throttleWaits();
  return [
    ['Memstore_bytes', engine.memstoreBytes()],
    ['Memstore_limit_bytes', stats.memstoreLimitBytes],
    ['Memstore_limit_stalls', stats.memstoreLimitStalls],
    ['Memstore_throttle_trigger_bytes', stats.throttleTriggerBytes],
    ['Memstore_throttle_waits', waits.waits],
    ['Memstore_throttle_wait_time_ps', waits.totalMicros * PICOSECONDS_PER_MICROSECOND],
    ['Memstore_throttle_max_wait_time_ps', waits.maxMicros * PICOSECONDS_PER_MICROSECOND],
  ];
}
