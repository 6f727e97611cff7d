// The throttle benchmark's settings: the overload (writers, write size, how long) and the engine
// it runs on (memstore limit, memtable size, throttling, slowed flushes). The engine settings are
// read with the server's own parser and ranges, so `--memstore_limit 32M` or
// `--writing_throttling_maximum_duration 10s` mean here what they mean to `strata serve`.

import { SettingError, coerceSetting } from '../../src/config/index.js';
import type { SettingDefinition } from '../../src/config/index.js';
import { ENGINE_SETTINGS } from '../../src/config/variables/engine.js';
import { FlagError } from '../common/flags.js';
import type { Flags } from '../common/flags.js';

/** The throttle's off switch (OceanBase's meaning of writing_throttling_trigger_percentage). */
export const TRIGGER_OFF_PERCENTAGE = 100;

export interface ThrottleBenchSettings {
  /** Measured seconds of each mode. */
  durationSeconds: number;
  writers: number;
  rowsPerWrite: number;
  keySizeBytes: number;
  valueSizeBytes: number;
  /** fdatasync the WAL at every write. */
  sync: boolean;
  memstoreLimitBytes: number;
  writeBufferSizeBytes: number;
  /** The trigger of the run with throttling on (the other run uses TRIGGER_OFF_PERCENTAGE). */
  triggerPercentage: number;
  maxDurationMs: number;
  /** Pause before each flush: a disk slower than this machine's, so that writers outrun flushing. */
  flushDelayMs: number;
}

/**
 * Defaults: a memstore small enough that a few seconds of writing fill it, and memtables small
 * enough (8 per limit) that each flush frees a step of it rather than all of it.
 */
const DEFAULT_MEMSTORE_LIMIT = '32M';
const DEFAULT_WRITE_BUFFER_SIZE = '4M';
/**
 * The server's default duration, 2 h, is sized for memstores of gigabytes. Over the 12.8 MiB
 * between trigger and limit here (6.4 pages of 2 MiB) it would release the first page only after
 * 13 s, turning the trigger into a wall that opens at each flush. With 10 s the pages above the
 * trigger are released after 38 ms, 161 ms, 0.5 s, 1.2 s, 2.2 s …: from the fourth on, slower
 * than the slowed flushes free memory (a 4 MiB memtable a second), so memory settles there.
 */
const DEFAULT_MAX_DURATION = '10s';
/**
 * On two cores, flushing keeps up with writers that go through the engine API (47 MB/s of 1 KB
 * values measured without the pause), and the L0 file count stalls them before memory fills. A
 * second before each 4 MiB flush makes the disk write about 4 MB/s, a tenth of what the writers
 * offer.
 */
const DEFAULT_FLUSH_DELAY_MS = 1000;
const DEFAULT_DURATION_SECONDS = 60;
const DEFAULT_WRITERS = 64;
const DEFAULT_ROWS_PER_WRITE = 4;
const DEFAULT_VALUE_SIZE_BYTES = 1024;
/** A random 4-byte prefix, the writer and its counter: unique keys spread over the key space. */
const KEY_SIZE_BYTES = 16;

/** An engine setting given as a flag, parsed and range-checked as the server does. */
function engineSetting(flags: Flags, name: string, fallback?: string): number {
  const definition: SettingDefinition | undefined = ENGINE_SETTINGS.find((d) => d.name === name);
  if (definition === undefined) throw new Error(`no engine setting '${name}'`);
  const raw = flags.optionalString(name) ?? fallback ?? definition.default;
  try {
    return coerceSetting(definition, raw) as number;
  } catch (error) {
    if (error instanceof SettingError) throw new FlagError(`--${name}: ${error.message}`);
    throw error;
  }
}

export function readThrottleSettings(flags: Flags): ThrottleBenchSettings {
  const settings: ThrottleBenchSettings = {
    durationSeconds: flags.positive('duration', DEFAULT_DURATION_SECONDS),
    writers: flags.integer('writers', DEFAULT_WRITERS, 1),
    rowsPerWrite: flags.integer('rows_per_write', DEFAULT_ROWS_PER_WRITE, 1),
    keySizeBytes: KEY_SIZE_BYTES,
    valueSizeBytes: flags.integer('value_size', DEFAULT_VALUE_SIZE_BYTES, 1),
    sync: flags.bool('sync', false),
    memstoreLimitBytes: engineSetting(flags, 'memstore_limit', DEFAULT_MEMSTORE_LIMIT),
    writeBufferSizeBytes: engineSetting(flags, 'write_buffer_size', DEFAULT_WRITE_BUFFER_SIZE),
    triggerPercentage: engineSetting(flags, 'writing_throttling_trigger_percentage'),
    maxDurationMs: engineSetting(
      flags,
      'writing_throttling_maximum_duration',
      DEFAULT_MAX_DURATION,
    ),
    flushDelayMs: flags.integer('flush_delay_ms', DEFAULT_FLUSH_DELAY_MS, 0),
  };
  if (settings.memstoreLimitBytes === 0) {
    throw new FlagError('--memstore_limit must be a size above 0: the benchmark needs a limit');
  }
  if (settings.triggerPercentage >= TRIGGER_OFF_PERCENTAGE) {
    throw new FlagError(
      `--writing_throttling_trigger_percentage must be below ${TRIGGER_OFF_PERCENTAGE} ` +
        `(the trigger of the run with throttling on; the other run turns it off)`,
    );
  }
  if (settings.writeBufferSizeBytes >= settings.memstoreLimitBytes) {
    throw new FlagError(
      '--write_buffer_size must be below --memstore_limit, or one memtable fills the memstore',
    );
  }
  return settings;
}

/** The flag values for the report's configuration, in the units the flags take. */
export function describeSettings(
  settings: ThrottleBenchSettings,
): Record<string, string | number | boolean> {
  return {
    duration: settings.durationSeconds,
    writers: settings.writers,
    rows_per_write: settings.rowsPerWrite,
    key_size: settings.keySizeBytes,
    value_size: settings.valueSizeBytes,
    sync: settings.sync,
    memstore_limit: settings.memstoreLimitBytes,
    write_buffer_size: settings.writeBufferSizeBytes,
    writing_throttling_trigger_percentage: settings.triggerPercentage,
    writing_throttling_maximum_duration_ms: settings.maxDurationMs,
    flush_delay_ms: settings.flushDelayMs,
  };
}
