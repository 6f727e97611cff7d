// One phase of the sysbench-style benchmark run by the sysbench binary: `run` reported from its
// output, `prepare` and `cleanup` as one operation each, timed as a whole (prepare counting the
// rows it loaded).

import type { MysqlEndpoint } from '../common/mysql-url.js';
import type { RunReport } from '../report/types.js';
import { failedRun, reportOf } from '../run/phase.js';
import type { PhaseContext } from '../run/phase.js';
import { Recorder } from '../run/recorder.js';
import type { PhaseTarget, SqlRunSettings } from './mysql2-driver.js';
import type { OltpWorkload } from './oltp.js';
import { runSysbench, sysbenchRunReport } from './sysbench-binary.js';
import { parseSysbenchRun } from './sysbench-output.js';

export const SQL_STEPS = ['prepare', 'run', 'cleanup'] as const;
export type SqlStep = (typeof SQL_STEPS)[number];

export interface SysbenchPhase {
  step: SqlStep;
  workload: OltpWorkload;
  phaseTarget: PhaseTarget;
  endpoint: MysqlEndpoint;
  settings: SqlRunSettings;
  seed: number;
  context: PhaseContext;
}

export async function sysbenchPhase(call: SysbenchPhase): Promise<RunReport> {
  const { step, phaseTarget, settings, context } = call;
  const phase = step === 'run' ? `oltp_${call.workload}` : step;
  const base = {
    phase,
    target: phaseTarget.label,
    round: phaseTarget.round,
    settings: { driver: 'sysbench', threads: settings.threads, seconds: settings.seconds },
  };
  const onLine = context.progress.enabled
    ? (line: string) => process.stderr.write(`[${phase} @${phaseTarget.label}] ${line}\n`)
    : undefined;
  const recorder = new Recorder();
  const startedAt = new Date();
  recorder.startMeasuring();
  const startedNs = process.hrtime.bigint();
  try {
    const stdout = await runSysbench({
      workload: call.workload,
      command: step,
      endpoint: call.endpoint,
      settings,
      seed: call.seed,
      signal: context.signal,
      onLine,
    });
    if (step === 'run') {
      return sysbenchRunReport(parseSysbenchRun(stdout), {
        ...base,
        startedAt: startedAt.toISOString(),
        interrupted: context.signal.aborted,
      });
    }
    recorder.success(`sysbench_${step}`, startedNs);
    if (step === 'prepare') recorder.count('rows', settings.tables * settings.tableSize);
    recorder.stopMeasuring();
    return reportOf(base, recorder, startedAt, context.signal.aborted, null);
  } catch (error) {
    return failedRun(base, `sysbench ${step}`, error);
  }
}
