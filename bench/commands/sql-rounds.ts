// The step order shared by the benchmarks over MySQL endpoints (sql, join): open the target and
// the --vs server, each with a pool of --threads connections; prepare once; run every workload
// on each target in turn, --rounds times; clean up; close both whatever happened.

import type { Pool } from 'mysql2/promise';

import type { BenchReport, RunReport } from '../report/types.js';
import { errorMessage } from '../run/errors.js';
import type { PhaseContext } from '../run/phase.js';
import type { SqlStep } from '../sql/sysbench-phase.js';
import { createPool } from '../target/mysql-client.js';
import { openSqlTarget } from '../target/targets.js';
import type { SqlTarget, TargetChoice } from '../target/targets.js';
import { distinguishTargets } from './common.js';
import type { CommonOptions } from './common.js';

export interface OpenTarget {
  target: SqlTarget;
  pool: Pool;
}

export interface SqlRounds<W> {
  /** The target, then the --vs server when given. */
  choices: readonly TargetChoice[];
  database: string;
  common: CommonOptions;
  threads: number;
  workloads: readonly W[];
  steps: ReadonlySet<SqlStep>;
  report: BenchReport;
  context: PhaseContext;
  /** One step on one target; prepare and cleanup get the first workload. */
  runStep(step: SqlStep, workload: W, open: OpenTarget, round: number): Promise<RunReport>;
}

/** Runs the steps, adding every run (and a note for what an interruption skipped) to report. */
export async function runSqlRounds<W>(rounds: SqlRounds<W>): Promise<void> {
  const { common, report, context, steps, runStep } = rounds;
  const opened: OpenTarget[] = [];
  try {
    for (const [i, choice] of rounds.choices.entries()) {
      const target = await openSqlTarget(choice, {
        database: rounds.database,
        datadir: common.datadir,
        label: i === 0 ? common.label : common.vsLabel,
      });
      opened.push({ target, pool: createPool(target.endpoint, rounds.threads) });
      report.targets.push(target.info);
    }
    if (opened.length === 2) distinguishTargets(opened[0]!.target.info, opened[1]!.target.info);
    const first = rounds.workloads[0]!;
    for (let round = 1; round <= common.rounds && !context.signal.aborted; round++) {
      if (round === 1 && steps.has('prepare')) {
        for (const open of opened) report.runs.push(await runStep('prepare', first, open, round));
      }
      if (steps.has('run')) {
        for (const workload of rounds.workloads) {
          for (const open of opened) {
            if (context.signal.aborted) break;
            report.runs.push(await runStep('run', workload, open, round));
          }
        }
      }
    }
    if (steps.has('cleanup') && !context.signal.aborted) {
      for (const open of opened) report.runs.push(await runStep('cleanup', first, open, 1));
    } else if (steps.has('cleanup')) {
      report.notes.push('interrupted before cleanup: the sbtest tables were left in place');
    }
  } finally {
    for (const open of opened) {
      await open.pool.end().catch(() => undefined);
      await open.target
        .close()
        .catch((error: unknown) =>
          report.notes.push(`closing ${open.target.info.label}: ${errorMessage(error)}`),
        );
    }
  }
}
