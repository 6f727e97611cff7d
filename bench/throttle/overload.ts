// One run of the throttle benchmark: a fresh engine with a memstore limit and slowed flushes,
// and writers that offer far more than flushing can absorb, for a fixed time. Every write is
// timed into the recorder (throughput, latency percentiles per interval) and the memstore
// monitor (memory, slow writes, throttle waits, hard-limit stalls per interval).

import { Engine, WriteBatch } from '../../src/engine/index.js';
import { SeededRandom } from '../common/random.js';
import { stratadbVersion } from '../common/versions.js';
import type { MemstoreRun, RunReport, TargetInfo } from '../report/types.js';
import { failedRun, reportOf } from '../run/phase.js';
import { Progress } from '../run/progress.js';
import type { ProgressOptions } from '../run/progress.js';
import { Recorder } from '../run/recorder.js';
import { runWorkers } from '../run/workers.js';
import type { Operation } from '../run/workers.js';
import { dataDir } from '../target/targets.js';
import { MemstoreMonitor } from './memstore-monitor.js';
import { TRIGGER_OFF_PERCENTAGE, describeSettings } from './settings.js';
import type { ThrottleBenchSettings } from './settings.js';

export const PHASE = 'overload';
/** The goal's bound: with throttling on, no write waits longer than this. */
export const SLOW_WRITE_MS = 1000;
const MS_PER_SECOND = 1000;
const WRITE_OPERATION = 'write';
const VALUE_FILL = 'v';

export interface OverloadMode {
  /** The run's label in the reports ("throttle on"). */
  label: string;
  /** Its data dir's name under --datadir. */
  dirName: string;
  triggerPercentage: number;
}

export const THROTTLE_ON = 'throttle on';
export const THROTTLE_OFF = 'throttle off';

/** The two runs: the trigger asked for, then the same overload with throttling off. */
export function overloadModes(settings: ThrottleBenchSettings): OverloadMode[] {
  return [
    { label: THROTTLE_ON, dirName: 'throttle-on', triggerPercentage: settings.triggerPercentage },
    { label: THROTTLE_OFF, dirName: 'throttle-off', triggerPercentage: TRIGGER_OFF_PERCENTAGE },
  ];
}

export interface OverloadContext {
  datadir: string | undefined;
  intervalSeconds: number;
  progress: ProgressOptions;
  signal: AbortSignal;
  seed: number;
}

export interface OverloadResult {
  run: RunReport;
  target: TargetInfo;
}

/**
 * A writer's keys: a random 4-byte prefix spreads them over the key space, the writer and its
 * counter keep them unique.
 */
function keyWriter(writer: number, random: SeededRandom, keySizeBytes: number) {
  let counter = 0n;
  return () => {
    const key = Buffer.alloc(keySizeBytes);
    key.writeUInt32BE(random.nextUint32(), 0);
    key.writeUInt32BE(writer, 4);
    key.writeBigUInt64BE(counter++, 8);
    return key;
  };
}

function modeSettings(settings: ThrottleBenchSettings, mode: OverloadMode) {
  return {
    ...describeSettings(settings),
    writing_throttling_trigger_percentage: mode.triggerPercentage,
  };
}

async function openEngine(path: string, settings: ThrottleBenchSettings): Promise<Engine> {
  return Engine.open({
    path,
    writeBufferSizeBytes: settings.writeBufferSizeBytes,
    // Room for every memtable the limit allows, so that the memstore limit, not the count of
    // frozen memtables, is what holds writers back.
    maxImmutableMemtables:
      Math.ceil(settings.memstoreLimitBytes / settings.writeBufferSizeBytes) + 1,
    flushDelayMs: settings.flushDelayMs,
  });
}

async function overload(
  engine: Engine,
  settings: ThrottleBenchSettings,
  mode: OverloadMode,
  context: OverloadContext,
  recorder: Recorder,
  monitor: MemstoreMonitor,
): Promise<void> {
  const columnFamily = engine.columnFamily('default');
  const value = Buffer.alloc(settings.valueSizeBytes, VALUE_FILL);
  const writeBytes = settings.rowsPerWrite * (settings.keySizeBytes + settings.valueSizeBytes);
  const random = new SeededRandom(context.seed);
  const keys = Array.from({ length: settings.writers }, (_, writer) =>
    keyWriter(writer, random.fork(writer), settings.keySizeBytes),
  );
  const writeOperation = (writer: number): Operation => ({
    type: WRITE_OPERATION,
    run: async () => {
      const batch = new WriteBatch();
      for (let row = 0; row < settings.rowsPerWrite; row++) {
        batch.put(columnFamily, keys[writer]!(), value);
      }
      const started = performance.now();
      await engine.write(batch, { sync: settings.sync });
      monitor.writeDone(performance.now() - started);
      return writeBytes;
    },
  });
  const progress = new Progress(context.progress, `${PHASE} @${mode.label}`, [recorder]);
  recorder.startMeasuring();
  const ticker = setInterval(() => {
    recorder.tick();
    monitor.alignWith(recorder.timeline);
  }, context.intervalSeconds * MS_PER_SECOND);
  progress.start();
  try {
    await runWorkers({
      workers: settings.writers,
      next: writeOperation,
      recorder,
      signal: context.signal,
      limits: { deadlineMs: Date.now() + settings.durationSeconds * MS_PER_SECOND },
    });
  } finally {
    clearInterval(ticker);
    progress.stop();
    recorder.stopMeasuring();
    monitor.alignWith(recorder.timeline);
  }
}

/** Runs the overload in one mode on a fresh engine; never rejects (a failure is in the run). */
export async function runOverload(
  settings: ThrottleBenchSettings,
  mode: OverloadMode,
  context: OverloadContext,
): Promise<OverloadResult> {
  const dir = dataDir(context.datadir, mode.dirName);
  const target: TargetInfo = {
    label: mode.label,
    kind: 'strata',
    location: `engine at ${dir.path}`,
    version: stratadbVersion(),
  };
  const spec = {
    phase: PHASE,
    target: mode.label,
    round: 1,
    settings: modeSettings(settings, mode),
  };
  let engine: Engine;
  try {
    engine = await openEngine(dir.path, settings);
  } catch (error) {
    dir.release();
    return { run: failedRun(spec, 'open', error), target };
  }
  try {
    engine.setMemstoreThrottle({
      limitBytes: settings.memstoreLimitBytes,
      triggerPercentage: mode.triggerPercentage,
      maxDurationMs: settings.maxDurationMs,
    });
    const recorder = new Recorder();
    const monitor = new MemstoreMonitor(engine, {
      limitBytes: settings.memstoreLimitBytes,
      triggerBytes: engine.stats().throttleTriggerBytes,
      slowWriteMs: SLOW_WRITE_MS,
    });
    const startedAt = new Date();
    let memstore: MemstoreRun;
    try {
      await overload(engine, settings, mode, context, recorder, monitor);
    } finally {
      memstore = monitor.finish();
    }
    const run = reportOf(spec, recorder, startedAt, context.signal.aborted, null);
    return { run: { ...run, memstore }, target };
  } finally {
    await engine.close();
    dir.release();
  }
}
