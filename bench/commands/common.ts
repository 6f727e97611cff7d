// What every benchmark command shares: the common flags, the report skeleton, the exit code.

import type { Flags } from '../common/flags.js';
import { machineFacts } from '../common/machine.js';
import { freshSeed } from '../common/random.js';
import { versions } from '../common/versions.js';
import { compareTargets } from '../report/compare.js';
import type { BenchKind, BenchReport, RunReport, TargetInfo } from '../report/types.js';
import type { ReportFiles } from '../report/write.js';
import type { ProgressOptions } from '../run/progress.js';

/** What a benchmark command hands back: its report and where to write it. */
export interface Outcome {
  report: BenchReport;
  files: ReportFiles;
}

export const EXIT_OK = 0;
/** Some run failed as a whole: its target was unreachable, or nothing it tried succeeded. */
export const EXIT_FAILED_RUN = 1;
/** Bad flags or a malformed workload file. */
export const EXIT_USAGE = 2;

export interface CommonOptions {
  datadir: string | undefined;
  files: ReportFiles;
  vs: string | undefined;
  rounds: number;
  label: string | undefined;
  vsLabel: string | undefined;
  intervalSeconds: number;
  progress: ProgressOptions;
  seed: number;
}

export function readCommonOptions(flags: Flags): CommonOptions {
  return {
    datadir: flags.optionalString('datadir'),
    files: {
      json: flags.optionalString('json'),
      md: flags.optionalString('md'),
      html: flags.optionalString('html'),
    },
    vs: flags.optionalString('vs'),
    rounds: flags.integer('rounds', 1, 1),
    label: flags.optionalString('label'),
    vsLabel: flags.optionalString('vs_label'),
    intervalSeconds: flags.positive('interval', 1),
    progress: { enabled: flags.bool('progress', process.stderr.isTTY === true) },
    seed: flags.integer('seed', freshSeed(), 0),
  };
}

/** The skeleton of a report, filled in as the runs finish. */
export function startReport(
  kind: BenchKind,
  title: string,
  argv: string[],
  config: Record<string, unknown>,
): BenchReport {
  const now = new Date().toISOString();
  return {
    tool: 'strata bench',
    kind,
    title,
    argv,
    startedAt: now,
    finishedAt: now,
    interrupted: false,
    machine: machineFacts(),
    versions: versions(),
    config,
    targets: [],
    runs: [],
    comparisons: [],
    notes: [],
  };
}

export function finishReport(report: BenchReport, signal: AbortSignal): BenchReport {
  report.finishedAt = new Date().toISOString();
  report.interrupted = signal.aborted || report.runs.some((run) => run.interrupted);
  const [primary, other] = report.targets;
  if (primary !== undefined && other !== undefined) {
    report.comparisons = compareTargets(report.runs, primary.label, other.label);
  }
  return report;
}

/** Gives the --vs target a different label when both would read the same. */
export function distinguishTargets(primary: TargetInfo, other: TargetInfo): void {
  if (primary.label === other.label) {
    primary.label = `${primary.label}-target`;
    other.label = `${other.label}-vs`;
  }
}

function runFailed(run: RunReport): boolean {
  return run.failure !== null || (run.total.errors > 0 && run.total.successes === 0);
}

export function exitCodeOf(report: BenchReport): number {
  return report.runs.some(runFailed) ? EXIT_FAILED_RUN : EXIT_OK;
}
