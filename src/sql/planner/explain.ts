// EXPLAIN in MySQL's traditional layout, naming the access path the planner chose in `type`,
// `key` and Extra (Point get, Batch point get, Index range scan, Table range scan, Full scan).

import { ColumnType } from '../../server/constants/column-types.js';
import type { DeleteNode, InsertNode, QueryNode, UpdateNode } from '../ast/index.js';
import type { ColumnDefinition, SqlValue } from '../api.js';
import type { TableInfo } from '../catalog/schema.js';
import { planDelete, planUpdate } from '../executor/update-delete.js';
import { makeType } from '../expr/expr-type.js';
import type { AccessPath } from './access-path.js';
import type { PlanEnv } from './plan-env.js';
import { resultColumn } from './result-columns.js';
import { planQuery } from './select-planner.js';
import type { QueryPlan } from './select-plan.js';

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

function describePath(
  path: AccessPath,
  table: TableInfo,
): { type: string; key: string | null; extra: string; rows: number | null } {
  switch (path.kind) {
    case 'PointGet':
      return { type: 'const', key: 'PRIMARY', extra: 'Point get', rows: 1 };
    case 'BatchPointGet':
      return { type: 'range', key: 'PRIMARY', extra: 'Batch point get', rows: path.handles.length };
    case 'TableRange':
      return { type: 'range', key: 'PRIMARY', extra: 'Table range scan', rows: null };
    case 'IndexLookup':
      return path.unique
        ? { type: 'const', key: path.index.name, extra: 'Unique index point get', rows: 1 }
        : {
            type: path.low || path.high ? 'range' : 'ref',
            key: path.index.name,
            extra: 'Index range scan',
            rows: null,
          };
    case 'IndexIn':
      return {
        type: 'range',
        key: path.index.name,
        extra: 'Index range scan',
        rows: path.values.length,
      };
    case 'TableScan':
      return { type: 'ALL', key: null, extra: 'Full table scan', rows: null };
  }
  void table;
}

function rowsFor(plan: QueryPlan, selectType: string, id: number, out: SqlValue[][]): void {
  if (plan.kind === 'SetOperation') {
    rowsFor(plan.left, 'PRIMARY', id, out);
    rowsFor(plan.right, plan.op === 'UNION' ? 'UNION' : plan.op, id + 1, out);
    return;
  }
  const extras: string[] = [];
  if (!plan.source) {
    out.push([id, selectType, null, null, null, null, null, null, null, 'No tables used']);
  } else {
    const path = plan.virtual
      ? { type: 'ALL', key: null, extra: 'Virtual table', rows: null }
      : describePath(plan.access, plan.source.table);
    extras.push(path.extra);
    if (plan.where) extras.push('Using where');
    if (plan.aggregation || plan.distinct) extras.push('Using temporary');
    if (plan.orderBy.length) extras.push('Using filesort');
    const possible = plan.source.table.indexes
      .filter((i) => i.state === 'public')
      .map((i) => i.name);
    out.push([
      id,
      selectType,
      plan.source.alias,
      path.type,
      possible.length ? possible.join(',') : null,
      path.key,
      null,
      null,
      path.rows,
      extras.join('; '),
    ]);
  }
  plan.subqueries.forEach((sub, i) => rowsFor(sub.plan, 'SUBQUERY', id + i + 1, out));
}

export function explainRows(
  node: QueryNode | InsertNode | UpdateNode | DeleteNode,
  env: PlanEnv,
  resolveTable: (db: string | null, name: string) => { database: string; table: TableInfo },
): SqlValue[][] {
  const out: SqlValue[][] = [];
  if (node.kind === 'Select' || node.kind === 'SetOperation') {
    rowsFor(planQuery(node, env), 'SIMPLE', 1, out);
    return out;
  }
  if (node.kind === 'Insert') {
    out.push([1, 'INSERT', node.table.name, 'ALL', null, null, null, null, null, null]);
    return out;
  }
  const plan =
    node.kind === 'Update'
      ? planUpdate(node, env, resolveTable)
      : planDelete(node, env, resolveTable);
  const path = describePath(plan.access, plan.source.table);
  out.push([
    1,
    node.kind.toUpperCase(),
    plan.source.alias,
    path.type,
    null,
    path.key,
    null,
    null,
    path.rows,
    [path.extra, plan.where ? 'Using where' : ''].filter(Boolean).join('; '),
  ]);
  return out;
}
