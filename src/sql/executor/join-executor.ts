// Runs a join plan (planner/join-planner.ts) depth first over one row array: each step reads its
// table's rows into that table's slots of the row joined so far and hands every row that meets
// its conditions to the next step; the last step hands complete rows to the query's sink. Nothing
// is allocated per joined row. A step reads by an index probe per row, or from rows it read into
// memory once (a hash table keyed by the join equalities, or a plain list).
//
// Everything stays synchronous while the store answers from memory; a step that must wait
// returns a promise and the steps before it wait for it before they go on.

import type { RowDecoder } from '../../codec/index.js';
import type { Compiled } from '../expr/compiled.js';
import { truth } from '../expr/convert.js';
import type { EvalContext } from '../expr/eval-context.js';
import type {
  HashKeys,
  JoinPlan,
  JoinStep,
  JoinUnit,
  MaterializedRows,
} from '../planner/select-plan.js';
import type { Row } from '../types/value.js';
import { readRows } from './row-source.js';
import type { Handle } from './row-writer.js';
import type { QueryEnv } from './select-executor.js';
import { runQuery } from './select-executor.js';

/** Continues with a joined row: false to stop the whole join, or a promise of that. */
type Next = (row: Row) => boolean | Promise<boolean>;

/** Candidate rows between two checks for KILL QUERY and the statement timeout (a power of 2). */
const INTERRUPT_CHECK_MASK = 0xfff;
const KEY_SEPARATOR = '\u0001';
const NO_ROWS: Row[] = [];

function passes(filter: Compiled | null, row: Row, ctx: EvalContext): boolean {
  return filter === null || truth(filter.evaluate(row, ctx), filter.type, ctx) === true;
}

/** The rows of a table read into memory once per run of the query. */
interface Materialized {
  readonly rows: Row[];
  readonly byKey: Map<string, Row[]> | null;
}

export class JoinRun {
  private stopped = false;
  private candidates = 0;
  private readonly ctx: EvalContext;

  /**
   * handles: when given, filled with the handle of each stored table's current row (by position
   * in FROM; null while NULL-extended), for multi-table UPDATE and DELETE.
   */
  constructor(
    private readonly plan: JoinPlan,
    private readonly env: QueryEnv,
    private readonly width: number,
    private readonly lockIn: QueryEnv['lockIn'],
    private readonly handles: Array<Handle | null> | null = null,
  ) {
    this.ctx = env.ctx;
  }

  /** Feeds every joined row to sink (false from it stops): undefined when done without waiting. */
  run(sink: (row: Row) => boolean | void | Promise<boolean | void>): Promise<void> | undefined {
    const last: Next = (row) => {
      const result = sink(row);
      if (result === true || result === undefined) return true;
      if (result === false) {
        this.stopped = true;
        return false;
      }
      return result.then((going) => {
        if (going === false) this.stopped = true;
        return !this.stopped;
      });
    };
    const entry = this.chain(this.plan.steps, last);
    const row: Row = new Array(this.width).fill(null);
    const done = entry(row);
    return done === true || done === false ? undefined : done.then(() => undefined);
  }

  /** The steps as one function of the row joined so far. */
  private chain(steps: readonly JoinStep[], last: Next): Next {
    let next = last;
    for (let i = steps.length - 1; i >= 0; i--) next = this.stepFunction(steps[i]!, next);
    return next;
  }

  private checkInterrupted(): void {
    if ((++this.candidates & INTERRUPT_CHECK_MASK) === 0) this.env.checkInterrupted();
  }

  private stepFunction(step: JoinStep, next: Next): Next {
    const ctx = this.ctx;
    const { filter, post, outer, nullSlots } = step;
    // Whether the current row of the step before found a candidate (steps run depth first, so
    // one flag per step is enough).
    let matched = false;
    const candidate: Next = (row) => {
      this.checkInterrupted();
      if (!passes(filter, row, ctx)) return true;
      matched = true;
      if (post !== null && !passes(post, row, ctx)) return true;
      return next(row);
    };
    const handles = this.handles;
    const finish = (row: Row): boolean | Promise<boolean> => {
      if (this.stopped) return false;
      if (!outer || matched) return true;
      for (let i = 0; i < nullSlots.length; i++) row[nullSlots[i]!] = null;
      if (handles !== null) for (const s of step.explain.sources) handles[s.position] = null;
      if (post !== null && !passes(post, row, ctx)) return true;
      return next(row);
    };
    const produce = this.unitFunction(step.unit, candidate);
    return (row) => {
      matched = false;
      const done = produce(row);
      if (done === true) return finish(row);
      if (done === false) return false;
      return done.then((going) => (going ? finish(row) : false));
    };
  }

  /** Calls candidate with each row the unit finds for the row joined so far. */
  private unitFunction(unit: JoinUnit, candidate: Next): Next {
    switch (unit.kind) {
      case 'read':
        return this.readFunction(unit, candidate);
      case 'materialized':
        return this.materializedFunction(unit, candidate);
      case 'nested':
        return this.chain(unit.steps, candidate);
    }
  }

  private readFunction(unit: Extract<JoinUnit, { kind: 'read' }>, candidate: Next): Next {
    const position = unit.source.position;
    const decoder = this.decoderOf(position);
    const handles = this.handles;
    const sink = (row: Row, handle: Handle) => {
      if (this.stopped) return false;
      if (handles !== null) handles[position] = handle;
      return candidate(row);
    };
    return (row) => {
      const reading = readRows(
        unit.path,
        unit.source,
        this.ctx,
        { reader: this.env.reader, lockIn: this.lockIn, decoder, width: this.width, target: row },
        sink,
      );
      if (reading === undefined) return !this.stopped;
      return reading.then(() => !this.stopped);
    };
  }

  private decoderOf(position: number): RowDecoder {
    return this.plan.decoders[position]!;
  }

  private materializedFunction(
    unit: Extract<JoinUnit, { kind: 'materialized' }>,
    candidate: Next,
  ): Next {
    let built: Materialized | undefined;
    let building: Promise<Materialized> | undefined;
    const { slotBase, width, keys } = unit;
    const ctx = this.ctx;
    const probeKey = keys ? keyFunction(keys.probe, keys.probeKey) : null;
    const handles = this.handles;
    const position = unit.rows.source.position;
    const loop = (rows: Row[], from: number, row: Row): boolean | Promise<boolean> => {
      for (let i = from; i < rows.length; i++) {
        const stored = rows[i]!;
        for (let j = 0; j < width; j++) row[slotBase + j] = stored[j]!;
        // A stored table's rows keep their handle after the columns.
        if (handles !== null) handles[position] = stored[width] as Handle;
        const going = candidate(row);
        if (going === true) continue;
        if (going === false) return false;
        const resume = i + 1;
        return going.then((go) => (go ? loop(rows, resume, row) : false));
      }
      return !this.stopped;
    };
    const probe = (state: Materialized, row: Row): boolean | Promise<boolean> => {
      if (probeKey === null) return loop(state.rows, 0, row);
      const key = probeKey(row, ctx);
      return loop(key === null ? NO_ROWS : (state.byKey!.get(key) ?? NO_ROWS), 0, row);
    };
    return (row) => {
      if (built !== undefined) return probe(built, row);
      building ??= this.materialize(unit);
      return building.then((state) => {
        built = state;
        return probe(state, row);
      });
    };
  }

  /** Reads a table of the join once, keeping the rows that meet its own conditions. */
  private async materialize(
    unit: Extract<JoinUnit, { kind: 'materialized' }>,
  ): Promise<Materialized> {
    const { slotBase, width, buildFilter, keys } = unit;
    const ctx = this.ctx;
    const scratch: Row = new Array(this.width).fill(null);
    const rows: Row[] = [];
    const byKey = keys ? new Map<string, Row[]>() : null;
    const buildKey = keys ? keyFunction(keys.build, keys.buildKey) : null;
    const keep = (row: Row, handle: Handle | null) => {
      if (!passes(buildFilter, row, ctx)) return;
      const stored = row.slice(slotBase, slotBase + width);
      stored.push(handle);
      if (byKey === null) {
        rows.push(stored);
        return;
      }
      const key = buildKey!(row, ctx);
      if (key === null) return;
      const list = byKey.get(key);
      if (list) list.push(stored);
      else byKey.set(key, [stored]);
    };
    await this.readMaterialized(unit.rows, scratch, (row, handle) => {
      this.checkInterrupted();
      keep(row, handle);
    });
    return { rows, byKey };
  }

  private async readMaterialized(
    rows: MaterializedRows,
    scratch: Row,
    keep: (row: Row, handle: Handle | null) => void,
  ): Promise<void> {
    if (rows.kind === 'table') {
      const reading = readRows(
        rows.path,
        rows.source,
        this.ctx,
        {
          reader: this.env.reader,
          lockIn: this.lockIn,
          decoder: this.decoderOf(rows.source.position),
          width: this.width,
          target: scratch,
        },
        (row, handle) => void keep(row, handle),
      );
      if (reading !== undefined) await reading;
      return;
    }
    const source = rows.source;
    const computed =
      source.kind === 'virtual'
        ? await source.virtual.rows()
        : source.kind === 'derived'
          ? (await runQuery(source.plan, { ...this.env, lockIn: null })).rows
          : [];
    const base = source.slotBase;
    for (const values of computed) {
      for (let j = 0; j < values.length; j++) scratch[base + j] = values[j]!;
      keep(scratch, null);
    }
  }
}

/** The hash key of a row's values, or null when one is NULL (which equals nothing). */
function keyFunction(
  exprs: HashKeys['build'],
  keyers: HashKeys['buildKey'],
): (row: Row, ctx: EvalContext) => string | null {
  if (exprs.length === 1) {
    const expr = exprs[0]!;
    const keyer = keyers[0]!;
    return (row, ctx) => {
      const v = expr.evaluate(row, ctx);
      return v === null ? null : keyer(v, ctx);
    };
  }
  return (row, ctx) => {
    let key = '';
    for (let i = 0; i < exprs.length; i++) {
      const v = exprs[i]!.evaluate(row, ctx);
      if (v === null) return null;
      key += keyers[i]!(v, ctx) + KEY_SEPARATOR;
    }
    return key;
  };
}
