// Statements that are not planned: DDL, USE, SET, SHOW, KILL, transactions, accounts, FLUSH, DO.
// Each checks its own privileges.

import { ER } from '../../server/constants/error-codes.js';
import type { ExprNode, StatementHandlers, StatementNode } from '../ast/index.js';
import { dispatchStatement } from '../ast/index.js';
import { evaluateExpression } from '../executor/expression-value.js';
import type { OkResult, SqlValue, StatementResult } from '../api.js';
import { hasPrivilege } from '../catalog/privileges.js';
import type { Privilege } from '../catalog/schema.js';
import { notSupported, sqlError } from '../errors.js';
import {
  createDatabase,
  createIndex,
  createTable,
  dropDatabase,
  dropIndex,
  dropTable,
  truncateTable,
} from '../executor/ddl.js';
import type { DdlEnv } from '../executor/ddl.js';
import { alterTable } from '../executor/ddl/alter-table.js';
import { createTableSelect } from '../executor/ddl/create-select.js';
import { renameTables } from '../executor/ddl/rename-table.js';
import { createTrigger, dropTrigger } from '../executor/ddl/triggers.js';
import { createView, dropView } from '../executor/ddl/views.js';
import { toInt, toText } from '../expr/convert.js';
import { makeType } from '../expr/expr-type.js';
import {
  collationByName,
  COLLATIONS,
  defaultCollationOf,
  normalizeCharset,
} from '../types/collation.js';
import { Decimal } from '../types/decimal.js';
import type { Value } from '../types/value.js';
import { alterUser, createUser, dropUser, grant, revoke } from './accounts.js';
import { planEnv } from './executables.js';
import type { SqlSession } from './session.js';
import { showStatement } from './show-statements.js';
import { textResult } from './text-result.js';
import { tableKeyRange } from '../../codec/index.js';

const OK: OkResult = { kind: 'ok', affectedRows: 0, lastInsertId: 0n, warnings: 0, info: '' };

function ok(affectedRows = 0): OkResult {
  return { ...OK, affectedRows };
}

function requirePrivilege(
  session: SqlSession,
  privilege: Privilege,
  database: string | null,
  table: string | null,
): void {
  if (hasPrivilege(session.account, privilege, database, table)) return;
  if (table !== null)
    throw sqlError(
      ER.TABLEACCESS_DENIED_ERROR,
      privilege,
      session.account.user,
      session.host,
      table,
    );
  if (database !== null)
    throw sqlError(ER.DBACCESS_DENIED_ERROR, session.account.user, session.host, database);
  throw sqlError(ER.SPECIFIC_ACCESS_DENIED_ERROR, privilege);
}

function ddlEnv(session: SqlSession): DdlEnv {
  return {
    catalog: session.services.catalog,
    store: session.services.store,
    ctx: session.evalContext([], true),
    database: session.database,
    onBackgroundError: (error) => session.services.log(error),
    note: (spec, ...args) => session.warn('Note', spec.errno, spec.message, args),
    planEnv: planEnv(session, []),
    checkInterrupted: session.checkInterruptedHook,
    account: session.account,
    clientCharset: session.variables.string('character_set_client'),
    connectionCollation: session.variables.string('collation_connection'),
  };
}

/** The OK of a statement that copies rows (ALTER TABLE, CREATE TABLE … SELECT). */
function recordsOk(session: SqlSession, records: number, duplicates = 0): OkResult {
  const warnings = session.warningCount();
  return {
    ...OK,
    affectedRows: records - duplicates,
    info: `Records: ${records}  Duplicates: ${duplicates}  Warnings: ${warnings}`,
  };
}

/** Evaluates an expression that reads no rows of a table (SET values, KILL ids, DO). */
async function evaluateConstant(
  session: SqlSession,
  node: ExprNode,
  args: readonly Value[],
): Promise<{ value: Value; text: string | null }> {
  const env = { ...planEnv(session, []), paramType: () => makeType('string') };
  const { value, type } = await evaluateExpression(node, env, {
    ctx: session.evalContext(args, false),
    reader: () => session.reader(),
    checkInterrupted: session.checkInterruptedHook,
    noteScan: session.noteScanHook,
  });
  return { value, text: toText(value, type) };
}

function dbOf(session: SqlSession, database: string | null): string {
  const db = database ?? session.database;
  if (db === null) throw sqlError(ER.NO_DB_ERROR);
  return db;
}

async function implicitCommit(session: SqlSession): Promise<void> {
  await session.commitTransaction();
}

/** The result set of OPTIMIZE TABLE (and MySQL's other table maintenance statements). */
const MAINTENANCE_COLUMNS = [
  { name: 'Table' },
  { name: 'Op' },
  { name: 'Msg_type' },
  { name: 'Msg_text' },
] as const;

const KNOWN_CHARSETS = new Set(['utf8mb4', 'utf8mb3', 'latin1', 'binary', 'ascii']);

const HANDLERS: StatementHandlers<
  Promise<StatementResult>,
  { session: SqlSession; args: readonly Value[] }
> = {
  Select: () => Promise.reject(new Error('planned statement')),
  SetOperation: () => Promise.reject(new Error('planned statement')),
  Insert: () => Promise.reject(new Error('planned statement')),
  Update: () => Promise.reject(new Error('planned statement')),
  Delete: () => Promise.reject(new Error('planned statement')),
  Explain: () => Promise.reject(new Error('planned statement')),
  AnalyzeTable: () => Promise.reject(new Error('planned statement')),

  CreateDatabase: async (node, { session }) => {
    requirePrivilege(session, 'CREATE', node.name, null);
    await implicitCommit(session);
    return ok(await createDatabase(node, ddlEnv(session)));
  },
  DropDatabase: async (node, { session }) => {
    requirePrivilege(session, 'DROP', node.name, null);
    await implicitCommit(session);
    const dropped = await dropDatabase(node, ddlEnv(session));
    if (session.database === node.name) session.database = null;
    return ok(dropped);
  },
  CreateTable: async (node, { session }) => {
    requirePrivilege(session, 'CREATE', dbOf(session, node.table.database), node.table.name);
    await implicitCommit(session);
    if (node.query) {
      const { rows, duplicates } = await createTableSelect(node, ddlEnv(session));
      return recordsOk(session, rows, duplicates);
    }
    await createTable(node, ddlEnv(session));
    return ok();
  },
  AlterTable: async (node, { session }) => {
    const database = dbOf(session, node.table.database);
    requirePrivilege(session, 'ALTER', database, node.table.name);
    for (const action of node.actions) {
      if (action.kind !== 'renameTable') continue;
      requirePrivilege(session, 'DROP', database, node.table.name);
      const target = dbOf(session, action.to.database);
      requirePrivilege(session, 'CREATE', target, action.to.name);
      requirePrivilege(session, 'INSERT', target, action.to.name);
    }
    await implicitCommit(session);
    const { rows } = await alterTable(node, ddlEnv(session));
    return recordsOk(session, rows);
  },
  RenameTable: async (node, { session }) => {
    for (const { from, to } of node.renames) {
      requirePrivilege(session, 'ALTER', dbOf(session, from.database), from.name);
      requirePrivilege(session, 'DROP', dbOf(session, from.database), from.name);
      requirePrivilege(session, 'CREATE', dbOf(session, to.database), to.name);
      requirePrivilege(session, 'INSERT', dbOf(session, to.database), to.name);
    }
    await implicitCommit(session);
    await renameTables(node, ddlEnv(session));
    return ok();
  },
  CreateView: async (node, { session }) => {
    requirePrivilege(session, 'CREATE VIEW', dbOf(session, node.view.database), node.view.name);
    if (node.orReplace || node.alter)
      requirePrivilege(session, 'DROP', dbOf(session, node.view.database), node.view.name);
    const account = session.account;
    let definer = { user: account.user, host: account.host };
    if (node.definer && node.definer.user !== '') {
      definer = node.definer;
      if (definer.user !== account.user || definer.host !== account.host)
        requirePrivilege(session, 'SUPER', null, null);
    }
    await implicitCommit(session);
    await createView(node, ddlEnv(session), definer);
    return ok();
  },
  CreateTrigger: async (node, { session }) => {
    requirePrivilege(session, 'ALTER', dbOf(session, node.table.database), node.table.name);
    await implicitCommit(session);
    const account = session.account;
    let definer = { user: account.user, host: account.host };
    if (node.definer && node.definer.user !== '') {
      definer = node.definer;
      if (definer.user !== account.user || definer.host !== account.host)
        requirePrivilege(session, 'SUPER', null, null);
    }
    const sqlMode = session.variables.string('sql_mode');
    await createTrigger(node, ddlEnv(session), definer, sqlMode);
    return ok();
  },
  DropTrigger: async (node, { session }) => {
    const database = dbOf(session, node.trigger.database);
    const trigger = session.services.catalog.schema.trigger(database, node.trigger.name);
    if (trigger) requirePrivilege(session, 'ALTER', database, trigger.table);
    await implicitCommit(session);
    await dropTrigger(node, ddlEnv(session));
    return ok();
  },
  DropView: async (node, { session }) => {
    for (const v of node.views)
      requirePrivilege(session, 'DROP', dbOf(session, v.database), v.name);
    await implicitCommit(session);
    await dropView(node, ddlEnv(session));
    return ok();
  },
  DropTable: async (node, { session }) => {
    for (const t of node.tables)
      requirePrivilege(session, 'DROP', dbOf(session, t.database), t.name);
    await implicitCommit(session);
    await dropTable(node, ddlEnv(session));
    return ok();
  },
  TruncateTable: async (node, { session }) => {
    requirePrivilege(session, 'DROP', dbOf(session, node.table.database), node.table.name);
    await implicitCommit(session);
    await truncateTable(node, ddlEnv(session));
    return ok();
  },
  OptimizeTable: async (node, { session }) => {
    await implicitCommit(session);
    const rows: SqlValue[][] = [];
    for (const ref of node.tables) {
      const database = dbOf(session, ref.database);
      const name = `${database}.${ref.name}`;
      requirePrivilege(session, 'SELECT', database, ref.name);
      requirePrivilege(session, 'INSERT', database, ref.name);
      const table = session.services.catalog.schema.table(database, ref.name);
      if (!table) {
        rows.push([name, 'optimize', 'Error', `Table '${name}' doesn't exist`]);
        rows.push([name, 'optimize', 'status', 'Operation failed']);
        continue;
      }
      await session.services.store.compactRange(...tableKeyRange(table.id));
      rows.push([name, 'optimize', 'status', 'OK']);
    }
    return textResult(MAINTENANCE_COLUMNS, rows);
  },
  CreateIndex: async (node, { session }) => {
    requirePrivilege(session, 'INDEX', dbOf(session, node.table.database), node.table.name);
    await implicitCommit(session);
    await createIndex(node, ddlEnv(session));
    return ok();
  },
  DropIndex: async (node, { session }) => {
    requirePrivilege(session, 'INDEX', dbOf(session, node.table.database), node.table.name);
    await implicitCommit(session);
    await dropIndex(node, ddlEnv(session));
    return ok();
  },
  UseDatabase: async (node, { session }) => {
    await session.useDatabase(node.name);
    return ok();
  },
  SetVariables: async (node, { session, args }) => {
    for (const a of node.assignments) {
      if (a.scope === 'user') {
        const { value } = a.value
          ? await evaluateConstant(session, a.value, args)
          : { value: null };
        session.setUserVariable(a.name, value instanceof Decimal ? value : value);
        continue;
      }
      let raw: string | number | boolean | null = null;
      if (a.value) {
        const { value, text } = await evaluateConstant(session, a.value, args);
        raw = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : text;
        if (value === null) throw sqlError(ER.WRONG_VALUE_FOR_VAR, a.name, 'NULL');
      }
      if (a.scope === 'global') requirePrivilege(session, 'SUPER', null, null);
      if (a.name === 'last_insert_id' || a.name === 'insert_id' || a.name === 'identity') {
        session.setLastInsertId(BigInt(Math.max(0, Math.trunc(Number(raw ?? 0)))));
        continue;
      }
      const wasAutocommit = session.variables.bool('autocommit');
      session.variables.set(a.name, raw, a.scope);
      if (
        a.name === 'autocommit' &&
        a.scope === 'session' &&
        !wasAutocommit &&
        session.variables.bool('autocommit')
      ) {
        await session.commitTransaction();
      }
    }
    return ok();
  },
  SetNames: async (node, { session }) => {
    const charset = normalizeCharset(node.charset);
    if (!KNOWN_CHARSETS.has(charset)) throw sqlError(ER.UNKNOWN_CHARACTER_SET, node.charset);
    let collation = node.collation ? collationByName(node.collation) : defaultCollationOf(charset);
    if (!collation && charset === 'ascii') collation = COLLATIONS.get('latin1_swedish_ci');
    if (!collation) throw sqlError(ER.UNKNOWN_COLLATION, node.collation ?? charset);
    if (node.collation && collation.charset !== charset)
      throw sqlError(ER.COLLATION_CHARSET_MISMATCH, node.collation, charset);
    session.variables.assign('character_set_client', charset);
    session.variables.assign('character_set_results', charset);
    if (node.characterSetForm) {
      session.variables.assign(
        'character_set_connection',
        session.variables.string('character_set_database'),
      );
      session.variables.assign(
        'collation_connection',
        session.variables.string('collation_database'),
      );
    } else {
      session.variables.assign('character_set_connection', charset);
      session.variables.assign('collation_connection', collation.name);
    }
    return ok();
  },
  SetTransaction: async (node, { session }) => {
    if (node.isolation === 'SERIALIZABLE') throw notSupported('SERIALIZABLE isolation');
    if (node.scope === null && session.inTransaction)
      throw sqlError(ER.CANT_CHANGE_TX_CHARACTERISTICS);
    const scope = node.scope ?? 'session';
    if (scope === 'global') requirePrivilege(session, 'SUPER', null, null);
    if (node.isolation) session.variables.set('transaction_isolation', node.isolation, scope);
    if (node.readOnly !== null)
      session.variables.set('transaction_read_only', node.readOnly, scope);
    return ok();
  },
  Show: async (node, { session }) => showStatement(node, session),
  Kill: async (node, { session, args }) => {
    const { value } = await evaluateConstant(session, node.connectionId, args);
    const id = Number(toInt(value, makeType('int'), null) ?? 0);
    const target = session.services.sessions.get(id);
    if (!target) throw sqlError(ER.NO_SUCH_THREAD, id);
    if (
      target.userName !== session.userName &&
      !hasPrivilege(session.account, 'SUPER', null, null)
    ) {
      throw sqlError(ER.KILL_DENIED_ERROR, id);
    }
    if (node.query) target.cancel();
    else target.connection.kill();
    return ok();
  },
  Begin: async (node, { session }) => {
    await session.beginTransaction(node.readOnly);
    return ok();
  },
  Commit: async (_node, { session }) => {
    await session.commitTransaction();
    return ok();
  },
  Rollback: async (node, { session }) => {
    if (node.savepoint !== null) session.rollbackToSavepoint(node.savepoint);
    else await session.rollbackTransaction();
    return ok();
  },
  Savepoint: async (node, { session }) => {
    if (node.release) session.releaseSavepoint(node.name);
    else session.setSavepoint(node.name);
    return ok();
  },
  CreateUser: async (node, { session }) => {
    await implicitCommit(session);
    await createUser(node, session);
    return ok();
  },
  AlterUser: async (node, { session }) => {
    await implicitCommit(session);
    await alterUser(node, session);
    return ok();
  },
  DropUser: async (node, { session }) => {
    await implicitCommit(session);
    await dropUser(node, session);
    return ok();
  },
  Grant: async (node, { session }) => {
    await implicitCommit(session);
    await grant(node, session);
    return ok();
  },
  Revoke: async (node, { session }) => {
    await implicitCommit(session);
    await revoke(node, session);
    return ok();
  },
  Flush: async (node, { session }) => {
    requirePrivilege(session, 'RELOAD', null, null);
    void node;
    return ok();
  },
  Do: async (node, { session, args }) => {
    for (const e of node.exprs) await evaluateConstant(session, e, args);
    return ok();
  },
};

export function runAdminStatement(
  node: StatementNode,
  session: SqlSession,
  args: readonly Value[],
): Promise<StatementResult> {
  return dispatchStatement(HANDLERS, node, { session, args });
}
