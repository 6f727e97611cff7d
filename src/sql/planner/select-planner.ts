// Plans SELECT and set operations: resolves names, expands *, compiles expressions (with
// aggregates when the query groups), picks the access path and the columns to decode.

import { ER } from '../../server/constants/error-codes.js';
import type {
  AggregateNode,
  ColumnRefNode,
  ExprNode,
  FromNode,
  LimitClause,
  QueryNode,
  SelectItem,
  SelectNode,
  SetOperationNode,
} from '../ast/index.js';
import { makeAggregateSpec } from '../executor/aggregates.js';
import type { AggregateSpec } from '../executor/aggregates.js';
import { notSupported, sqlError } from '../errors.js';
import { makeComparator } from '../expr/compare.js';
import { toText } from '../expr/convert.js';
import { groupKey } from '../types/collation.js';
import type { Compiled, CompileScope, SubqueryMode } from '../expr/compiled.js';
import { compileExpr } from '../expr/compile.js';
import { makeType } from '../expr/expr-type.js';
import type { ExprType } from '../expr/expr-type.js';
import { unifyTypes } from '../expr/unify.js';
import { chooseAccessPath } from './access-path.js';
import type { AccessPath } from './access-path.js';
import type { PlanEnv, VirtualTable } from './plan-env.js';
import { resultColumn } from './result-columns.js';
import type {
  QueryPlan,
  SelectPlan,
  SetOperationPlan,
  SortKey,
  SubqueryPlan,
} from './select-plan.js';
import { TableScope } from './table-scope.js';
import type { SourceTable } from './table-scope.js';

const INFORMATION_SCHEMA = 'information_schema';
const PERFORMANCE_SCHEMA = 'performance_schema';

export function planQuery(node: QueryNode, env: PlanEnv): QueryPlan {
  return node.kind === 'Select' ? planSelect(node, env) : planSetOperation(node, env);
}

interface Resolved {
  source: SourceTable | null;
  virtual: VirtualTable | null;
}

function resolveFrom(from: readonly FromNode[], env: PlanEnv, scope: TableScope): Resolved {
  if (from.length === 0) return { source: null, virtual: null };
  if (from.length > 1) throw notSupported('joins');
  const item = from[0]!;
  if (item.kind === 'Join') throw notSupported('joins');
  if (item.kind === 'DerivedTable') throw notSupported('derived tables');
  const database = item.database ?? env.database;
  if (database === null) throw sqlError(ER.NO_DB_ERROR);
  const lowerDatabase = database.toLowerCase();
  if (lowerDatabase === INFORMATION_SCHEMA || lowerDatabase === PERFORMANCE_SCHEMA) {
    const virtual = env.virtualTable(lowerDatabase, item.name.toUpperCase());
    if (!virtual) throw sqlError(ER.NO_SUCH_TABLE, lowerDatabase, item.name);
    return {
      source: scope.add(lowerDatabase, virtual.info, item.alias ?? item.name),
      virtual,
    };
  }
  if (!env.schema.database(database)) throw sqlError(ER.BAD_DB_ERROR, database);
  const table = env.schema.table(database, item.name);
  if (!table) throw sqlError(ER.NO_SUCH_TABLE, database, item.name);
  return { source: scope.add(database, table, item.alias), virtual: null };
}

/** Whether the query groups (GROUP BY, or an aggregate in the select list, HAVING or ORDER BY). */
function hasAggregate(node: ExprNode | null): boolean {
  if (node === null) return false;
  if (node.kind === 'Aggregate') return true;
  if (node.kind === 'Subquery' || node.kind === 'Exists' || node.kind === 'InSubquery') {
    return node.kind === 'InSubquery' ? hasAggregate(node.expr) : false;
  }
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const v of value) {
        if (v && typeof v === 'object' && 'kind' in v && hasAggregate(v as ExprNode)) return true;
        if (
          v &&
          typeof v === 'object' &&
          'when' in v &&
          (hasAggregate(v.when) || hasAggregate(v.then))
        )
          return true;
      }
    } else if (
      value &&
      typeof value === 'object' &&
      'kind' in value &&
      hasAggregate(value as ExprNode)
    )
      return true;
  }
  return false;
}

/** Replaces bare names that are select-list aliases (and not columns) by the aliased expression. */
function substituteAliases(
  node: ExprNode,
  items: readonly SelectItem[],
  isColumn: (ref: ColumnRefNode) => boolean,
): ExprNode {
  if (node.kind === 'ColumnRef') {
    if (node.table === null && !isColumn(node)) {
      const item = items.find(
        (i) => i.alias !== null && i.alias.toLowerCase() === node.column.toLowerCase(),
      );
      if (item) return item.expr;
    }
    return node;
  }
  if (node.kind === 'Subquery' || node.kind === 'Exists' || node.kind === 'Aggregate') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (Array.isArray(value)) {
      out[key] = value.map((v) =>
        v && typeof v === 'object' && 'kind' in v
          ? substituteAliases(v as ExprNode, items, isColumn)
          : v && typeof v === 'object' && 'when' in v
            ? {
                when: substituteAliases(v.when, items, isColumn),
                then: substituteAliases(v.then, items, isColumn),
              }
            : v,
      );
    } else if (value && typeof value === 'object' && 'kind' in value) {
      out[key] = substituteAliases(value as ExprNode, items, isColumn);
    } else out[key] = value;
  }
  return out as unknown as ExprNode;
}

/** ORDER BY / GROUP BY item: a position, an alias, or an expression. */
function resolveOrderItem(
  expr: ExprNode,
  items: readonly SelectItem[],
  isColumn: (ref: ColumnRefNode) => boolean,
  clause: string,
): ExprNode {
  if (expr.kind === 'Literal' && expr.type === 'int') {
    const position = Number(expr.value);
    if (position < 1 || position > items.length)
      throw sqlError(ER.BAD_FIELD_ERROR, String(position), clause);
    return items[position - 1]!.expr;
  }
  if (expr.kind === 'ColumnRef' && expr.table === null) {
    const item = items.find(
      (i) => i.alias !== null && i.alias.toLowerCase() === expr.column.toLowerCase(),
    );
    if (item && (clause === 'order clause' || !isColumn(expr))) return item.expr;
  }
  return substituteAliases(expr, items, isColumn);
}

export function planSelect(node: SelectNode, env: PlanEnv): SelectPlan {
  const tables = new TableScope();
  const { source, virtual } = resolveFrom(node.from, env, tables);
  const subqueries: SubqueryPlan[] = [];
  const isColumn = (ref: ColumnRefNode) => tables.lookup(ref, 'field list') !== undefined;

  const makeScope = (clause: string, aggregate: CompileScope['aggregate']): CompileScope => ({
    clause,
    resolveColumn: (ref) => tables.resolve(ref, clause),
    paramType: (i) => env.paramType(i),
    variableType: (n) => env.variableType(n),
    aggregate,
    subquery: (query: QueryNode, mode: SubqueryMode) =>
      planSubquery(query, mode, env, tables, subqueries),
  });

  // Expand * into the table's columns.
  const items: SelectItem[] = [];
  for (const item of node.items) {
    if (item.expr.kind === 'Star') {
      if (!source) throw sqlError(ER.NO_TABLES_USED);
      if (item.expr.table !== null && item.expr.table !== source.alias)
        throw sqlError(ER.BAD_TABLE_ERROR, item.expr.table);
      for (const column of source.table.columns) {
        items.push({
          expr: { kind: 'ColumnRef', database: null, table: source.alias, column: column.name },
          alias: null,
          text: column.name,
        });
      }
    } else items.push(item);
  }

  const grouped =
    node.groupBy.length > 0 ||
    items.some((i) => hasAggregate(i.expr)) ||
    hasAggregate(node.having) ||
    node.orderBy.some((o) => hasAggregate(o.expr));
  if (node.withRollup) throw notSupported('WITH ROLLUP');

  const where = node.where ? compileExpr(node.where, makeScope('where clause', null)) : null;
  if (node.where && hasAggregate(node.where)) throw sqlError(ER.INVALID_GROUP_FUNC_USE);

  const width = tables.width;
  const specs: AggregateSpec[] = [];
  const specKeys: string[] = [];
  const inputScope = makeScope('group statement', null);
  const registerAggregate = (agg: AggregateNode) => {
    const key = JSON.stringify(agg, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    const existing = specKeys.indexOf(key);
    if (existing >= 0) return { slot: width + existing, type: specs[existing]!.type };
    if (agg.args.some(hasAggregate)) throw sqlError(ER.INVALID_GROUP_FUNC_USE);
    const args = agg.args.map((a) => compileExpr(a, inputScope));
    const orderBy = agg.orderBy.map((o) => ({
      expr: compileExpr(o.expr, inputScope),
      descending: o.descending,
    }));
    specs.push(makeAggregateSpec(agg, args, orderBy));
    specKeys.push(key);
    return { slot: width + specs.length - 1, type: specs[specs.length - 1]!.type };
  };
  const outputScope = (clause: string) => makeScope(clause, grouped ? registerAggregate : null);

  const groupBy = node.groupBy.map((g) =>
    compileExpr(resolveOrderItem(g, items, isColumn, 'group statement'), inputScope),
  );
  const projection = items.map((i) => compileExpr(i.expr, outputScope('field list')));
  const having = node.having
    ? compileExpr(substituteAliases(node.having, items, isColumn), outputScope('having clause'))
    : null;
  const orderBy: SortKey[] = node.orderBy.map((o) => {
    const expr = compileExpr(
      resolveOrderItem(o.expr, items, isColumn, 'order clause'),
      outputScope('order clause'),
    );
    return { expr, descending: o.descending, ...sortKeyFor(expr.type) };
  });
  const limitScope = makeScope('LIMIT', null);
  const { limit, offset } = compileLimit(node.limit, limitScope);

  let access: AccessPath = { kind: 'TableScan' };
  if (source && !virtual)
    access = chooseAccessPath(source, node.where, (n) =>
      compileExpr(n, makeScope('where clause', null)),
    );
  const decoder =
    source && !virtual
      ? source.codec.decoder(
          [...source.used].sort((a, b) => a - b),
          source.slotBase,
        )
      : null;

  const columns = items.map((item, i) =>
    resultColumn(item.alias ?? item.text, projection[i]!.type, source?.table),
  );
  return {
    kind: 'Select',
    columns,
    types: projection.map((p) => p.type),
    source,
    virtual,
    access,
    decoder,
    width,
    where,
    aggregation: grouped ? { groupBy, specs } : null,
    having,
    projection,
    orderBy,
    distinct: node.distinct,
    limit,
    offset,
    forUpdate: node.lock === 'FOR UPDATE',
    subqueries,
  };
}

/**
 * How ORDER BY compares a type: strings under a case-insensitive collation are turned into their
 * collation key once per row, so that sorting compares plain strings.
 */
export function sortKeyFor(type: ExprType): Pick<SortKey, 'compare' | 'prepare'> {
  if (type.kind === 'string' && type.collation.caseInsensitive) {
    const collation = type.collation;
    return {
      prepare: (value) => groupKey(toText(value, type)!, collation),
      compare: (x, y) =>
        (x as string) < (y as string) ? -1 : (x as string) > (y as string) ? 1 : 0,
    };
  }
  return { prepare: null, compare: makeComparator(type, type) };
}

export function compileLimit(
  clause: LimitClause | null,
  scope: CompileScope,
): { limit: Compiled | null; offset: Compiled | null } {
  if (!clause) return { limit: null, offset: null };
  const check = (c: Compiled) => {
    if (c.type.kind !== 'int' && c.type.kind !== 'null')
      throw sqlError(ER.WRONG_ARGUMENTS, 'LIMIT');
    return c;
  };
  return {
    limit: check(compileExpr(clause.count, scope)),
    offset: clause.offset ? check(compileExpr(clause.offset, scope)) : null,
  };
}

function planSubquery(
  query: QueryNode,
  mode: SubqueryMode,
  env: PlanEnv,
  outer: TableScope,
  registry: SubqueryPlan[],
): { index: number; type: ExprType } {
  let plan: QueryPlan;
  try {
    plan = planQuery(query, env);
  } catch (error) {
    if (
      (error as { errno?: number }).errno === ER.BAD_FIELD_ERROR.errno &&
      outer.sources.length > 0
    ) {
      throw notSupported('correlated subqueries');
    }
    throw error;
  }
  if (mode !== 'exists' && plan.types.length !== 1) throw sqlError(ER.OPERAND_COLUMNS, 1);
  registry.push({ plan, mode });
  const type =
    mode === 'exists'
      ? makeType('int', { nullable: false })
      : { ...plan.types[0]!, nullable: true, source: null };
  return { index: registry.length - 1, type };
}

function planSetOperation(node: SetOperationNode, env: PlanEnv): SetOperationPlan {
  const left = planQuery(node.left, env);
  const right = planQuery(node.right, env);
  if (left.types.length !== right.types.length)
    throw sqlError(ER.WRONG_NUMBER_OF_COLUMNS_IN_SELECT);
  const types = left.types.map((t, i) => ({ ...unifyTypes([t, right.types[i]!]), source: null }));
  const columns = left.columns.map((c, i) => resultColumn(c.name, types[i]!));
  const names = columns.map((c) => c.name.toLowerCase());
  const orderBy = node.orderBy.map((o) => {
    let column = -1;
    if (o.expr.kind === 'Literal' && o.expr.type === 'int') column = Number(o.expr.value) - 1;
    else if (o.expr.kind === 'ColumnRef') column = names.indexOf(o.expr.column.toLowerCase());
    if (column < 0 || column >= types.length)
      throw notSupported('this ORDER BY on a set operation');
    return {
      column,
      descending: o.descending,
      compare: makeComparator(types[column]!, types[column]!),
    };
  });
  const limitScope: CompileScope = {
    clause: 'LIMIT',
    resolveColumn: (ref) => {
      throw sqlError(ER.BAD_FIELD_ERROR, ref.column, 'LIMIT');
    },
    paramType: (i) => env.paramType(i),
    variableType: (n) => env.variableType(n),
    aggregate: null,
    subquery: () => {
      throw notSupported('subqueries in LIMIT');
    },
  };
  const { limit, offset } = compileLimit(node.limit, limitScope);
  return {
    kind: 'SetOperation',
    op: node.op,
    all: node.all,
    left,
    right,
    columns,
    types,
    orderBy,
    limit,
    offset,
  };
}
