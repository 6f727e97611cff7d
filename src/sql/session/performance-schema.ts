// performance_schema: the wait summaries MySQL keeps, for the one wait StratDB instruments —
// `memstore memory page alloc wait`, a write held back by memstore write throttling
// (docs/throttling.md). Timers are in picoseconds, as MySQL reports them.
//
//   events_waits_summary_global_by_event_name     one row: every session's waits together
//   events_waits_summary_by_thread_by_event_name  one row per open session (THREAD_ID)

import type { VirtualTable } from '../planner/plan-env.js';
import type { Row } from '../types/value.js';
import { virtualInfo } from './information-schema.js';
import type { ColumnSpec } from './information-schema.js';
import type { SqlSession } from './session.js';

export const PERFORMANCE_SCHEMA = 'performance_schema';
export const MEMSTORE_WAIT_EVENT = 'memstore memory page alloc wait';
const PICOSECONDS_PER_MICROSECOND = 1_000_000n;
/** Virtual table ids continue after information_schema's. */
const TABLE_ID_OFFSET = 100;

/** Waits of one event: count and timers in microseconds (kept as numbers, shown as picoseconds). */
export class WaitSummary {
  count = 0;
  totalMicros = 0;
  minMicros = 0;
  maxMicros = 0;

  record(micros: number): void {
    this.minMicros = this.count === 0 ? micros : Math.min(this.minMicros, micros);
    this.count++;
    this.totalMicros += micros;
    this.maxMicros = Math.max(this.maxMicros, micros);
  }

  /** COUNT_STAR, SUM/MIN/AVG/MAX_TIMER_WAIT. */
  columns(): bigint[] {
    const ps = (micros: number) => BigInt(Math.round(micros)) * PICOSECONDS_PER_MICROSECOND;
    const average = this.count === 0 ? 0 : this.totalMicros / this.count;
    return [
      BigInt(this.count),
      ps(this.totalMicros),
      ps(this.minMicros),
      ps(average),
      ps(this.maxMicros),
    ];
  }
}

const SUMMARY_COLUMNS: ColumnSpec[] = [
  ['COUNT_STAR', 'int'],
  ['SUM_TIMER_WAIT', 'int'],
  ['MIN_TIMER_WAIT', 'int'],
  ['AVG_TIMER_WAIT', 'int'],
  ['MAX_TIMER_WAIT', 'int'],
];

interface Definition {
  columns: ColumnSpec[];
  rows(session: SqlSession): Row[];
}

const DEFINITIONS: Record<string, Definition> = {
  EVENTS_WAITS_SUMMARY_GLOBAL_BY_EVENT_NAME: {
    columns: [['EVENT_NAME', 'string'], ...SUMMARY_COLUMNS],
    rows: (session) => [[MEMSTORE_WAIT_EVENT, ...session.globalThrottleWaits().columns()]],
  },
  EVENTS_WAITS_SUMMARY_BY_THREAD_BY_EVENT_NAME: {
    columns: [['THREAD_ID', 'int'], ['EVENT_NAME', 'string'], ...SUMMARY_COLUMNS],
    rows: (session) =>
      session
        .visibleSessions()
        .map((other) => [
          BigInt(other.connectionId),
          MEMSTORE_WAIT_EVENT,
          ...other.throttleWaits.columns(),
        ]),
  },
};

const infos = new Map(
  Object.entries(DEFINITIONS).map(([name, def], i) => [
    name,
    virtualInfo(TABLE_ID_OFFSET + i, name, def.columns),
  ]),
);

export function performanceSchemaTable(
  session: SqlSession,
  name: string,
): VirtualTable | undefined {
  const upper = name.toUpperCase();
  const def = DEFINITIONS[upper];
  if (!def) return undefined;
  return { info: infos.get(upper)!, rows: async () => def.rows(session) };
}
