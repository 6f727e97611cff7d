// Concurrent workers (benchmark clients) issuing operations until a limit is reached: a
// deadline, a total number of operations or bytes, the end of each worker's own sequence, or
// an abort (Ctrl-C). Every operation is timed and lands in the recorder as a success or as an
// error of its kind.

import { errorKind, isConnectionError } from './errors.js';
import type { Recorder } from './recorder.js';

/** Adds to a side counter of the run (queries sent, rows inserted …). */
export type Counter = (name: string, amount?: number) => void;

/** One operation, chosen by the workload: its type for the report, and how to run it. */
export interface Operation {
  readonly type: string;
  /** Resolves to the bytes moved (0 when not meaningful); rejects when the operation failed. */
  run(count: Counter): Promise<number>;
}

/** The next operation of a worker (0-based), or undefined when that worker has nothing left. */
export type NextOperation = (worker: number) => Operation | undefined;

export interface WorkerLimits {
  /** Stop issuing at this Date.now() value. */
  deadlineMs?: number;
  /** Stop once this many operations were issued across all workers. */
  totalOps?: number;
  /** Stop once this many bytes were moved across all workers. */
  totalBytes?: number;
}

/**
 * After a connection-level error (refused, reset, too many connections), a worker waits this long
 * before trying again, so that an unreachable endpoint yields a countable stream of errors rather
 * than a busy loop of millions.
 */
export const CONNECTION_RETRY_MS = 100;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export interface WorkerRun {
  workers: number;
  next: NextOperation;
  recorder: Recorder;
  limits: WorkerLimits;
  signal: AbortSignal;
}

/** Runs the workers to completion. Never rejects: failures are recorded. */
export async function runWorkers(run: WorkerRun): Promise<void> {
  const { recorder, limits, signal } = run;
  let issued = 0;
  const mayIssue = () =>
    !signal.aborted &&
    (limits.deadlineMs === undefined || Date.now() < limits.deadlineMs) &&
    (limits.totalOps === undefined || issued < limits.totalOps) &&
    (limits.totalBytes === undefined || recorder.bytes < limits.totalBytes);

  const count: Counter = (name, amount = 1) => recorder.count(name, amount);
  const worker = async (index: number) => {
    while (mayIssue()) {
      const operation = run.next(index);
      if (operation === undefined) return;
      issued++;
      const startedNs = process.hrtime.bigint();
      try {
        const bytes = await operation.run(count);
        recorder.success(operation.type, startedNs, bytes);
      } catch (error) {
        recorder.failure(operation.type, errorKind(error));
        if (isConnectionError(error)) await sleep(CONNECTION_RETRY_MS, signal);
      }
    }
  };
  await Promise.all(Array.from({ length: run.workers }, (_, index) => worker(index)));
}
