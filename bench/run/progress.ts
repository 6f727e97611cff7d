// The live progress line on stderr: what is running, elapsed time, operations so far, the
// current throughput (over the last update interval) and errors. On a terminal it rewrites one
// line; elsewhere (when asked for with --progress) it prints one line per update.

import type { Recorder } from './recorder.js';

const UPDATE_MS = 1000;
const MS_PER_SECOND = 1000;
const CLEAR_LINE = '\r\x1b[K';

export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  enabled: boolean;
  sink?: ProgressSink;
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Shows the combined progress of the recorders of one phase (several works of a stage run at once). */
export class Progress {
  private timer: NodeJS.Timeout | undefined;
  private readonly sink: ProgressSink;
  private startedMs = 0;
  private lastMs = 0;
  private lastSuccesses = 0;
  private shown = false;

  constructor(
    private readonly options: ProgressOptions,
    private readonly label: string,
    private readonly recorders: readonly Recorder[],
  ) {
    this.sink = options.sink ?? process.stderr;
  }

  start(): void {
    if (!this.options.enabled) return;
    this.startedMs = Date.now();
    this.lastMs = this.startedMs;
    this.timer = setInterval(() => this.update(), UPDATE_MS);
    this.timer.unref();
  }

  /** Stops updating and ends the line. */
  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.update();
    if (this.sink.isTTY === true && this.shown) this.sink.write('\n');
  }

  private update(): void {
    const now = Date.now();
    let successes = 0;
    let errors = 0;
    for (const recorder of this.recorders) {
      successes += recorder.successes;
      errors += recorder.errors;
    }
    const seconds = (now - this.lastMs) / MS_PER_SECOND;
    const rate = seconds > 0 ? (successes - this.lastSuccesses) / seconds : 0;
    this.lastMs = now;
    this.lastSuccesses = successes;
    const elapsed = ((now - this.startedMs) / MS_PER_SECOND).toFixed(1);
    const line =
      `[${this.label}] ${elapsed} s  ${formatCount(successes)} ops  ` +
      `${formatCount(rate)} ops/s  ${formatCount(errors)} errors`;
    this.shown = true;
    this.sink.write(this.sink.isTTY === true ? CLEAR_LINE + line : line + '\n');
  }
}
