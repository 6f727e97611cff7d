// CREATE [OR REPLACE] VIEW, ALTER VIEW and DROP VIEW. A view keeps its query as written; the
// statements that read it expand it as a derived table (parser/ddl-parser.ts viewQuery). Its
// query is planned when the view is created, so that it names tables and columns that exist
// and gives each column a distinct name (MySQL checks the same).

import { ER } from '../../../server/constants/error-codes.js';
import type { CreateViewNode, DropViewNode } from '../../ast/index.js';
import type { ColumnInfo, ViewInfo } from '../../catalog/schema.js';
import { buildColumn } from '../../catalog/table-builder.js';
import { sqlError } from '../../errors.js';
import type { EvalContext } from '../../expr/eval-context.js';
import { viewQuery } from '../../parser/ddl-parser.js';
import type { PlanEnv } from '../../planner/plan-env.js';
import { planQuery } from '../../planner/select-planner.js';
import { resultColumnDefinition } from './result-columns.js';
import { targetDatabase } from './ddl-env.js';
import type { DdlEnv } from './ddl-env.js';

/** 'user'@'host' as SHOW CREATE VIEW and information_schema.VIEWS print a definer. */
export function definerText(user: string, host: string): string {
  return `${user}@${host}`;
}

/** The column names of a view's query (checked distinct and matching its column list). */
export function viewColumnNames(node: CreateViewNode, env: DdlEnv): readonly string[] {
  const plan = planQuery(node.query, env.planEnv);
  const names = node.columns ?? plan.columns.map((c) => c.name);
  if (names.length !== plan.columns.length) throw sqlError(ER.VIEW_WRONG_LIST);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name.toLowerCase())) throw sqlError(ER.DUP_FIELDNAME, name);
    seen.add(name.toLowerCase());
  }
  return names;
}

export async function createView(
  node: CreateViewNode,
  env: DdlEnv,
  definer: { user: string; host: string },
): Promise<void> {
  const dbName = targetDatabase(env, node.view.database);
  const name = node.view.name;
  viewColumnNames(node, env);
  await env.catalog.ddl(async (writer, schema) => {
    const db = schema.database(dbName);
    if (!db) throw sqlError(ER.BAD_DB_ERROR, dbName);
    if (schema.table(dbName, name)) throw sqlError(ER.TABLE_EXISTS_ERROR, name);
    const existing = schema.view(dbName, name);
    if (existing && !node.orReplace && !node.alter) throw sqlError(ER.TABLE_EXISTS_ERROR, name);
    if (!existing && node.alter) throw sqlError(ER.NO_SUCH_TABLE, dbName, name);
    const view: ViewInfo = {
      id: existing?.id ?? (await writer.nextId()),
      databaseId: db.id,
      name,
      definition: node.definition,
      columns: node.columns,
      algorithm: node.algorithm,
      security: node.security,
      checkOption: node.checkOption,
      definer: definerText(definer.user, definer.host),
      clientCharset: env.clientCharset,
      connectionCollation: env.connectionCollation,
      createTimeMs: existing?.createTimeMs ?? env.ctx.nowMs,
    };
    writer.putView(view);
  });
}

export async function dropView(node: DropViewNode, env: DdlEnv): Promise<void> {
  await env.catalog.ddl(async (writer, schema) => {
    const views: ViewInfo[] = [];
    const missing: string[] = [];
    for (const ref of node.views) {
      const dbName = targetDatabase(env, ref.database);
      const view = schema.view(dbName, ref.name);
      if (view) views.push(view);
      else if (schema.table(dbName, ref.name))
        throw sqlError(ER.WRONG_OBJECT, dbName, ref.name, 'VIEW');
      else missing.push(`${dbName}.${ref.name}`);
    }
    if (missing.length) {
      if (!node.ifExists) throw sqlError(ER.BAD_TABLE_ERROR, missing.join(','));
      for (const name of missing) env.note(ER.BAD_TABLE_ERROR, name);
    }
    for (const view of views) writer.deleteView(view);
  });
}

/**
 * A view's columns described as table columns (SHOW COLUMNS, information_schema.COLUMNS): its
 * query planned now, each result column typed as CREATE TABLE … SELECT would type it.
 * Throws 1356 when the query no longer plans (a table or column it reads is gone).
 */
export function describeViewColumns(
  view: ViewInfo,
  database: string,
  planEnv: PlanEnv,
  ctx: EvalContext,
): ColumnInfo[] {
  let plan;
  try {
    plan = planQuery(viewQuery(view), planEnv);
  } catch {
    throw sqlError(ER.VIEW_INVALID, database, view.name);
  }
  return plan.columns.map((column, offset) =>
    buildColumn(
      { ...resultColumnDefinition(column.name, plan.types[offset]!, 0), defaultValue: null },
      { id: offset + 1, offset },
      plan.types[offset]!.collation,
      ctx,
    ),
  );
}
