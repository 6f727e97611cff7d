// `strata bench workload FILE.xml`: a COSBench workload file, stage by stage (the works of a
// stage run together), against the file's storage or --target, alternating each stage with the
// --vs server when one is given.

import { FlagError, Flags } from '../common/flags.js';
import { errorMessage } from '../run/errors.js';
import { failedRun, runPhase } from '../run/phase.js';
import type { PhaseContext, RunSpec } from '../run/phase.js';
import { parseTarget } from '../target/targets.js';
import { choiceFromFile, openStorage } from '../workload/open-storage.js';
import type { OpenStorageOptions, OpenedStorage } from '../workload/open-storage.js';
import { readWorkloadFile } from '../workload/parse.js';
import type { StageSpec, WorkloadSpec } from '../workload/model.js';
import { ContentSource, workRunSpec } from '../workload/works.js';
import { distinguishTargets, readCommonOptions, startReport } from './common.js';
import type { Outcome } from './common.js';

const MS_PER_SECOND = 1000;

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

/** The most workers a stage runs at once: the pool size a MySQL-protocol storage needs. */
function peakWorkers(workload: WorkloadSpec): number {
  return Math.max(
    ...workload.stages.map((stage) => stage.works.reduce((sum, work) => sum + work.workers, 0)),
  );
}

async function runStage(
  stage: StageSpec,
  opened: OpenedStorage,
  round: number,
  seed: number,
  intervalSeconds: number,
  content: ContentSource,
  context: PhaseContext,
) {
  const label = opened.info.label;
  if (opened.storage === undefined) {
    return stage.works
      .filter((work) => work.type !== 'delay')
      .map((work) =>
        failedRun(
          { phase: `${stage.name}/${work.name}`, target: label, round, settings: {} },
          'open storage',
          opened.openError,
        ),
      );
  }
  const specs = stage.works
    .map((work) =>
      workRunSpec(work, {
        stage: stage.name,
        target: label,
        round,
        storage: opened.storage!,
        seed,
        intervalSeconds,
        content,
      }),
    )
    .filter((spec): spec is RunSpec => spec !== undefined);
  const reports = specs.length > 0 ? await runPhase(`${stage.name} @${label}`, specs, context) : [];
  if (stage.closureDelaySeconds > 0) {
    await sleep(stage.closureDelaySeconds * MS_PER_SECOND, context.signal);
  }
  return reports;
}

export async function runWorkloadBenchmark(argv: string[], signal: AbortSignal): Promise<Outcome> {
  const [file, ...rest] = argv;
  if (file === undefined || file.startsWith('--')) {
    throw new FlagError('workload needs a workload file: strata bench workload FILE.xml');
  }
  const flags = new Flags(rest);
  const common = readCommonOptions(flags);
  const targetText = flags.optionalString('target');
  flags.rejectUnknown();

  const workload = readWorkloadFile(file);
  const fromFile = targetText === undefined ? choiceFromFile(workload.storage) : undefined;
  const primary: OpenStorageOptions = {
    choice: fromFile?.choice ?? parseTarget(targetText!, ['strata', 'server', 'mysql']),
    path: fromFile?.path,
    sync: fromFile?.sync ?? true,
    datadir: common.datadir,
    label: common.label,
    connections: peakWorkers(workload),
  };
  const choices = [primary];
  if (common.vs !== undefined) {
    choices.push({
      ...primary,
      choice: parseTarget(common.vs, ['mysql']),
      path: undefined,
      label: common.vsLabel,
    });
  }
  const context: PhaseContext = { signal, progress: common.progress };
  const report = startReport(
    'workload',
    `COSBench workload ${workload.name}${workload.description ? `: ${workload.description}` : ''}`,
    argv,
    {
      file,
      workload: workload.name,
      storage:
        targetText === undefined
          ? { type: workload.storage.type, config: Object.fromEntries(workload.storage.config) }
          : { target: targetText },
      vs: common.vs ?? null,
      rounds: common.rounds,
      seed: common.seed,
      intervalSeconds: common.intervalSeconds,
      stages: workload.stages.map((stage) => ({
        name: stage.name,
        closureDelaySeconds: stage.closureDelaySeconds,
        works: stage.works.map(({ position: _position, element: _element, ...work }) => ({
          ...work,
          operations: work.operations.map(({ position: _p, element: _e, ...op }) => op),
        })),
      })),
    },
  );
  if (targetText !== undefined) {
    report.notes.push(
      `--target ${targetText} replaced the file's <storage type="${workload.storage.type}">`,
    );
  }

  const content = new ContentSource();
  const opened: OpenedStorage[] = [];
  try {
    for (const options of choices) {
      const storage = await openStorage(options);
      opened.push(storage);
      report.targets.push(storage.info);
    }
    if (opened.length === 2) distinguishTargets(opened[0]!.info, opened[1]!.info);
    for (let round = 1; round <= common.rounds && !signal.aborted; round++) {
      for (const stage of workload.stages) {
        for (const storage of opened) {
          if (signal.aborted) break;
          report.runs.push(
            ...(await runStage(
              stage,
              storage,
              round,
              common.seed,
              common.intervalSeconds,
              content,
              context,
            )),
          );
        }
      }
    }
  } finally {
    for (const storage of opened) {
      await storage
        .close()
        .catch((error: unknown) =>
          report.notes.push(`closing ${storage.info.label}: ${errorMessage(error)}`),
        );
    }
  }
  report.notes.push(`seed ${common.seed} (--seed replays the random choices)`);
  return { report, files: common.files };
}
