// Statements made executable: queries and data changes are planned once per schema version and
// parameter types; the other statements run their handler each time.

import { ER } from '../../server/constants/error-codes.js';
import type {
  AnalyzeTableNode,
  FromNode,
  QueryNode,
  StatementHandlers,
  StatementNode,
} from '../ast/index.js';
import { dispatchStatement } from '../ast/index.js';
import type { KvReader } from '../../txn/api.js';
import type { ColumnDefinition, RowsResult, SqlValue } from '../api.js';
import type { TableInfo } from '../catalog/schema.js';
import { hasPrivilege } from '../catalog/privileges.js';
import { sqlError } from '../errors.js';
import { runInsert, planInsert } from '../executor/insert.js';
import { runQuery } from '../executor/select-executor.js';
import type { QueryEnv } from '../executor/select-executor.js';
import { analyzeTables, MAINTENANCE_COLUMNS } from '../executor/analyze-table.js';
import { planMultiDelete, planMultiUpdate, runMultiTable } from '../executor/multi-table-dml.js';
import type { MultiTablePlan } from '../executor/multi-table-dml.js';
import { StatisticsStore } from '../executor/table-statistics.js';
import { planDelete, planUpdate, runDelete, runUpdate } from '../executor/update-delete.js';
import type { WriteEnv, WriteResult } from '../executor/write-env.js';
import type { ExprType } from '../expr/expr-type.js';
import { makeType, NULL_TYPE } from '../expr/expr-type.js';
import { kindOfValue } from '../expr/convert.js';
import { nestedQueries } from '../planner/expr-walk.js';
import type { PlanEnv } from '../planner/plan-env.js';
import { planQuery } from '../planner/select-planner.js';
import type { QueryPlan } from '../planner/select-plan.js';
import { explainRows, EXPLAIN_COLUMNS } from '../planner/explain.js';
import { Decimal } from '../types/decimal.js';
import { formatFloat } from '../types/format.js';
import type { Value } from '../types/value.js';
import { runAdminStatement } from './admin-statements.js';
import type { Executable, PrivilegeCheck } from './executable.js';
import { virtualTable } from './information-schema.js';
import type { SqlSession } from './session.js';
import { textResult } from './text-result.js';

export function planEnv(session: SqlSession, paramTypes: readonly ExprType[]): PlanEnv {
  return {
    schema: session.services.catalog.schema,
    database: session.database,
    paramType: (i) => paramTypes[i] ?? NULL_TYPE,
    variableType: (node) => {
      if (node.scope === 'user') {
        const value = session.userVariable(node.name);
        const kind = kindOfValue(value);
        return makeType(kind, kind === 'decimal' ? { scale: (value as Decimal).scale } : {});
      }
      const def = session.variables.definition(node.name);
      return def.type === 'bool' ||
        def.type === 'int' ||
        def.type === 'size' ||
        def.type === 'duration'
        ? makeType('int')
        : def.type === 'float'
          ? makeType('double')
          : makeType('string');
    },
    virtualTable: (database, name) => virtualTable(session, database, name),
    statistics: (table) => StatisticsStore.of(session.services.store).get(table),
  };
}

function resolveTable(session: SqlSession) {
  return (database: string | null, name: string): { database: string; table: TableInfo } => {
    const db = database ?? session.database;
    if (db === null) throw sqlError(ER.NO_DB_ERROR);
    const schema = session.services.catalog.schema;
    if (db.toLowerCase() === 'information_schema')
      throw sqlError(ER.DBACCESS_DENIED_ERROR, session.userName, session.host, db);
    if (!schema.database(db)) throw sqlError(ER.BAD_DB_ERROR, db);
    const table = schema.table(db, name);
    if (!table) throw sqlError(ER.NO_SUCH_TABLE, db, name);
    return { database: db, table };
  };
}

/** SELECT privileges for every table a query reads. */
function readPrivileges(
  node: QueryNode,
  database: string | null,
  out: PrivilegeCheck[] = [],
): PrivilegeCheck[] {
  const visitFrom = (from: FromNode) => {
    if (from.kind === 'TableRef') {
      const db = from.database ?? database;
      if (db !== null && db.toLowerCase() !== 'information_schema')
        out.push({ privilege: 'SELECT', database: db, table: from.name });
    } else if (from.kind === 'Join') {
      visitFrom(from.left);
      visitFrom(from.right);
    } else readPrivileges(from.query, database, out);
  };
  if (node.kind === 'SetOperation') {
    readPrivileges(node.left, database, out);
    readPrivileges(node.right, database, out);
  } else {
    node.from.forEach(visitFrom);
    for (const query of nestedQueries(node)) readPrivileges(query, database, out);
  }
  return out;
}

/** A value as the server sends it. */
export function outputValue(value: Value, type: ExprType): SqlValue {
  if (value instanceof Decimal) return value.toString();
  if (type.singlePrecision && typeof value === 'number') return Number(formatFloat(value));
  return value as SqlValue;
}

/** The result of a query; its rows (fresh arrays the query made) are converted in place. */
export function rowsResult(
  columns: readonly ColumnDefinition[],
  types: readonly ExprType[],
  rows: Value[][],
): RowsResult {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let i = 0; i < row.length; i++) {
      const value = row[i]!;
      if (value instanceof Decimal || (typeof value === 'number' && types[i]!.singlePrecision))
        row[i] = outputValue(value, types[i]!) as Value;
    }
  }
  return {
    kind: 'rows',
    columns: columns as ColumnDefinition[],
    rows: rows as SqlValue[][],
    warnings: 0,
  };
}

function queryEnv(session: SqlSession, reader: KvReader, args: readonly Value[]): QueryEnv {
  return {
    ctx: session.evalContext(args, false),
    reader,
    lockIn: session.lockingTransaction(),
    checkInterrupted: session.checkInterruptedHook,
    noteScan: session.noteScanHook,
  };
}

function queryExecutable(
  node: QueryNode,
  session: SqlSession,
  paramTypes: readonly ExprType[],
): Executable {
  const plan: QueryPlan = planQuery(node, planEnv(session, paramTypes));
  const runPlan = (s: SqlSession, reader: KvReader, args: readonly Value[]) => {
    const output = runQuery(plan, queryEnv(s, reader, args));
    return output instanceof Promise
      ? output.then(({ rows }) => rowsResult(plan.columns, plan.types, rows))
      : rowsResult(plan.columns, plan.types, output.rows);
  };
  return {
    schemaVersion: session.services.catalog.schema.version,
    privileges: readPrivileges(node, session.database),
    columns: plan.columns,
    writes: false,
    privilegeVersion: -1,
    run(s, args) {
      const reader = s.reader();
      return reader instanceof Promise
        ? reader.then((r) => runPlan(s, r, args))
        : runPlan(s, reader, args);
    },
  };
}

function writeExecutable(
  table: TableInfo | readonly TableInfo[],
  privileges: PrivilegeCheck[],
  session: SqlSession,
  run: (env: WriteEnv) => Promise<WriteResult>,
): Executable {
  const target =
    'id' in table
      ? { id: table.id, version: table.updateVersion }
      : table.map((t) => ({ id: t.id, version: t.updateVersion }));
  return {
    schemaVersion: session.services.catalog.schema.version,
    privileges,
    columns: [],
    writes: true,
    privilegeVersion: -1,
    async run(s, args) {
      const ctx = s.evalContext(args, true);
      const vars = s.variables;
      const sqlMode = vars.string('sql_mode');
      const result = await s.write(async (txn, pessimistic) => {
        const env: WriteEnv = {
          ctx,
          reader: txn,
          lockIn: pessimistic ? txn : null,
          txn,
          pessimistic,
          catalog: s.services.catalog,
          autoIncrementIncrement: vars.number('auto_increment_increment'),
          autoIncrementOffset: vars.number('auto_increment_offset'),
          noAutoValueOnZero: sqlMode.includes('NO_AUTO_VALUE_ON_ZERO'),
          checkInterrupted: s.checkInterruptedHook,
          noteScan: s.noteScanHook,
        };
        return run(env);
      }, target);
      if (result.lastInsertId !== 0n) s.setLastInsertId(result.lastInsertId);
      let info = '';
      const warnings = s.warningCount();
      if (result.summary?.kind === 'records') {
        info = `Records: ${result.summary.records}  Duplicates: ${result.summary.duplicates}  Warnings: ${warnings}`;
      } else if (result.summary?.kind === 'matched') {
        info = `Rows matched: ${result.summary.matched}  Changed: ${result.summary.changed}  Warnings: ${warnings}`;
      }
      return {
        kind: 'ok',
        affectedRows: result.affectedRows,
        lastInsertId: result.lastInsertId,
        warnings,
        info,
      };
    },
  };
}

/** Multi-table UPDATE / DELETE: the change privilege on its targets, SELECT on every table. */
function multiTableExecutable(
  plan: MultiTablePlan,
  change: 'UPDATE' | 'DELETE',
  session: SqlSession,
): Executable {
  const privileges: PrivilegeCheck[] = [];
  for (const source of plan.sources) {
    if (source.kind !== 'table') continue;
    const table = source.table.name;
    privileges.push({ privilege: 'SELECT', database: source.database, table });
    if (plan.targets.some((t) => t.source === source))
      privileges.push({ privilege: change, database: source.database, table });
  }
  const tables = [...new Set(plan.targets.map((t) => t.source.table))];
  return writeExecutable(tables, privileges, session, (env) => runMultiTable(plan, env));
}

/** ANALYZE TABLE: commits the open transaction (as MySQL does), then analyzes each table. */
function analyzeExecutable(node: AnalyzeTableNode): Executable {
  return {
    schemaVersion: -1,
    privileges: [],
    columns: [],
    writes: false,
    privilegeVersion: -1,
    async run(s) {
      const targets = node.tables.map((ref) => {
        const database = ref.database ?? s.database;
        if (database === null) throw sqlError(ER.NO_DB_ERROR);
        for (const privilege of ['SELECT', 'INSERT'] as const) {
          if (!hasPrivilege(s.account, privilege, database, ref.name))
            throw sqlError(
              ER.TABLEACCESS_DENIED_ERROR,
              privilege,
              s.account.user,
              s.host,
              ref.name,
            );
        }
        return {
          database,
          name: ref.name,
          table: s.services.catalog.schema.table(database, ref.name),
        };
      });
      await s.commitTransaction();
      const rows = await analyzeTables(targets, s.services.store, s.services.catalog);
      return textResult(MAINTENANCE_COLUMNS, rows);
    },
  };
}

/** Statements without a plan: their handler runs each time (and checks its own privileges). */
function direct(node: StatementNode): Executable {
  return {
    schemaVersion: -1,
    privileges: [],
    columns: [],
    writes: false,
    privilegeVersion: -1,
    run: (s, args) => runAdminStatement(node, s, args),
  };
}

const PREPARERS: StatementHandlers<
  Executable,
  { session: SqlSession; paramTypes: readonly ExprType[] }
> = {
  Select: (node, { session, paramTypes }) => queryExecutable(node, session, paramTypes),
  SetOperation: (node, { session, paramTypes }) => queryExecutable(node, session, paramTypes),
  Insert: (node, { session, paramTypes }) => {
    const plan = planInsert(node, planEnv(session, paramTypes), resolveTable(session));
    const privileges: PrivilegeCheck[] = [
      { privilege: 'INSERT', database: plan.database, table: plan.table.name },
    ];
    if (node.replace)
      privileges.push({ privilege: 'DELETE', database: plan.database, table: plan.table.name });
    if (node.onDuplicate.length)
      privileges.push({ privilege: 'UPDATE', database: plan.database, table: plan.table.name });
    if (node.query) readPrivileges(node.query, session.database, privileges);
    return writeExecutable(plan.table, privileges, session, (env) => runInsert(plan, env));
  },
  Update: (node, { session, paramTypes }) => {
    if (node.from) {
      const plan = planMultiUpdate(node, planEnv(session, paramTypes));
      return multiTableExecutable(plan, 'UPDATE', session);
    }
    const plan = planUpdate(node, planEnv(session, paramTypes), resolveTable(session));
    const db = plan.source.database;
    const privileges: PrivilegeCheck[] = [
      { privilege: 'UPDATE', database: db, table: plan.source.table.name },
    ];
    if (node.where)
      privileges.push({ privilege: 'SELECT', database: db, table: plan.source.table.name });
    return writeExecutable(plan.source.table, privileges, session, (env) => runUpdate(plan, env));
  },
  Delete: (node, { session, paramTypes }) => {
    if (node.multi) {
      const plan = planMultiDelete(node, planEnv(session, paramTypes));
      return multiTableExecutable(plan, 'DELETE', session);
    }
    const plan = planDelete(node, planEnv(session, paramTypes), resolveTable(session));
    const db = plan.source.database;
    const privileges: PrivilegeCheck[] = [
      { privilege: 'DELETE', database: db, table: plan.source.table.name },
    ];
    if (node.where)
      privileges.push({ privilege: 'SELECT', database: db, table: plan.source.table.name });
    return writeExecutable(plan.source.table, privileges, session, (env) => runDelete(plan, env));
  },
  AnalyzeTable: (node) => analyzeExecutable(node),
  Explain: (node, { session, paramTypes }) => {
    const inner = node.statement;
    if (
      inner.kind !== 'Select' &&
      inner.kind !== 'SetOperation' &&
      inner.kind !== 'Update' &&
      inner.kind !== 'Delete' &&
      inner.kind !== 'Insert'
    ) {
      throw sqlError(ER.NOT_SUPPORTED_YET, `EXPLAIN ${inner.kind}`);
    }
    const env = planEnv(session, paramTypes);
    const rows = explainRows(inner, env, resolveTable(session));
    return {
      schemaVersion: session.services.catalog.schema.version,
      privileges:
        inner.kind === 'Select' || inner.kind === 'SetOperation'
          ? readPrivileges(inner, session.database)
          : [],
      columns: EXPLAIN_COLUMNS,
      writes: false,
      privilegeVersion: -1,
      run: async () => ({
        kind: 'rows',
        columns: EXPLAIN_COLUMNS,
        rows: rows.map((r: SqlValue[]) => [...r]),
        warnings: 0,
      }),
    };
  },
  CreateDatabase: direct,
  DropDatabase: direct,
  CreateTable: direct,
  DropTable: direct,
  TruncateTable: direct,
  OptimizeTable: direct,
  CreateIndex: direct,
  DropIndex: direct,
  AlterTable: direct,
  RenameTable: direct,
  CreateView: direct,
  DropView: direct,
  CreateTrigger: direct,
  DropTrigger: direct,
  UseDatabase: direct,
  SetVariables: direct,
  SetNames: direct,
  SetTransaction: direct,
  Show: direct,
  Kill: direct,
  Begin: direct,
  Commit: direct,
  Rollback: direct,
  Savepoint: direct,
  CreateUser: direct,
  AlterUser: direct,
  DropUser: direct,
  Grant: direct,
  Revoke: direct,
  Flush: direct,
  Do: direct,
};

export function prepareExecutable(
  node: StatementNode,
  session: SqlSession,
  paramTypes: readonly ExprType[],
): Executable {
  return dispatchStatement(PREPARERS, node, { session, paramTypes });
}
