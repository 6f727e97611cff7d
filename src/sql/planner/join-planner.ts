// Orders the tables of a join and picks how each is read, greedily: at every step the table (or
// LEFT JOIN attachment whose ON clause can be evaluated) that adds the least estimated cost plus
// rows joined so far goes next. A table is read by an index nested-loop probe when its access
// path can use values of the tables before it, by a hash join when an equality links it to them
// without a usable index, or once into memory and matched against every row otherwise; the cost
// model (cost-model.ts) compares the choices. Each condition is checked at the first step where
// every table it reads is joined; conditions on a LEFT JOINed table from WHERE are checked after
// its rows were NULL-extended.

import type { ColumnRefNode, ExprNode } from '../ast/index.js';
import type { TableInfo } from '../catalog/schema.js';
import type { Compiled } from '../expr/compiled.js';
import { truth } from '../expr/convert.js';
import { equalityKeys } from '../expr/equality-key.js';
import type { EqualityKey } from '../expr/equality-key.js';
import { BOOL_TYPE } from '../expr/expr-type.js';
import { accessCandidates, coveringScan } from './access-path.js';
import type { AccessPath } from './access-path.js';
import {
  DEFAULT_COMPUTED_ROWS,
  EQUALITY_SELECTIVITY,
  FILTER_ROW_COST,
  HASH_BUILD_COST,
  HASH_PROBE_COST,
  indexEqualityRows,
  LOOKUP_COST,
  OTHER_SELECTIVITY,
  RANGE_SELECTIVITY,
  SCAN_ROW_COST,
  tableRows,
} from './cost-model.js';
import type { TableStatistics } from './cost-model.js';
import { columnRefsOf } from './expr-walk.js';
import type { Attachment, JoinGroup } from './from-clause.js';
import type { JoinPlan, JoinStep, JoinUnit, MaterializedRows } from './select-plan.js';
import { sourceWidth } from './table-scope.js';
import type { ResolvedColumn, SourceTable, TableScope } from './table-scope.js';

/** A condition with the tables it reads. */
export interface Condition {
  readonly node: ExprNode;
  readonly sources: ReadonlySet<SourceTable>;
  /** 'where clause' or 'on clause', for error messages. */
  readonly clause: string;
}

export interface JoinPlanContext {
  readonly scope: TableScope;
  compile(node: ExprNode, clause: string): Compiled;
  /** The tables a condition or value reads (of this query; enclosing queries' are constants). */
  sourcesOf(node: ExprNode): ReadonlySet<SourceTable>;
  statistics(table: TableInfo): TableStatistics | undefined;
  /** Full table scans may read a covering index instead (not for locking reads). */
  readonly coveringScans: boolean;
}

/** ANDs conditions into one filter (1 when all are true, else 0). */
export function allOf(conditions: readonly Compiled[]): Compiled | null {
  if (conditions.length === 0) return null;
  if (conditions.length === 1) return conditions[0]!;
  const n = conditions.length;
  return {
    type: BOOL_TYPE,
    constant: false,
    evaluate: (row, ctx) => {
      for (let i = 0; i < n; i++) {
        const c = conditions[i]!;
        if (truth(c.evaluate(row, ctx), c.type, ctx) !== true) return 0;
      }
      return 1;
    },
  };
}

function isSubset(a: ReadonlySet<SourceTable>, b: ReadonlySet<SourceTable>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function selectivityOf(node: ExprNode): number {
  if (node.kind === 'Binary' && (node.op === '=' || node.op === '<=>')) return EQUALITY_SELECTIVITY;
  if (node.kind === 'InList' && !node.negated)
    return Math.min(1, EQUALITY_SELECTIVITY * node.list.length);
  if (node.kind === 'Binary' && ['<', '<=', '>', '>='].includes(node.op)) return RANGE_SELECTIVITY;
  if (node.kind === 'Between' && !node.negated) return RANGE_SELECTIVITY;
  return OTHER_SELECTIVITY;
}

/** A way to read one table at a step, with what it costs. */
interface LeafChoice {
  readonly unit: JoinUnit;
  readonly method: 'first' | 'probe' | 'hash' | 'loop';
  /** Rows it yields per joined row before the remaining conditions. */
  readonly rowsPerRow: number;
  readonly cost: number;
  /** Conditions the unit itself guarantees (hash keys): not checked again. */
  readonly consumed: ReadonlySet<Condition>;
  readonly ref: readonly string[];
}

interface Placement {
  readonly steps: JoinStep[];
  readonly rows: number;
  readonly cost: number;
}

export class JoinPlanner {
  constructor(private readonly ctx: JoinPlanContext) {}

  /**
   * Plans the FROM group with the WHERE conditions that read its tables. Call it after every
   * other expression of the query is compiled: the decoders read the columns used by then.
   */
  plan(group: JoinGroup, where: readonly Condition[]): JoinPlan {
    const { steps } = this.planGroup(
      group,
      new Set(),
      [...this.groupConditions(group), ...where],
      1,
    );
    const scans = this.ctx.coveringScans ? withCoveringScans(steps) : steps;
    const decoders = this.ctx.scope.sources.map((s) =>
      s.kind === 'table'
        ? s.codec.decoder(
            [...s.used].sort((a, b) => a - b),
            s.slotBase,
          )
        : null,
    );
    return { steps: scans, decoders };
  }

  private groupConditions(group: JoinGroup): Condition[] {
    return group.conditions.map((node) => this.condition(node, 'on clause'));
  }

  condition(node: ExprNode, clause: string): Condition {
    return { node, sources: this.ctx.sourcesOf(node), clause };
  }

  /**
   * Greedy placement of a group's tables and attachments after the tables already bound; every
   * condition is assigned to the first step that can check it.
   */
  private planGroup(
    group: JoinGroup,
    outerBound: ReadonlySet<SourceTable>,
    conditions: readonly Condition[],
    outerRows: number,
  ): Placement {
    const bound = new Set(outerBound);
    const pending = new Set(conditions);
    const leaves = new Set(group.leaves);
    const attachments = new Set(group.attachments);
    const steps: JoinStep[] = [];
    let rows = outerRows;
    let cost = 0;
    const takeReady = (): Condition[] => {
      const ready: Condition[] = [];
      for (const c of pending) {
        if (isSubset(c.sources, bound)) {
          ready.push(c);
          pending.delete(c);
        }
      }
      return ready;
    };
    // Conditions on no table of this group (constants, or only earlier tables) go first.
    let carried = takeReady();
    while (leaves.size > 0 || attachments.size > 0) {
      let best: { apply: () => void; score: number } | null = null;
      for (const leaf of leaves) {
        const usable = [...pending].filter(
          (c) => c.sources.has(leaf) && isSubset(c.sources, new Set([...bound, leaf])),
        );
        const choice = this.chooseLeaf(
          leaf,
          bound,
          usable,
          rows,
          steps.length === 0 && outerBound.size === 0,
        );
        const kept =
          choice.rowsPerRow *
          usable
            .filter((c) => !choice.consumed.has(c))
            .reduce((p, c) => p * selectivityOf(c.node), 1);
        const nextRows = Math.max(1, rows * kept);
        const score = choice.cost + nextRows;
        if (!best || score < best.score) {
          best = {
            score,
            apply: () => {
              leaves.delete(leaf);
              bound.add(leaf);
              const filters = [...carried, ...takeReady()].filter((c) => !choice.consumed.has(c));
              carried = [];
              steps.push({
                outer: false,
                unit: choice.unit,
                filter: allOf(filters.map((c) => this.ctx.compile(c.node, c.clause))),
                post: null,
                nullSlots: [],
                explain: {
                  sources: [leaf],
                  method: choice.method,
                  rows: choice.rowsPerRow,
                  ref: choice.ref,
                },
              });
              rows = nextRows;
              cost += choice.cost;
            },
          };
        }
      }
      for (const attachment of attachments) {
        const own = sourcesOfGroup(attachment.right);
        const onConditions = attachment.on.map((node) => this.condition(node, 'on clause'));
        const needs = new Set<SourceTable>();
        for (const c of onConditions) for (const s of c.sources) if (!own.has(s)) needs.add(s);
        if (!isSubset(needs, bound)) continue;
        const placed = this.planAttachment(attachment, bound, onConditions, rows);
        const nextRows = Math.max(rows, placed.rows);
        const score = placed.cost + nextRows;
        if (!best || score < best.score) {
          best = {
            score,
            apply: () => {
              attachments.delete(attachment);
              for (const s of own) bound.add(s);
              steps.push({
                ...placed.step,
                post: allOf(
                  [...carried, ...takeReady()].map((c) => this.ctx.compile(c.node, c.clause)),
                ),
              });
              carried = [];
              rows = nextRows;
              cost += placed.cost;
            },
          };
        }
      }
      if (!best) throw new Error('join: no attachment can be placed');
      best.apply();
    }
    if (carried.length > 0 || pending.size > 0) {
      // Conditions that read no table of the group: checked on the last step.
      const rest = [...carried, ...pending];
      const last = steps[steps.length - 1]!;
      const filters = [
        last.outer ? last.post : last.filter,
        ...rest.map((c) => this.ctx.compile(c.node, c.clause)),
      ].filter((c): c is Compiled => c !== null);
      steps[steps.length - 1] = last.outer
        ? { ...last, post: allOf(filters) }
        : { ...last, filter: allOf(filters) };
    }
    return { steps, rows, cost };
  }

  /** The LEFT JOIN step of an attachment: its right side probed or matched per joined row. */
  private planAttachment(
    attachment: Attachment,
    bound: ReadonlySet<SourceTable>,
    on: readonly Condition[],
    rows: number,
  ): { step: JoinStep; rows: number; cost: number } {
    const right = attachment.right;
    const own = sourcesOfGroup(right);
    const nullSlots: number[] = [];
    for (const s of own) for (let i = 0; i < sourceWidth(s); i++) nullSlots.push(s.slotBase + i);
    if (right.leaves.length === 1 && right.attachments.length === 0) {
      const leaf = right.leaves[0]!;
      const usable = [...on, ...this.groupConditions(right)];
      const choice = this.chooseLeaf(leaf, bound, usable, rows, false);
      const filters = usable.filter((c) => !choice.consumed.has(c));
      const kept = choice.rowsPerRow * filters.reduce((p, c) => p * selectivityOf(c.node), 1);
      return {
        step: {
          outer: true,
          unit: choice.unit,
          filter: allOf(filters.map((c) => this.ctx.compile(c.node, c.clause))),
          post: null,
          nullSlots,
          explain: {
            sources: [leaf],
            method: choice.method,
            rows: choice.rowsPerRow,
            ref: choice.ref,
          },
        },
        rows: rows * Math.max(1, kept),
        cost: choice.cost,
      };
    }
    const nested = this.planGroup(right, bound, [...on, ...this.groupConditions(right)], rows);
    return {
      step: {
        outer: true,
        unit: { kind: 'nested', steps: nested.steps },
        filter: null,
        post: null,
        nullSlots,
        explain: { sources: [...own], method: 'nested', rows: nested.rows / rows, ref: [] },
      },
      rows: nested.rows,
      cost: nested.cost,
    };
  }

  /** The cheapest way to read the table after the bound ones, for `rows` joined rows. */
  private chooseLeaf(
    leaf: SourceTable,
    bound: ReadonlySet<SourceTable>,
    usable: readonly Condition[],
    rows: number,
    first: boolean,
  ): LeafChoice {
    const choices: LeafChoice[] = [];
    const local = usable.filter((c) => c.sources.size === 1);
    const localSelectivity = local.reduce((p, c) => p * selectivityOf(c.node), 1);
    if (leaf.kind === 'table') {
      const stats = this.ctx.statistics(leaf.table);
      const total = tableRows(stats);
      const candidates = accessCandidates({
        source: leaf,
        conditions: usable.map((c) => c.node),
        compile: (node) => this.ctx.compile(node, 'where clause'),
        resolve: (ref) => this.ctx.scope.lookup(ref, 'where clause') as ResolvedColumn | undefined,
        valueSource: (node) => {
          const sources = this.ctx.sourcesOf(node);
          if (sources.size === 0) return 'constant';
          return isSubset(sources, bound) ? 'row' : 'unavailable';
        },
      });
      for (const candidate of candidates) {
        const perRead = pathRows(candidate.path, leaf.table, total, stats);
        if (candidate.dependent || first) {
          choices.push({
            unit: { kind: 'read', source: leaf, path: candidate.path },
            method: first ? 'first' : 'probe',
            rowsPerRow: perRead,
            cost: first ? perRead * SCAN_ROW_COST : rows * (LOOKUP_COST + perRead * LOOKUP_COST),
            consumed: new Set(),
            ref: candidate.dependent ? this.refsOf(usable, bound) : ['const'],
          });
          continue;
        }
        const rowsSource: MaterializedRows = { kind: 'table', source: leaf, path: candidate.path };
        choices.push(
          this.materialized(
            leaf,
            rowsSource,
            perRead,
            perRead * localSelectivity,
            usable,
            local,
            bound,
            rows,
          ),
        );
      }
    } else {
      const total = DEFAULT_COMPUTED_ROWS;
      const rowsSource: MaterializedRows = { kind: 'computed', source: leaf };
      if (first) {
        choices.push({
          unit: this.materializedUnit(leaf, rowsSource, local, null),
          method: 'first',
          rowsPerRow: total,
          cost: total * SCAN_ROW_COST,
          consumed: new Set(local),
          ref: [],
        });
      } else
        choices.push(
          this.materialized(
            leaf,
            rowsSource,
            total,
            total * localSelectivity,
            usable,
            local,
            bound,
            rows,
          ),
        );
    }
    let best = choices[0]!;
    for (const c of choices) if (c.cost < best.cost) best = c;
    return best;
  }

  /** Reading the table once: a hash join on the equalities with bound tables, or a plain loop. */
  private materialized(
    leaf: SourceTable,
    rowsSource: MaterializedRows,
    readRows: number,
    keptRows: number,
    usable: readonly Condition[],
    local: readonly Condition[],
    bound: ReadonlySet<SourceTable>,
    rows: number,
  ): LeafChoice {
    const build: Compiled[] = [];
    const probe: Compiled[] = [];
    const buildKey: EqualityKey[] = [];
    const probeKey: EqualityKey[] = [];
    const consumed = new Set<Condition>(local);
    const ref: string[] = [];
    const single = new Set([leaf]);
    for (const c of usable) {
      const node = c.node;
      if (node.kind !== 'Binary' || node.op !== '=' || c.sources.size < 2) continue;
      const leftSources = this.ctx.sourcesOf(node.left);
      const rightSources = this.ctx.sourcesOf(node.right);
      const onLeaf = (s: ReadonlySet<SourceTable>) => s.size > 0 && isSubset(s, single);
      const onBound = (s: ReadonlySet<SourceTable>) => s.size > 0 && isSubset(s, bound);
      const leafOnLeft = onLeaf(leftSources) && onBound(rightSources);
      if (!leafOnLeft && !(onLeaf(rightSources) && onBound(leftSources))) continue;
      const left = this.ctx.compile(node.left, c.clause);
      const right = this.ctx.compile(node.right, c.clause);
      const keys = equalityKeys(left.type, right.type);
      if (!keys) continue;
      build.push(leafOnLeft ? left : right);
      probe.push(leafOnLeft ? right : left);
      buildKey.push(leafOnLeft ? keys.left : keys.right);
      probeKey.push(leafOnLeft ? keys.right : keys.left);
      consumed.add(c);
      ref.push(
        ...columnRefsOf(leafOnLeft ? node.right : node.left).map((r) => this.describeRef(r)),
      );
    }
    const hashed = build.length > 0;
    const matches = hashed
      ? Math.max(1, keptRows * EQUALITY_SELECTIVITY ** build.length)
      : keptRows;
    const cost = hashed
      ? readRows * (SCAN_ROW_COST + HASH_BUILD_COST) +
        rows * (HASH_PROBE_COST + matches * FILTER_ROW_COST)
      : readRows * SCAN_ROW_COST + rows * keptRows * FILTER_ROW_COST;
    return {
      unit: this.materializedUnit(
        leaf,
        rowsSource,
        local,
        hashed ? { build, probe, buildKey, probeKey } : null,
      ),
      method: hashed ? 'hash' : 'loop',
      rowsPerRow: matches,
      cost,
      consumed,
      ref,
    };
  }

  private materializedUnit(
    leaf: SourceTable,
    rows: MaterializedRows,
    local: readonly Condition[],
    keys: Extract<JoinUnit, { kind: 'materialized' }>['keys'],
  ): JoinUnit {
    return {
      kind: 'materialized',
      rows,
      slotBase: leaf.slotBase,
      width: sourceWidth(leaf),
      buildFilter: allOf(local.map((c) => this.ctx.compile(c.node, c.clause))),
      keys,
    };
  }

  /** The columns of bound tables the conditions compare with (EXPLAIN's ref). */
  private refsOf(usable: readonly Condition[], bound: ReadonlySet<SourceTable>): string[] {
    const refs: string[] = [];
    for (const c of usable) {
      for (const r of columnRefsOf(c.node)) {
        const found = this.ctx.scope.lookup(r, c.clause);
        if (found && bound.has(found.source)) refs.push(this.describeRef(r));
      }
    }
    return refs.length ? [...new Set(refs)] : ['const'];
  }

  private describeRef(ref: ColumnRefNode): string {
    const found = this.ctx.scope.lookup(ref, 'field list');
    if (!found) return ref.column;
    const { source, offset } = found;
    return [source.database, source.alias, source.columnNames[offset]].filter(Boolean).join('.');
  }
}

/** The steps with each full table scan replaced by a covering index scan where one exists. */
function withCoveringScans(steps: readonly JoinStep[]): JoinStep[] {
  return steps.map((step) => {
    const unit = step.unit;
    if (unit.kind === 'nested')
      return { ...step, unit: { ...unit, steps: withCoveringScans(unit.steps) } };
    if (unit.kind === 'read' && unit.path.kind === 'TableScan') {
      const path = coveringScan(unit.source);
      return path ? { ...step, unit: { ...unit, path } } : step;
    }
    if (
      unit.kind === 'materialized' &&
      unit.rows.kind === 'table' &&
      unit.rows.path.kind === 'TableScan'
    ) {
      const path = coveringScan(unit.rows.source);
      return path ? { ...step, unit: { ...unit, rows: { ...unit.rows, path } } } : step;
    }
    return step;
  });
}

function sourcesOfGroup(group: JoinGroup): Set<SourceTable> {
  const out = new Set<SourceTable>(group.leaves);
  for (const a of group.attachments) for (const s of sourcesOfGroup(a.right)) out.add(s);
  return out;
}

/** Rows an access path reads, as estimated. */
export function pathRows(
  path: AccessPath,
  table: TableInfo,
  total: number,
  stats: TableStatistics | undefined,
): number {
  switch (path.kind) {
    case 'PointGet':
      return 1;
    case 'BatchPointGet':
      return path.handles.length;
    case 'TableRange':
      return Math.max(1, total * RANGE_SELECTIVITY);
    case 'TableScan':
      return total;
    case 'IndexIn':
      return path.values.length * indexEqualityRows(table, path.index, 1, stats);
    case 'IndexLookup': {
      if (path.unique) return 1;
      const base =
        path.equals.length > 0
          ? indexEqualityRows(table, path.index, path.equals.length, stats)
          : total;
      return Math.max(1, path.low || path.high ? base * RANGE_SELECTIVITY : base);
    }
  }
}
