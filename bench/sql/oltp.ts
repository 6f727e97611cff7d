// sysbench's OLTP workloads as events over one connection: the same statements, in the same
// order, with the same random choices as oltp_*.lua in sysbench 1.0.
//
// One event is what sysbench calls a transaction (tps); every statement in it, BEGIN and COMMIT
// included, is a query (qps).

import { C_TEMPLATE, PAD_TEMPLATE } from './random.js';
import type { SysbenchRandom } from './random.js';
import { STATEMENTS, textInsert } from './statements.js';

export const OLTP_WORKLOADS = [
  'point_select',
  'read_only',
  'write_only',
  'read_write',
  'insert',
  'update_index',
  'delete',
] as const;
export type OltpWorkload = (typeof OLTP_WORKLOADS)[number];

export interface OltpSettings {
  tables: number;
  tableSize: number;
  rangeSize: number;
  pointSelects: number;
  simpleRanges: number;
  sumRanges: number;
  orderRanges: number;
  distinctRanges: number;
  indexUpdates: number;
  nonIndexUpdates: number;
  deleteInserts: number;
  rangeSelects: boolean;
  skipTrx: boolean;
}

/** sysbench 1.0's defaults for the per-transaction statement counts. */
export const OLTP_DEFAULTS: Omit<OltpSettings, 'tables' | 'tableSize'> = {
  rangeSize: 100,
  pointSelects: 10,
  simpleRanges: 1,
  sumRanges: 1,
  orderRanges: 1,
  distinctRanges: 1,
  indexUpdates: 1,
  nonIndexUpdates: 1,
  deleteInserts: 1,
  rangeSelects: true,
  skipTrx: false,
};

/** Runs one statement: prepared (binary protocol) with parameters, or as text. */
export interface StatementRunner {
  prepared(sql: string, params: unknown[]): Promise<void>;
  text(sql: string): Promise<void>;
}

/** Counts the queries of an event as they are sent, for qps even when the event fails midway. */
export type QueryCounter = () => void;

class EventContext {
  inTransaction = false;

  constructor(
    readonly db: StatementRunner,
    readonly rand: SysbenchRandom,
    readonly s: OltpSettings,
    readonly counted: QueryCounter,
  ) {}

  table(): number {
    return this.rand.uniform(1, this.s.tables);
  }

  id(): number {
    return this.rand.default(1, this.s.tableSize);
  }

  async prepared(sql: string, params: unknown[]): Promise<void> {
    this.counted();
    await this.db.prepared(sql, params);
  }

  async begin(): Promise<void> {
    if (this.s.skipTrx) return;
    this.counted();
    this.inTransaction = true;
    await this.db.text('BEGIN');
  }

  async commit(): Promise<void> {
    if (this.s.skipTrx) return;
    this.counted();
    await this.db.text('COMMIT');
    this.inTransaction = false;
  }

  async pointSelects(count: number): Promise<void> {
    const t = this.table();
    for (let i = 0; i < count; i++) await this.prepared(STATEMENTS.pointSelect(t), [this.id()]);
  }

  async range(statement: (t: number) => string, count: number): Promise<void> {
    const t = this.table();
    for (let i = 0; i < count; i++) {
      const id = this.id();
      await this.prepared(statement(t), [id, id + this.s.rangeSize - 1]);
    }
  }

  async ranges(): Promise<void> {
    if (!this.s.rangeSelects) return;
    await this.range(STATEMENTS.simpleRange, this.s.simpleRanges);
    await this.range(STATEMENTS.sumRange, this.s.sumRanges);
    await this.range(STATEMENTS.orderRange, this.s.orderRanges);
    await this.range(STATEMENTS.distinctRange, this.s.distinctRanges);
  }

  async indexUpdates(): Promise<void> {
    const t = this.table();
    for (let i = 0; i < this.s.indexUpdates; i++) {
      await this.prepared(STATEMENTS.indexUpdate(t), [this.id()]);
    }
  }

  async nonIndexUpdates(): Promise<void> {
    const t = this.table();
    for (let i = 0; i < this.s.nonIndexUpdates; i++) {
      await this.prepared(STATEMENTS.nonIndexUpdate(t), [this.rand.string(C_TEMPLATE), this.id()]);
    }
  }

  async deleteInserts(): Promise<void> {
    const t = this.table();
    for (let i = 0; i < this.s.deleteInserts; i++) {
      const id = this.id();
      const k = this.id();
      await this.prepared(STATEMENTS.delete(t), [id]);
      await this.prepared(STATEMENTS.insert(t), [
        id,
        k,
        this.rand.string(C_TEMPLATE),
        this.rand.string(PAD_TEMPLATE),
      ]);
    }
  }
}

type EventBody = (e: EventContext) => Promise<void>;

const EVENTS: Record<OltpWorkload, EventBody> = {
  point_select: (e) => e.pointSelects(1),
  read_only: async (e) => {
    await e.begin();
    await e.pointSelects(e.s.pointSelects);
    await e.ranges();
    await e.commit();
  },
  write_only: async (e) => {
    await e.begin();
    await e.indexUpdates();
    await e.nonIndexUpdates();
    await e.deleteInserts();
    await e.commit();
  },
  read_write: async (e) => {
    await e.begin();
    await e.pointSelects(e.s.pointSelects);
    await e.ranges();
    await e.indexUpdates();
    await e.nonIndexUpdates();
    await e.deleteInserts();
    await e.commit();
  },
  insert: async (e) => {
    const t = e.table();
    const k = e.id();
    e.counted();
    await e.db.text(textInsert(t, k, e.rand.string(C_TEMPLATE), e.rand.string(PAD_TEMPLATE)));
  },
  update_index: (e) => e.indexUpdates(),
  delete: async (e) => {
    const t = e.table();
    await e.prepared(STATEMENTS.delete(t), [e.id()]);
  },
};

/**
 * Runs one event. On failure inside a transaction it rolls back (as the server does on a
 * deadlock) and rethrows, so that the error is counted and the next event starts clean.
 */
export async function runEvent(
  workload: OltpWorkload,
  db: StatementRunner,
  rand: SysbenchRandom,
  settings: OltpSettings,
  counted: QueryCounter,
): Promise<void> {
  const context = new EventContext(db, rand, settings, counted);
  try {
    await EVENTS[workload](context);
  } catch (error) {
    if (context.inTransaction) await db.text('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Accepts sysbench's names (oltp_read_write) and the short ones (read_write). */
export function parseWorkloadName(name: string): OltpWorkload | undefined {
  const short = name.replace(/^oltp_/, '');
  return (OLTP_WORKLOADS as readonly string[]).includes(short)
    ? (short as OltpWorkload)
    : undefined;
}
