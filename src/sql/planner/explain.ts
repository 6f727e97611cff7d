// EXPLAIN in MySQL's traditional layout: one row per table read, in the order the plan reads
// them, with its access type (const, eq_ref, ref, range, ALL), the index used, the columns of
// earlier tables a probe reads (ref), the estimated rows per read, and how it is joined (Extra:
// the access path, "Using join buffer (hash join)", NULL-extension of LEFT JOINs). Derived tables,
// subqueries and set operations get rows of their own with MySQL's select types.

import { ColumnType } from '../../server/constants/column-types.js';
import type { DeleteNode, InsertNode, QueryNode, UpdateNode } from '../ast/index.js';
import type { ColumnDefinition, SqlValue } from '../api.js';
import type { TableInfo } from '../catalog/schema.js';
import { planMultiDelete, planMultiUpdate } from '../executor/multi-table-dml.js';
import type { MultiTablePlan } from '../executor/multi-table-dml.js';
import { planDelete, planUpdate } from '../executor/update-delete.js';
import { makeType } from '../expr/expr-type.js';
import type { AccessPath } from './access-path.js';
import { pathRows } from './join-planner.js';
import { tableRows } from './cost-model.js';
import type { PlanEnv } from './plan-env.js';
import { resultColumn } from './result-columns.js';
import { planQuery } from './select-planner.js';
import type { JoinStep, QueryPlan, SelectPlan } from './select-plan.js';
import type { SourceTable } from './table-scope.js';

const NAMES = [
  'id',
  'select_type',
  'table',
  'type',
  'possible_keys',
  'key',
  'key_len',
  'ref',
  'rows',
  'Extra',
];

export const EXPLAIN_COLUMNS: ColumnDefinition[] = NAMES.map((name) =>
  name === 'id' || name === 'rows'
    ? { ...resultColumn(name, makeType('int')), type: ColumnType.LONGLONG }
    : resultColumn(name, makeType('string', { length: 255 })),
);

interface PathShape {
  readonly type: string;
  readonly key: string | null;
  readonly extra: string;
}

function describePath(path: AccessPath, probe: boolean): PathShape {
  switch (path.kind) {
    case 'PointGet':
      return { type: probe ? 'eq_ref' : 'const', key: 'PRIMARY', extra: 'Point get' };
    case 'BatchPointGet':
      return { type: 'range', key: 'PRIMARY', extra: 'Batch point get' };
    case 'TableRange':
      return { type: 'range', key: 'PRIMARY', extra: 'Table range scan' };
    case 'IndexLookup':
      if (path.unique)
        return {
          type: probe ? 'eq_ref' : 'const',
          key: path.index.name,
          extra: 'Unique index point get',
        };
      return {
        type: path.low || path.high ? 'range' : 'ref',
        key: path.index.name,
        extra: 'Index range scan',
      };
    case 'IndexIn':
      return { type: 'range', key: path.index.name, extra: 'Index range scan' };
    case 'TableScan':
      return { type: 'ALL', key: null, extra: 'Full table scan' };
  }
}

function possibleKeys(source: SourceTable): string | null {
  if (source.kind !== 'table') return null;
  const names = source.table.indexes.filter((i) => i.state === 'public').map((i) => i.name);
  return names.length ? names.join(',') : null;
}

/** Rows of the EXPLAIN output; ids count the SELECTs in the order MySQL numbers them. */
class ExplainWriter {
  readonly rows: SqlValue[][] = [];
  private nextId = 1;

  constructor(private readonly env: PlanEnv) {}

  query(plan: QueryPlan, selectType: string): number {
    if (plan.kind === 'SetOperation') {
      const first = this.query(plan.left, selectType === 'SIMPLE' ? 'PRIMARY' : selectType);
      const second = this.query(plan.right, plan.op === 'UNION' ? 'UNION' : plan.op);
      const resultType = plan.op === 'UNION' ? 'UNION RESULT' : `${plan.op} RESULT`;
      const name = `<${plan.op.toLowerCase()}${first},${second}>`;
      this.rows.push([null, resultType, name, 'ALL', null, null, null, null, null, '']);
      return first;
    }
    return this.select(plan, selectType);
  }

  private select(plan: SelectPlan, selectType: string): number {
    const id = this.nextId++;
    const type =
      selectType === 'SIMPLE' && (plan.subqueries.length || plan.correlated.length)
        ? 'PRIMARY'
        : selectType;
    const extras: string[] = [];
    if (plan.aggregation || plan.distinct) extras.push('Using temporary');
    if (plan.orderBy.length) extras.push('Using filesort');
    if (!plan.join && 'reverse' in plan.access && plan.access.reverse === true)
      extras.push('Backward index scan');
    const derived: Array<{ plan: QueryPlan; source: SourceTable }> = [];
    if (plan.join) {
      this.steps(plan.join.steps, id, type, false, derived);
      const last = this.rows[this.rows.length - 1]!;
      if (extras.length) last[9] = [last[9], ...extras].filter(Boolean).join('; ');
    } else if (plan.source) {
      const path = describePath(plan.access, false);
      const table = plan.source.table;
      const stats = this.env.statistics?.(table);
      const rows = Math.round(pathRows(plan.access, table, tableRows(stats), stats));
      const where = plan.where || plan.lateWhere ? ['Using where'] : [];
      this.rows.push([
        id,
        type,
        plan.source.alias,
        path.type,
        possibleKeys(plan.source),
        path.key,
        null,
        path.type === 'const' || path.type === 'ref' ? 'const' : null,
        rows,
        [path.extra, ...where, ...extras].join('; '),
      ]);
    } else {
      this.rows.push([id, type, null, null, null, null, null, null, null, 'No tables used']);
    }
    for (const d of derived) this.query(d.plan, 'DERIVED');
    for (const sub of plan.subqueries) this.query(sub.plan, 'SUBQUERY');
    for (const sub of plan.correlated) this.query(sub.plan, 'DEPENDENT SUBQUERY');
    return id;
  }

  steps(
    steps: readonly JoinStep[],
    id: number | null,
    selectType: string,
    nullExtended: boolean,
    derived: Array<{ plan: QueryPlan; source: SourceTable }>,
  ): void {
    for (const step of steps) {
      const outer = nullExtended || step.outer;
      if (step.unit.kind === 'nested') {
        this.steps(step.unit.steps, id, selectType, true, derived);
        continue;
      }
      const source = step.explain.sources[0]!;
      const extras: string[] = [];
      let shape: PathShape;
      if (step.unit.kind === 'read') {
        shape = describePath(step.unit.path, step.explain.method === 'probe');
        extras.push(shape.extra);
      } else {
        const rows = step.unit.rows;
        shape =
          rows.kind === 'table'
            ? describePath(rows.path, false)
            : { type: 'ALL', key: null, extra: '' };
        if (shape.extra) extras.push(shape.extra);
        if (step.explain.method === 'hash') extras.push('Using join buffer (hash join)');
        else if (step.explain.method === 'loop') extras.push('Using join buffer (nested loop)');
        if (rows.kind === 'computed' && source.kind === 'derived')
          derived.push({ plan: source.plan, source });
      }
      if (step.filter || step.post) extras.push('Using where');
      if (outer) extras.push('Outer join');
      const name =
        source.kind === 'derived' ? `<derived${this.derivedId(derived, source)}>` : source.alias;
      const ref = step.explain.method === 'first' ? null : step.explain.ref.join(',') || null;
      this.rows.push([
        id,
        selectType,
        name,
        shape.type,
        possibleKeys(source),
        shape.key,
        null,
        shape.type === 'const' ? 'const' : ref,
        Math.max(1, Math.round(step.explain.rows)),
        extras.join('; '),
      ]);
    }
  }

  /** The id the derived table's SELECT gets: they are numbered after the query that reads them. */
  private derivedId(
    derived: ReadonlyArray<{ plan: QueryPlan; source: SourceTable }>,
    source: SourceTable,
  ): number {
    let id = this.nextId;
    for (const d of derived) {
      if (d.source === source) return id;
      id += selectCount(d.plan);
    }
    return id;
  }

  multiTable(plan: MultiTablePlan, statement: string): void {
    const id = this.nextId++;
    const start = this.rows.length;
    this.steps(plan.join.steps, id, 'SIMPLE', false, []);
    const targets = new Set(plan.targets.map((t) => t.source.alias));
    for (let i = start; i < this.rows.length; i++) {
      const row = this.rows[i]!;
      if (targets.has(row[2] as string)) row[1] = statement;
    }
  }
}

/** How many SELECTs (ids) a plan's EXPLAIN numbers. */
function selectCount(plan: QueryPlan): number {
  if (plan.kind === 'SetOperation') return selectCount(plan.left) + selectCount(plan.right);
  let count = 1;
  const derivedOf = (steps: readonly JoinStep[]): void => {
    for (const step of steps) {
      if (step.unit.kind === 'nested') derivedOf(step.unit.steps);
      else if (step.unit.kind === 'materialized' && step.unit.rows.source.kind === 'derived')
        count += selectCount(step.unit.rows.source.plan);
    }
  };
  if (plan.join) derivedOf(plan.join.steps);
  for (const sub of [...plan.subqueries, ...plan.correlated]) count += selectCount(sub.plan);
  return count;
}

export function explainRows(
  node: QueryNode | InsertNode | UpdateNode | DeleteNode,
  env: PlanEnv,
  resolveTable: (db: string | null, name: string) => { database: string; table: TableInfo },
): SqlValue[][] {
  const writer = new ExplainWriter(env);
  if (node.kind === 'Select' || node.kind === 'SetOperation') {
    writer.query(planQuery(node, env), 'SIMPLE');
    return writer.rows;
  }
  if (node.kind === 'Insert') {
    writer.rows.push([1, 'INSERT', node.table.name, 'ALL', null, null, null, null, null, null]);
    if (node.query) writer.query(planQuery(node.query, env), 'SIMPLE');
    return writer.rows;
  }
  if (node.kind === 'Update' && node.from) {
    writer.multiTable(planMultiUpdate(node, env), 'UPDATE');
    return writer.rows;
  }
  if (node.kind === 'Delete' && node.multi) {
    writer.multiTable(planMultiDelete(node, env), 'DELETE');
    return writer.rows;
  }
  const plan =
    node.kind === 'Update'
      ? planUpdate(node, env, resolveTable)
      : planDelete(node, env, resolveTable);
  const path = describePath(plan.access, false);
  const stats = env.statistics?.(plan.source.table);
  writer.rows.push([
    1,
    node.kind.toUpperCase(),
    plan.source.alias,
    path.type,
    possibleKeys(plan.source),
    path.key,
    null,
    null,
    Math.round(pathRows(plan.access, plan.source.table, tableRows(stats), stats)),
    [path.extra, plan.where || plan.lateWhere ? 'Using where' : ''].filter(Boolean).join('; '),
  ]);
  for (const sub of plan.subqueries) writer.query(sub.plan, 'SUBQUERY');
  for (const sub of plan.correlated) writer.query(sub.plan, 'DEPENDENT SUBQUERY');
  return writer.rows;
}
