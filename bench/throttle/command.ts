// `strata bench throttle`: the same sustained overload twice, on a fresh engine each time, with
// write throttling on and then off, and the goal checked against the figures.

import { FlagError, Flags } from '../common/flags.js';
import { formatMiB } from '../report/format.js';
import type { BenchReport } from '../report/types.js';
import { readCommonOptions, startReport } from '../commands/common.js';
import type { CommonOptions, Outcome } from '../commands/common.js';
import { checkGoals } from './goals.js';
import { THROTTLE_OFF, THROTTLE_ON, overloadModes, runOverload } from './overload.js';
import { describeSettings, readThrottleSettings } from './settings.js';
import type { ThrottleBenchSettings } from './settings.js';

const TITLE = 'Write throttling under sustained overload';
const MS_PER_SECOND = 1000;
const BYTES_PER_MB = 1e6;
const PERCENT = 100;

/** Both runs are the one in-process engine: nothing to compare with, name or repeat. */
function rejectComparisonFlags(common: CommonOptions): void {
  const given = [
    common.vs !== undefined ? '--vs' : null,
    common.rounds !== 1 ? '--rounds' : null,
    common.label !== undefined ? '--label' : null,
    common.vsLabel !== undefined ? '--vs_label' : null,
  ].filter((flag): flag is string => flag !== null);
  if (given.length > 0) {
    throw new FlagError(
      `${given.join(', ')}: not for the throttle benchmark, which compares throttling on and off on the engine in process`,
    );
  }
}

function describeRuns(settings: ThrottleBenchSettings): string[] {
  const limit = settings.memstoreLimitBytes;
  const trigger = (limit * settings.triggerPercentage) / PERCENT;
  const notes = [
    `${THROTTLE_ON}: trigger ${settings.triggerPercentage}% (${formatMiB(trigger)} MiB), ` +
      `writing_throttling_maximum_duration ${settings.maxDurationMs / MS_PER_SECOND} s; ` +
      `${THROTTLE_OFF}: trigger 100%. Both: memstore limit ${formatMiB(limit)} MiB, ` +
      `${formatMiB(settings.writeBufferSizeBytes)} MiB memtables, ${settings.writers} writers ` +
      `of ${settings.rowsPerWrite} rows (${settings.keySizeBytes}-byte keys, ` +
      `${settings.valueSizeBytes}-byte values) per write, sync ${settings.sync ? 'on' : 'off'}.`,
  ];
  if (settings.flushDelayMs > 0) {
    const flushCeilingMbPerSec =
      settings.writeBufferSizeBytes / BYTES_PER_MB / (settings.flushDelayMs / MS_PER_SECOND);
    notes.push(
      `Flushes slowed on purpose: each waits ${settings.flushDelayMs} ms before writing its ` +
        `memtable (--flush_delay_ms), a disk that flushes at most ` +
        `${flushCeilingMbPerSec.toFixed(1)} MB/s, so that the writers outrun flushing.`,
    );
  }
  return notes;
}

export async function runThrottleBenchmark(argv: string[], signal: AbortSignal): Promise<Outcome> {
  const flags = new Flags(argv);
  const common = readCommonOptions(flags);
  rejectComparisonFlags(common);
  const settings = readThrottleSettings(flags);
  flags.rejectUnknown();

  const report: BenchReport = startReport('throttle', TITLE, argv, {
    ...describeSettings(settings),
    interval: common.intervalSeconds,
    seed: common.seed,
  });
  const context = {
    datadir: common.datadir,
    intervalSeconds: common.intervalSeconds,
    progress: common.progress,
    signal,
    seed: common.seed,
  };
  for (const mode of overloadModes(settings)) {
    if (signal.aborted) break;
    const { run, target } = await runOverload(settings, mode, context);
    report.targets.push(target);
    report.runs.push(run);
  }
  const runOf = (label: string) => report.runs.find((run) => run.target === label);
  report.goals = checkGoals(runOf(THROTTLE_ON), runOf(THROTTLE_OFF));
  report.notes.push(...describeRuns(settings));
  report.notes.push(`seed ${common.seed} (--seed replays the keys)`);
  return { report, files: common.files };
}
