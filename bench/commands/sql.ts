// `strata bench sql`: sysbench's OLTP workloads against a StrataDB server (started here by
// default) or any MySQL endpoint, through mysql2 pools or through the sysbench binary, with
// --vs alternating every phase between the target and another server.

import { FlagError, Flags } from '../common/flags.js';
import { SeededRandom } from '../common/random.js';
import type { RunReport } from '../report/types.js';
import { failedRun, runPhase } from '../run/phase.js';
import type { PhaseContext, RunSpec } from '../run/phase.js';
import { cleanupSpec, prepareSpec, runSpec } from '../sql/mysql2-driver.js';
import type { PhaseTarget, SqlRunSettings } from '../sql/mysql2-driver.js';
import { OLTP_DEFAULTS, OLTP_WORKLOADS, parseWorkloadName } from '../sql/oltp.js';
import type { OltpWorkload } from '../sql/oltp.js';
import { RAND_TYPES } from '../sql/random.js';
import { sysbenchVersion } from '../sql/sysbench-binary.js';
import { SQL_STEPS, sysbenchPhase } from '../sql/sysbench-phase.js';
import type { SqlStep as Step } from '../sql/sysbench-phase.js';
import { parseTarget } from '../target/targets.js';
import { WorkerConnections } from '../target/worker-connections.js';
import { readCommonOptions, startReport } from './common.js';
import { runSqlRounds } from './sql-rounds.js';
import type { OpenTarget } from './sql-rounds.js';
import type { CommonOptions, Outcome } from './common.js';

const DATABASE = 'sbtest';

interface SqlOptions {
  common: CommonOptions;
  target: string;
  workloads: OltpWorkload[];
  driver: 'mysql2' | 'sysbench';
  steps: Set<Step>;
  settings: SqlRunSettings;
}

function readOptions(argv: string[]): SqlOptions {
  const flags = new Flags(argv);
  const common = readCommonOptions(flags);
  const workloads = flags.list('workloads', 'point_select,read_write').map((name) => {
    const workload = parseWorkloadName(name);
    if (workload === undefined) {
      throw new FlagError(`unknown workload '${name}' (${OLTP_WORKLOADS.join(', ')})`);
    }
    return workload;
  });
  const steps = flags.list('steps', SQL_STEPS.join(',')).map((step) => {
    if (!(SQL_STEPS as readonly string[]).includes(step)) {
      throw new FlagError(`unknown step '${step}' (${SQL_STEPS.join(', ')})`);
    }
    return step as Step;
  });
  const settings: SqlRunSettings = {
    ...OLTP_DEFAULTS,
    tables: flags.integer('tables', 4, 1),
    tableSize: flags.integer('table_size', 10_000, 1),
    threads: flags.integer('threads', 8, 1),
    seconds: flags.positive('seconds', 10),
    events: flags.integer('events', 0, 0),
    rangeSize: flags.integer('range_size', OLTP_DEFAULTS.rangeSize, 1),
    randType: flags.choice('rand_type', 'special', RAND_TYPES),
    preparedStatements: flags.bool('ps', true),
    skipTrx: flags.bool('skip_trx', false),
    engineClause: flags.optionalString('engine'),
    intervalSeconds: common.intervalSeconds,
  };
  const options: SqlOptions = {
    common,
    target: flags.string('target', 'server'),
    workloads,
    driver: flags.choice('driver', 'mysql2', ['mysql2', 'sysbench'] as const),
    steps: new Set(steps),
    settings,
  };
  flags.rejectUnknown();
  return options;
}

async function runStep(
  step: Step,
  workload: OltpWorkload,
  open: OpenTarget,
  round: number,
  options: SqlOptions,
  context: PhaseContext,
): Promise<RunReport> {
  const { target, pool } = open;
  const phaseTarget: PhaseTarget = { label: target.info.label, round };
  const phase = step === 'run' ? `oltp_${workload}` : step;
  const base = { phase, target: target.info.label, round, settings: {} };
  if (target.openError !== null) return failedRun(base, 'connect', target.openError);
  if (options.driver === 'sysbench') {
    return sysbenchPhase({
      step,
      workload,
      phaseTarget,
      endpoint: target.endpoint,
      settings: options.settings,
      seed: options.common.seed,
      context,
    });
  }
  const random = new SeededRandom(options.common.seed).fork(round);
  const connections = new WorkerConnections(pool);
  const spec: RunSpec =
    step === 'prepare'
      ? prepareSpec(phaseTarget, options.settings, random, connections)
      : step === 'run'
        ? runSpec(workload, phaseTarget, options.settings, random, connections)
        : cleanupSpec(phaseTarget, options.settings, connections);
  try {
    const [report] = await runPhase(`${phase} @${target.info.label}`, [spec], context);
    return report!;
  } finally {
    connections.releaseAll();
  }
}

export async function runSqlBenchmark(argv: string[], signal: AbortSignal): Promise<Outcome> {
  const options = readOptions(argv);
  const { common, settings } = options;
  const context: PhaseContext = { signal, progress: common.progress };
  const choices = [parseTarget(options.target, ['server', 'mysql'])];
  if (common.vs !== undefined) choices.push(parseTarget(common.vs, ['mysql']));
  const report = startReport('sql', `sysbench-style OLTP: ${options.workloads.join(', ')}`, argv, {
    target: options.target,
    vs: common.vs ?? null,
    workloads: options.workloads,
    driver: options.driver,
    steps: [...options.steps],
    rounds: common.rounds,
    seed: common.seed,
    ...settings,
  });
  if (options.driver === 'sysbench') {
    const version = await sysbenchVersion();
    if (version === null) {
      throw new Error('the sysbench binary is not installed (apt-get install sysbench)');
    }
    report.versions.sysbench = version;
  }
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
  report.notes.push(`seed ${common.seed} (--seed replays the random choices)`);
  return { report, files: common.files };
}
