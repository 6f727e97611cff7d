// Multi-table UPDATE (`UPDATE t1 JOIN t2 ON … SET t1.a = t2.b …`) and DELETE (`DELETE t1, t2
// FROM …` and `DELETE FROM t1, t2 USING …`): the table references are joined as a query joins
// them, and every row of a target table that takes part in some joined row is changed once (an
// UPDATE with the values of the first joined row it met). All rows are found before the first is
// changed.

import { ER } from '../../server/constants/error-codes.js';
import type {
  Assignment as AssignmentNode,
  DeleteNode,
  FromNode,
  UpdateNode,
} from '../ast/index.js';
import { sqlError } from '../errors.js';
import { compileExpr } from '../expr/compile.js';
import type { Compiled, CompileScope } from '../expr/compiled.js';
import { truth } from '../expr/convert.js';
import type { EvalContext } from '../expr/eval-context.js';
import { conjuncts } from '../planner/access-path.js';
import { hasSubquery, isVolatile } from '../planner/expr-walk.js';
import { resolveFrom } from '../planner/from-clause.js';
import { allOf, JoinPlanner } from '../planner/join-planner.js';
import type { Condition } from '../planner/join-planner.js';
import type { PlanEnv } from '../planner/plan-env.js';
import { QueryScope } from '../planner/query-scope.js';
import type { CorrelatedSubquery, JoinPlan, SubqueryPlan } from '../planner/select-plan.js';
import { planQuery } from '../planner/select-planner.js';
import { sourceWidth, TableScope } from '../planner/table-scope.js';
import type { SourceTable, TableSource } from '../planner/table-scope.js';
import type { Row } from '../types/value.js';
import { JoinRun } from './join-executor.js';
import { applyAssignments, maxAutoValue, writeChange } from './row-update.js';
import type { Assignment } from './row-update.js';
import { RowWriter } from './row-writer.js';
import type { Handle } from './row-writer.js';
import type { QueryEnv } from './select-executor.js';
import { CorrelatedRun, runUncorrelated } from './subquery-executor.js';
import { defaultOf } from './update-delete.js';
import type { WriteEnv, WriteResult } from './write-env.js';

export interface MultiTableTarget {
  readonly source: TableSource;
  /** UPDATE: the assignments to this table's columns, in statement order. */
  readonly assignments: readonly Assignment[];
}

export interface MultiTablePlan {
  readonly kind: 'MultiUpdate' | 'MultiDelete';
  readonly sources: readonly SourceTable[];
  readonly targets: readonly MultiTableTarget[];
  readonly join: JoinPlan;
  readonly width: number;
  readonly where: Compiled | null;
  readonly lateWhere: Compiled | null;
  readonly subqueries: readonly SubqueryPlan[];
  readonly correlated: readonly CorrelatedSubquery[];
  readonly ignore: boolean;
}

interface Joined {
  readonly tables: TableScope;
  readonly query: QueryScope;
  readonly from: ReturnType<typeof resolveFrom>;
}

function joinFrom(from: readonly FromNode[], env: PlanEnv): Joined {
  const tables = new TableScope();
  const resolved = resolveFrom(from, env, tables, (q, database) =>
    planQuery(q, database === null ? env : { ...env, database }),
  );
  return { tables, query: new QueryScope(tables, env, planQuery), from: resolved };
}

function finish(
  kind: MultiTablePlan['kind'],
  joined: Joined,
  where: UpdateNode['where'],
  targets: MultiTableTarget[],
  env: PlanEnv,
  ignore: boolean,
): MultiTablePlan {
  const { tables, query, from } = joined;
  for (const t of targets) for (let i = 0; i < sourceWidth(t.source); i++) t.source.used.add(i);
  const pushed: Condition[] = [];
  const early: Compiled[] = [];
  const late: Compiled[] = [];
  const whereScope = query.scope('where clause', 'input');
  for (const conjunct of conjuncts(where)) {
    if (!hasSubquery(conjunct) && !isVolatile(conjunct)) {
      pushed.push({ node: conjunct, sources: query.sourcesOf(conjunct), clause: 'where clause' });
      continue;
    }
    const before = query.correlated.length;
    const compiled = compileExpr(conjunct, whereScope);
    (query.correlated.length > before ? late : early).push(compiled);
  }
  const join = new JoinPlanner({
    scope: tables,
    compile: (n, clause) => compileExpr(n, query.scope(clause, 'input')),
    sourcesOf: (n) => query.sourcesOf(n),
    statistics: (table) => env.statistics?.(table),
    coveringScans: false,
  }).plan(from.group!, pushed);
  return {
    kind,
    sources: tables.sources,
    targets,
    join,
    width: query.width,
    where: allOf(early),
    lateWhere: allOf(late),
    subqueries: query.subqueries,
    correlated: query.correlated,
    ignore,
  };
}

function storedTable(source: SourceTable, statement: string): TableSource {
  if (source.kind !== 'table') throw sqlError(ER.NON_UPDATABLE_TABLE, source.alias, statement);
  return source;
}

export function planMultiUpdate(node: UpdateNode, env: PlanEnv): MultiTablePlan {
  const joined = joinFrom(node.from!, env);
  const { tables, query } = joined;
  const byTarget = new Map<TableSource, Assignment[]>();
  for (const a of node.assignments as readonly AssignmentNode[]) {
    const found = tables.lookup(a.column, 'field list');
    if (!found) {
      const name = [a.column.table, a.column.column].filter((p) => p !== null).join('.');
      throw sqlError(ER.BAD_FIELD_ERROR, name, 'field list');
    }
    const source = storedTable(found.source, 'UPDATE');
    const column = source.table.columns[found.offset]!;
    const scope: CompileScope = {
      ...query.scope('field list', 'output'),
      defaultValue: () => defaultOf(column),
    };
    const list = byTarget.get(source) ?? [];
    list.push({
      slot: source.slotBase + found.offset,
      offset: found.offset,
      value: compileExpr(a.value, scope),
    });
    byTarget.set(source, list);
  }
  const targets = [...byTarget].map(([source, assignments]) => ({ source, assignments }));
  return finish('MultiUpdate', joined, node.where, targets, env, node.ignore);
}

export function planMultiDelete(node: DeleteNode, env: PlanEnv): MultiTablePlan {
  const multi = node.multi!;
  const joined = joinFrom(multi.from, env);
  const targets: MultiTableTarget[] = [];
  for (const ref of multi.targets) {
    const source = joined.tables.sources.find(
      (s) =>
        s.alias === ref.name &&
        (ref.database === null || (s.kind === 'table' && s.database === ref.database)),
    );
    if (!source) throw sqlError(ER.UNKNOWN_TABLE, ref.name, 'MULTI DELETE');
    const table = storedTable(source, 'DELETE');
    if (!targets.some((t) => t.source === table)) targets.push({ source: table, assignments: [] });
  }
  return finish('MultiDelete', joined, node.where, targets, env, false);
}

/** A target row found through the join, and its new values (UPDATE). */
interface Found {
  readonly before: Row;
  readonly after: Row | null;
  readonly handle: Handle;
}

function passes(filter: Compiled | null, row: Row, ctx: EvalContext): boolean {
  return filter === null || truth(filter.evaluate(row, ctx), filter.type, ctx) === true;
}

export async function runMultiTable(
  plan: MultiTablePlan,
  writeEnv: WriteEnv,
): Promise<WriteResult> {
  let env: QueryEnv = writeEnv;
  if (plan.subqueries.length > 0) {
    const results = await runUncorrelated(plan.subqueries, env);
    env = { ...env, ctx: { ...env.ctx, subqueryResults: results } };
  }
  const ctx = env.ctx;
  const storeCtx = plan.ignore ? { ...ctx, strict: false } : ctx;
  const update = plan.kind === 'MultiUpdate';
  const handles: Array<Handle | null> = plan.sources.map(() => null);
  // Rows are found once per table (a table joined twice under two aliases is one target).
  const found = plan.targets.map(() => new Map<string, Found>());
  const seenByTable = new Map<number, Set<string>>();
  for (const t of plan.targets) seenByTable.set(t.source.table.id, new Set());
  let rowNumber = 0;
  const collect = (row: Row): boolean => {
    plan.targets.forEach((target, i) => {
      const handle = handles[target.source.position];
      if (handle === null || handle === undefined) return;
      const key = String(handle);
      const seen = seenByTable.get(target.source.table.id)!;
      if (seen.has(key)) return;
      seen.add(key);
      const { slotBase, table } = target.source;
      const width = table.columns.length;
      const before = row.slice(slotBase, slotBase + width);
      let after: Row | null = null;
      if (update) {
        const updated = row.slice();
        applyAssignments(table, target.assignments, updated, ++rowNumber, ctx, storeCtx);
        after = updated.slice(slotBase, slotBase + width);
      }
      found[i]!.set(key, { before, after, handle });
    });
    return true;
  };
  const correlated = plan.correlated.length > 0 ? new CorrelatedRun(plan.correlated, env) : null;
  const afterInput = (row: Row): boolean | Promise<boolean> => {
    if (!passes(plan.lateWhere, row, ctx)) return true;
    const filling = correlated!.fill(row, 'output');
    return filling === undefined ? collect(row) : filling.then(() => collect(row));
  };
  const lockIn = writeEnv.pessimistic ? writeEnv.txn : null;
  const reading = new JoinRun(
    plan.join,
    { ...env, reader: writeEnv.txn },
    plan.width,
    lockIn,
    handles,
  ).run((row) => {
    if (!passes(plan.where, row, ctx)) return true;
    if (correlated === null) return collect(row);
    const filling = correlated.fill(row, 'input');
    return filling === undefined ? afterInput(row) : filling.then(() => afterInput(row));
  });
  if (reading !== undefined) await reading;

  let matched = 0;
  let changed = 0;
  for (let i = 0; i < plan.targets.length; i++) {
    const { source, assignments } = plan.targets[i]!;
    const writer = new RowWriter(source.table, source.codec, writeEnv.txn, writeEnv.pessimistic);
    const rows = [...found[i]!.values()];
    matched += rows.length;
    if (!update) {
      for (const { before, handle } of rows) await writer.remove(before, handle);
      changed += rows.length;
      continue;
    }
    const assigned = new Set(assignments.map((a) => a.offset));
    const written: Row[] = [];
    for (const { before, after, handle } of rows) {
      if (
        await writeChange(
          { before, after: after!, handle },
          assigned,
          writer,
          source.codec,
          plan.ignore,
          ctx,
        )
      )
        written.push(after!);
    }
    changed += written.length;
    const maxAuto = maxAutoValue(source.table, written);
    if (maxAuto !== null) await writeEnv.catalog.autoIds.rebase(source.table.id, 'auto', maxAuto);
  }
  return {
    affectedRows: changed,
    lastInsertId: 0n,
    summary: update ? { kind: 'matched', matched, changed } : null,
  };
}
