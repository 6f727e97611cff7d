// One phase of a benchmark: one or more runs started together (the works of a COSBench stage run
// side by side; a sysbench workload or a load scenario is a single run), each with its workers,
// its limits, its recorder and its timeline, under one progress line.

import type { Figures, RunReport } from '../report/types.js';
import { errorKind, errorMessage } from './errors.js';
import { Progress } from './progress.js';
import type { ProgressOptions } from './progress.js';
import { Recorder } from './recorder.js';
import { runWorkers } from './workers.js';
import type { NextOperation } from './workers.js';

const MS_PER_SECOND = 1000;

export interface RunSpec {
  phase: string;
  target: string;
  round: number;
  workers: number;
  next: NextOperation;
  /** Measured seconds; omitted when the run ends by count or by running out of work. */
  seconds?: number;
  totalOps?: number;
  totalBytes?: number;
  /** Seconds run before measuring starts and after it ends (COSBench's rampup/rampdown). */
  rampupSeconds?: number;
  rampdownSeconds?: number;
  /** Timeline sampling interval. */
  intervalSeconds: number;
  settings: Record<string, string | number | boolean>;
  /** A reason to call the whole run failed once it ended (acceptable failure ratio …), or null. */
  judge?: (total: Figures) => string | null;
}

export interface PhaseContext {
  signal: AbortSignal;
  progress: ProgressOptions;
}

export function reportOf(
  spec: Pick<RunSpec, 'phase' | 'target' | 'round' | 'settings'>,
  recorder: Recorder,
  startedAt: Date,
  interrupted: boolean,
  failure: string | null,
): RunReport {
  return {
    phase: spec.phase,
    target: spec.target,
    round: spec.round,
    startedAt: startedAt.toISOString(),
    interrupted,
    failure,
    total: recorder.totalFigures(),
    operations: recorder.operationFigures(),
    timeline: recorder.timeline,
    settings: spec.settings,
  };
}

/**
 * The report of a run that could not start (its target unreachable, its setup failed): the
 * failure is counted as one failed operation of type `operation`, so that it adds up like any other.
 */
export function failedRun(
  spec: Pick<RunSpec, 'phase' | 'target' | 'round' | 'settings'>,
  operation: string,
  error: unknown,
): RunReport {
  const recorder = new Recorder();
  recorder.startMeasuring();
  recorder.failure(operation, errorKind(error));
  recorder.stopMeasuring();
  return reportOf(spec, recorder, new Date(), false, `${operation}: ${errorMessage(error)}`);
}

async function runOne(spec: RunSpec, recorder: Recorder, context: PhaseContext): Promise<void> {
  const rampupMs = (spec.rampupSeconds ?? 0) * MS_PER_SECOND;
  const measuredMs = spec.seconds === undefined ? undefined : spec.seconds * MS_PER_SECOND;
  const rampdownMs = (spec.rampdownSeconds ?? 0) * MS_PER_SECOND;
  const startMs = Date.now();
  const timers: NodeJS.Timeout[] = [];
  const sampler = setInterval(() => recorder.tick(), spec.intervalSeconds * MS_PER_SECOND);
  if (rampupMs > 0) timers.push(setTimeout(() => recorder.startMeasuring(), rampupMs));
  else recorder.startMeasuring();
  if (measuredMs !== undefined && rampdownMs > 0) {
    timers.push(setTimeout(() => recorder.stopMeasuring(), rampupMs + measuredMs));
  }
  try {
    await runWorkers({
      workers: spec.workers,
      next: spec.next,
      recorder,
      signal: context.signal,
      limits: {
        deadlineMs:
          measuredMs === undefined ? undefined : startMs + rampupMs + measuredMs + rampdownMs,
        totalOps: spec.totalOps,
        totalBytes: spec.totalBytes,
      },
    });
  } finally {
    clearInterval(sampler);
    timers.forEach(clearTimeout);
    recorder.stopMeasuring();
  }
}

/** Runs the specs together; resolves to one report per spec, in order. */
export async function runPhase(
  label: string,
  specs: RunSpec[],
  context: PhaseContext,
): Promise<RunReport[]> {
  const recorders = specs.map(() => new Recorder());
  const startedAt = new Date();
  const progress = new Progress(context.progress, label, recorders);
  progress.start();
  try {
    await Promise.all(specs.map((spec, i) => runOne(spec, recorders[i]!, context)));
  } finally {
    progress.stop();
  }
  const interrupted = context.signal.aborted;
  return specs.map((spec, i) => {
    const recorder = recorders[i]!;
    const failure = spec.judge?.(recorder.totalFigures()) ?? null;
    return reportOf(spec, recorder, startedAt, interrupted, failure);
  });
}
