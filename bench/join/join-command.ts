// `strata bench join`: the join-heavy read workloads (join-workloads.ts) against a StrataDB
// server (started here by default) or any MySQL endpoint, alternating with --vs every phase.
// The tables are loaded as sysbench loads sbtest1 and sbtest2, then analyzed (ANALYZE TABLE) so
// that both systems plan with statistics.

import { readCommonOptions, startReport } from '../commands/common.js';
import { runSqlRounds } from '../commands/sql-rounds.js';
import type { OpenTarget } from '../commands/sql-rounds.js';
import type { CommonOptions, Outcome } from '../commands/common.js';
import { FlagError, Flags } from '../common/flags.js';
import { SeededRandom } from '../common/random.js';
import type { RunReport } from '../report/types.js';
import { failedRun, runPhase } from '../run/phase.js';
import type { PhaseContext } from '../run/phase.js';
import { cleanupSpec, prepareSpec } from '../sql/mysql2-driver.js';
import type { SqlRunSettings } from '../sql/mysql2-driver.js';
import { SQL_STEPS } from '../sql/sysbench-phase.js';
import type { SqlStep as Step } from '../sql/sysbench-phase.js';
import { OLTP_DEFAULTS } from '../sql/oltp.js';
import { tableName } from '../sql/statements.js';
import { parseTarget } from '../target/targets.js';
import { WorkerConnections } from '../target/worker-connections.js';
import { JOIN_WORKLOADS, joinRunSpec } from './join-workloads.js';
import type { JoinWorkload } from './join-workloads.js';

const DATABASE = 'sbtest';
const TABLES = 2;

interface JoinOptions {
  common: CommonOptions;
  target: string;
  workloads: JoinWorkload[];
  steps: Set<Step>;
  settings: SqlRunSettings;
}

function readOptions(argv: string[]): JoinOptions {
  const flags = new Flags(argv);
  const common = readCommonOptions(flags);
  const workloads = flags.list('workloads', JOIN_WORKLOADS.join(',')).map((name) => {
    if (!(JOIN_WORKLOADS as readonly string[]).includes(name))
      throw new FlagError(`unknown workload '${name}' (${JOIN_WORKLOADS.join(', ')})`);
    return name as JoinWorkload;
  });
  const steps = flags.list('steps', SQL_STEPS.join(',')).map((step) => {
    if (!(SQL_STEPS as readonly string[]).includes(step))
      throw new FlagError(`unknown step '${step}' (${SQL_STEPS.join(', ')})`);
    return step as Step;
  });
  const settings: SqlRunSettings = {
    ...OLTP_DEFAULTS,
    tables: TABLES,
    tableSize: flags.integer('table_size', 100_000, 1),
    threads: flags.integer('threads', 8, 1),
    seconds: flags.positive('seconds', 10),
    events: 0,
    randType: 'uniform',
    preparedStatements: true,
    skipTrx: true,
    engineClause: undefined,
    intervalSeconds: common.intervalSeconds,
  };
  const options: JoinOptions = {
    common,
    target: flags.string('target', 'server'),
    workloads,
    steps: new Set(steps),
    settings,
  };
  flags.rejectUnknown();
  return options;
}

async function runStep(
  step: Step,
  workload: JoinWorkload,
  open: OpenTarget,
  round: number,
  options: JoinOptions,
  context: PhaseContext,
): Promise<RunReport> {
  const { target, pool } = open;
  const phaseTarget = { label: target.info.label, round };
  const phase = step === 'run' ? workload : step;
  const base = { phase, target: target.info.label, round, settings: {} };
  if (target.openError !== null) return failedRun(base, 'connect', target.openError);
  const random = new SeededRandom(options.common.seed).fork(round);
  const connections = new WorkerConnections(pool);
  const spec =
    step === 'prepare'
      ? prepareSpec(phaseTarget, options.settings, random, connections)
      : step === 'run'
        ? joinRunSpec(workload, phaseTarget, options.settings, random, connections)
        : cleanupSpec(phaseTarget, options.settings, connections);
  let report: RunReport | undefined;
  try {
    [report] = await runPhase(`${phase} @${target.info.label}`, [spec], context);
  } finally {
    // Before ANALYZE: the workers may hold every connection of the pool (--threads 2 for the
    // two tables), and the pool would wait for one forever.
    connections.releaseAll();
  }
  if (step === 'prepare') {
    for (let table = 1; table <= TABLES; table++)
      await pool.query(`ANALYZE TABLE ${tableName(table)}`);
  }
  return report!;
}

export async function runJoinBenchmark(argv: string[], signal: AbortSignal): Promise<Outcome> {
  const options = readOptions(argv);
  const { common, settings } = options;
  const context: PhaseContext = { signal, progress: common.progress };
  const choices = [parseTarget(options.target, ['server', 'mysql'])];
  if (common.vs !== undefined) choices.push(parseTarget(common.vs, ['mysql']));
  const report = startReport('sql', `join-heavy reads: ${options.workloads.join(', ')}`, argv, {
    target: options.target,
    vs: common.vs ?? null,
    workloads: options.workloads,
    steps: [...options.steps],
    rounds: common.rounds,
    seed: common.seed,
    tableSize: settings.tableSize,
    threads: settings.threads,
    seconds: settings.seconds,
  });
  await runSqlRounds({
    choices,
    database: DATABASE,
    common,
    threads: settings.threads,
    workloads: options.workloads,
    steps: options.steps,
    report,
    context,
    runStep: (step, workload, open, round) =>
      runStep(step, workload, open, round, options, context),
  });
  report.notes.push(
    `tables sbtest1 and sbtest2 of ${settings.tableSize} rows each, analyzed after loading`,
    `seed ${common.seed} (--seed replays the random choices)`,
  );
  return { report, files: common.files };
}
