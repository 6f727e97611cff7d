// The throttle benchmark's goal, checked against its own figures: with throttling on, memtable
// memory never goes above the limit and no write waits more than a second; with it off, writes
// stall hard at the limit or memory runs past it.

import { formatCount, formatMiB, formatMs } from '../report/format.js';
import type { GoalCheck, RunReport } from '../report/types.js';
import { SLOW_WRITE_MS, THROTTLE_OFF, THROTTLE_ON } from './overload.js';

const PERCENT = 100;
const MS_PER_SECOND = 1000;

function memoryEvidence(run: RunReport): string {
  const m = run.memstore!;
  const share = ((m.maxBytes / m.limitBytes) * PERCENT).toFixed(0);
  return `at most ${formatMiB(m.maxBytes)} MiB held of a ${formatMiB(m.limitBytes)} MiB limit (${share}%)`;
}

function waitEvidence(run: RunReport): string {
  const m = run.memstore!;
  return (
    `${formatCount(m.slowWrites)} writes over ${formatMs(m.slowWriteMs)} ms, ` +
    `longest ${formatMs(run.total.latencyMs?.max)} ms`
  );
}

function stallEvidence(run: RunReport): string {
  const m = run.memstore!;
  return `${formatCount(m.limitStalls)} hard-limit stalls (${m.stallSeconds.toFixed(1)} s stalled in the engine)`;
}

/** The reason a run cannot be judged, or null. */
function unjudgeable(run: RunReport | undefined): string | null {
  if (run === undefined) return 'the run did not take place';
  if (run.memstore === undefined || run.total.successes === 0) return 'no write succeeded';
  return null;
}

function check(
  goal: string,
  run: RunReport | undefined,
  met: (run: RunReport) => boolean,
  evidence: (run: RunReport) => string,
): GoalCheck {
  const reason = unjudgeable(run);
  if (reason !== null) return { goal, met: false, evidence: reason };
  return { goal, met: met(run!), evidence: evidence(run!) };
}

/** The goal's checks, from the runs with throttling on and off (undefined: did not run). */
export function checkGoals(on: RunReport | undefined, off: RunReport | undefined): GoalCheck[] {
  return [
    check(
      `${THROTTLE_ON}: memtable memory never above the limit`,
      on,
      (run) => run.memstore!.maxBytes <= run.memstore!.limitBytes,
      memoryEvidence,
    ),
    check(
      `${THROTTLE_ON}: no write waits more than ${SLOW_WRITE_MS / MS_PER_SECOND} s`,
      on,
      (run) => run.memstore!.slowWrites === 0,
      (run) => `${waitEvidence(run)}; ${stallEvidence(run)}`,
    ),
    check(
      `${THROTTLE_OFF}: writes stall hard or memory runs past the limit`,
      off,
      (run) => {
        const m = run.memstore!;
        return m.limitStalls > 0 || m.slowWrites > 0 || m.maxBytes > m.limitBytes;
      },
      (run) => `${stallEvidence(run)}; ${waitEvidence(run)}; ${memoryEvidence(run)}`,
    ),
  ];
}
