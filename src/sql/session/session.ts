// One client session: runs statements through the statement cache, owns the session's
// transaction, variables, warnings and prepared statements. Statements run one at a time (the
// server sends the next only after the previous answered).
//
// Transactions: inside BEGIN … COMMIT (or with autocommit=0) statements run in one transaction
// of the session's mode (pessimistic by default), each statement atomic through a savepoint.
// An autocommit write runs in its own optimistic transaction and is retried when its commit
// loses a race with another writer (as TiDB does), so it never fails with a write conflict.

import { ER } from '../../server/constants/error-codes.js';
import type { KvReader, Transaction } from '../../txn/api.js';
import type { StatementNode } from '../ast/index.js';
import type {
  ColumnDefinition,
  ConnectionControl,
  PreparedStatement,
  Session,
  SessionInfo,
  SessionStatus,
  SqlValue,
  StatementResult,
  FastPointSelect,
} from '../api.js';
import type { UserRecord } from '../catalog/schema.js';
import { hasPrivilege } from '../catalog/privileges.js';
import { sqlError, SqlError } from '../errors.js';
import { kindOfValue } from '../expr/convert.js';
import type { EvalContext, SessionFacts, SqlWarning } from '../expr/eval-context.js';
import { literalType, literalValue } from '../expr/compile.js';
import { makeType } from '../expr/expr-type.js';
import type { ExprType } from '../expr/expr-type.js';
import { splitStatements as split } from '../parser/lexer.js';
import { normalize } from '../parser/normalize.js';
import type { NormalizedStatement } from '../parser/normalize.js';
import { parseNormalized } from '../parser/parse.js';
import { parseError } from '../errors.js';
import { timeZoneOffsetMinutes } from '../types/datetime.js';
import type { Decimal } from '../types/decimal.js';
import type { Value } from '../types/value.js';
import type { Executable } from './executable.js';
import { prepareExecutable } from './executables.js';
import { describeFastPointSelect } from './fast-path.js';
import { WaitSummary } from './performance-schema.js';
import { throttleScope } from '../../txn/api.js';
import type { ThrottleScope } from '../../txn/api.js';
import type { EngineServices } from './engine-services.js';
import { asSqlValue, SessionVariables } from './session-variables.js';
import { LITERAL_BOUND, StatementCache } from './statement-cache.js';
import type { CacheEntry } from './statement-cache.js';
import { toSqlError, txnErrorCode } from './txn-errors.js';

/** SHOW statements that report the previous statement's warnings (and so keep them). */
const WARNING_SHOWS: ReadonlySet<string> = new Set([
  'WARNINGS',
  'ERRORS',
  'COUNT_WARNINGS',
  'COUNT_ERRORS',
]);
/** Warnings kept per statement (MySQL's max_error_count default). */
const MAX_WARNINGS = 64;
/** Times an autocommit write is retried after losing a commit race. */
const AUTOCOMMIT_RETRIES = 10;
const LITERAL_BOUND_PREFIX = '\u0000';
/** Statements with more parameter slots or text than this are not cached. */
const MAX_CACHED_SLOTS = 256;
const MAX_CACHED_TEXT = 16 * 1024;

/** A table and the schema version (its updateVersion) a statement was planned against. */
export interface TableVersion {
  readonly id: number;
  readonly version: number;
}

interface PreparedEntry {
  readonly statement: PreparedStatement;
  readonly normalized: NormalizedStatement;
  readonly entry: CacheEntry;
}

export class SqlSession implements Session, SessionFacts {
  readonly connectionId: number;
  database: string | null;
  readonly variables: SessionVariables;
  private accountRecord: UserRecord;
  private accountVersion: number;
  /** The user name the client connected with, and its host. */
  readonly userName: string;
  readonly host: string;
  private txn: Transaction | null = null;
  /** The transaction was opened by BEGIN / START TRANSACTION (not just autocommit=0). */
  private explicit = false;
  private readOnlyTxn = false;
  private warnings: SqlWarning[] = [];
  private warningTotal = 0;
  /** The running statement cleared the conditions of the previous one (or will, lazily). */
  private statementCleared = false;
  private clearPending = false;
  /** Warning count of the previous statement (what @@warning_count reads). */
  private previousWarningTotal = 0;
  private lastId = 0n;
  private lastFoundRows = 0;
  private lastRowCount = -1;
  private noIndexUsed = false;
  private readonly userVariables = new Map<string, Value>();
  private readonly cache: StatementCache;
  private readonly prepared = new Map<number, PreparedEntry>();
  private nextStatementId = 1;
  private cancelled = false;
  /** How often this session parsed and planned (the statement cache avoids both). */
  readonly cacheStats = { parses: 0, plans: 0 };
  private deadlineMs = Infinity;
  private readonly savepoints = new Map<string, number>();
  /** Tables the open transaction wrote, with the version its statements were planned at. */
  private readonly writtenTables = new Map<number, number>();
  // Process list.
  command = 'Sleep';
  info: string | null = null;
  stateChangedMs = Date.now();

  constructor(
    readonly services: EngineServices,
    sessionInfo: SessionInfo,
    account: UserRecord,
    readonly connection: ConnectionControl,
  ) {
    this.connectionId = sessionInfo.connectionId;
    this.database = sessionInfo.database;
    this.userName = sessionInfo.user;
    this.host = sessionInfo.host;
    this.accountRecord = account;
    this.accountVersion = services.catalog.privilegeVersion;
    this.variables = new SessionVariables(services.settings);
    this.cache = new StatementCache(services.settings.getNumber('statement_cache_size'));
  }

  /**
   * The account's current record: grants and revokes take effect on open sessions at their next
   * statement, as in MySQL. A dropped account keeps the privileges it had.
   */
  get account(): UserRecord {
    const catalog = this.services.catalog;
    if (catalog.privilegeVersion !== this.accountVersion) {
      const current = catalog
        .users()
        .find((u) => u.user === this.accountRecord.user && u.host === this.accountRecord.host);
      if (current) this.accountRecord = current;
      this.accountVersion = catalog.privilegeVersion;
    }
    return this.accountRecord;
  }

  // ----- Session (api.ts) -----

  get status(): SessionStatus {
    return {
      inTransaction: this.txn !== null,
      autocommit: this.variables.bool('autocommit'),
      noIndexUsed: this.noIndexUsed,
    };
  }

  splitStatements(sql: string): string[] {
    return split(sql);
  }

  async execute(sql: string): Promise<StatementResult> {
    this.begin(sql, 'Query');
    try {
      const normalized = normalize(sql);
      if (normalized.slots.some((s) => s.literal === null)) {
        const slot = normalized.slots.find((s) => s.literal === null)!;
        throw parseError(sql, slot.start);
      }
      const entry = this.cached(normalized);
      const args = normalized.slots.map((s) => literalValue(s.literal!));
      // An entry planned on every run keeps no plans, so it needs no signature to find one by.
      const signature = entry.replan ? '' : this.textSignature(normalized);
      const types = () => normalized.slots.map((s) => literalType(s.literal!));
      const executable = this.plan(entry, signature, types);
      const result = this.runReplanning(executable, args, entry, () =>
        this.plan(entry, signature, types),
      );
      return result instanceof Promise ? await result : result;
    } catch (error) {
      throw this.fail(error);
    } finally {
      this.end();
    }
  }

  /** Runs; an autocommit write that met a schema change is planned again and rerun once. */
  private runReplanning(
    executable: Executable,
    args: readonly Value[],
    entry: CacheEntry,
    replan: () => Executable,
  ): StatementResult | Promise<StatementResult> {
    if (!executable.writes) return this.run(executable, args, entry);
    return this.runWriteReplanning(executable, args, entry, replan);
  }

  private async runWriteReplanning(
    executable: Executable,
    args: readonly Value[],
    entry: CacheEntry,
    replan: () => Executable,
  ): Promise<StatementResult> {
    try {
      return await this.run(executable, args, entry);
    } catch (error) {
      const changed = (error as { errno?: number }).errno === ER.TABLE_DEF_CHANGED.errno;
      if (!changed || this.txn) throw error;
      return this.run(replan(), args, entry);
    }
  }

  async prepare(sql: string): Promise<PreparedStatement> {
    const normalized = normalize(sql);
    const entry = this.cached(normalized);
    const max = this.services.settings.getNumber('max_prepared_stmt_count');
    if (this.prepared.size >= max) throw sqlError(ER.MAX_PREPARED_STMT_COUNT_REACHED, max);
    const paramCount = normalized.slots.filter((slot) => slot.literal === null).length;
    // Result columns as planned with unknown (string) parameter types.
    let columns: ColumnDefinition[] = [];
    try {
      const executable = this.plan(entry, 'prepare', () =>
        normalized.slots.map((s) => (s.literal ? literalType(s.literal) : makeType('string'))),
      );
      columns = [...executable.columns];
    } catch (error) {
      throw toSqlError(error);
    }
    const id = this.nextStatementId++;
    const params: ColumnDefinition[] = Array.from({ length: paramCount }, () => ({
      schema: '',
      table: '',
      orgTable: '',
      name: '?',
      orgName: '',
      characterSet: 63,
      columnLength: 0,
      type: 0xfd,
      flags: 0x80,
      decimals: 0,
    }));
    const statement: PreparedStatement = { id, paramCount, params, columns };
    this.prepared.set(id, { statement, normalized, entry });
    return statement;
  }

  async executePrepared(statementId: number, params: SqlValue[]): Promise<StatementResult> {
    const prepared = this.prepared.get(statementId);
    if (!prepared) throw sqlError(ER.UNKNOWN_STMT_HANDLER, String(statementId), 'EXECUTE');
    this.begin(prepared.normalized.sql, 'Execute');
    try {
      const { normalized, entry } = prepared;
      if (params.length !== prepared.statement.paramCount)
        throw sqlError(ER.WRONG_ARGUMENTS, 'mysqld_stmt_execute');
      const slots = normalized.slots;
      let args: Value[];
      let signature: string;
      if (slots.length === params.length) {
        args = params as Value[];
        signature = paramSignature(args);
      } else {
        args = new Array(slots.length);
        let p = 0;
        for (let i = 0; i < slots.length; i++) {
          const literal = slots[i]!.literal;
          args[i] = literal ? literalValue(literal) : (params[p++] as Value);
        }
        signature = this.textSignature(normalized) + '|' + paramSignature(params as Value[]);
      }
      const types = () =>
        slots.map((s, i) => (s.literal ? literalType(s.literal) : valueType(args[i]!)));
      const executable = this.plan(entry, signature, types);
      const result = this.runReplanning(executable, args, entry, () =>
        this.plan(entry, signature, types),
      );
      return result instanceof Promise ? await result : result;
    } catch (error) {
      throw this.fail(error);
    } finally {
      this.end();
    }
  }

  closePrepared(statementId: number): void {
    this.prepared.delete(statementId);
  }

  fastPointSelect(statementId: number): FastPointSelect | undefined {
    const prepared = this.prepared.get(statementId);
    if (!prepared) return undefined;
    const catalog = this.services.catalog;
    return describeFastPointSelect({
      statement: prepared.entry.parsed.statement,
      slotCount: prepared.normalized.slots.length,
      paramCount: prepared.statement.paramCount,
      definitions: prepared.statement.columns,
      database: this.database,
      schema: catalog.schema,
      account: this.account,
      epoch: catalog.schema.version + catalog.privilegeVersion,
    });
  }

  async useDatabase(name: string): Promise<void> {
    if (
      name.toLowerCase() !== 'information_schema' &&
      !this.services.catalog.schema.database(name)
    ) {
      throw sqlError(ER.BAD_DB_ERROR, name);
    }
    if (!this.services.canUse(this.account, name)) {
      throw sqlError(ER.DBACCESS_DENIED_ERROR, this.userName, this.host, name);
    }
    this.database = name;
    const db = this.services.catalog.schema.database(name);
    if (db) {
      this.variables.assign('character_set_database', db.charset);
      this.variables.assign('collation_database', db.collation);
    }
  }

  async fieldList(table: string, wildcard: string): Promise<ColumnDefinition[]> {
    if (this.database === null) throw sqlError(ER.NO_DB_ERROR);
    const result = await this.execute(
      `SELECT * FROM \`${this.database.replace(/`/g, '``')}\`.\`${table.replace(/`/g, '``')}\` LIMIT 0`,
    );
    if (result.kind !== 'rows') return [];
    if (!wildcard) return result.columns;
    const pattern = new RegExp(
      '^' +
        wildcard
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/%/g, '.*')
          .replace(/_/g, '.') +
        '$',
      'i',
    );
    return result.columns.filter((c) => pattern.test(c.name));
  }

  async reset(): Promise<void> {
    await this.rollbackTransaction();
    this.prepared.clear();
    this.variables.reset();
    this.userVariables.clear();
    this.warnings = [];
    this.lastId = 0n;
  }

  cancel(): void {
    if (this.command !== 'Sleep') this.cancelled = true;
  }

  async close(): Promise<void> {
    await this.rollbackTransaction();
    this.services.sessions.delete(this.connectionId);
  }

  // ----- SessionFacts (for expressions) -----

  currentDatabase(): string | null {
    return this.database;
  }

  user(): string {
    return `${this.userName}@${this.host}`;
  }

  currentUser(): string {
    return `${this.account.user}@${this.account.host}`;
  }

  lastInsertId(): bigint {
    return this.lastId;
  }

  setLastInsertId(value: bigint): void {
    this.lastId = value;
  }

  userVariable(name: string): Value {
    return this.userVariables.get(name.toLowerCase()) ?? null;
  }

  setUserVariable(name: string, value: Value): void {
    this.userVariables.set(name.toLowerCase(), value);
  }

  systemVariable(name: string, scope: 'system' | 'session' | 'global'): Value {
    if (name === 'warning_count') return this.previousWarningTotal;
    if (name === 'error_count') return this.warnings.filter((w) => w.level === 'Error').length;
    if (name === 'last_insert_id' || name === 'identity') return Number(this.lastId);
    return asSqlValue(this.variables.get(name, scope));
  }

  timeZoneOffsetMinutes(atMs: number): number {
    return timeZoneOffsetMinutes(this.variables.string('time_zone'), atMs) ?? 0;
  }

  foundRows(): number {
    return this.lastFoundRows;
  }

  rowCount(): number {
    return this.lastRowCount;
  }

  // ----- Statement machinery -----

  private begin(sql: string, command: string): void {
    this.statementCleared = false;
    this.clearPending = false;
    this.command = command;
    this.info = sql;
    const nowMs = Date.now();
    this.stateChangedMs = nowMs;
    this.cancelled = false;
    const limitMs = this.variables.number('max_execution_time');
    this.deadlineMs = limitMs > 0 ? nowMs + limitMs : Infinity;
  }

  private end(): void {
    this.command = 'Sleep';
    this.info = null;
    this.stateChangedMs = Date.now();
  }

  private fail(error: unknown): SqlError {
    const sqlErr = toSqlError(error);
    if (txnErrorCode(error) === undefined && !(error instanceof SqlError)) this.services.log(error);
    // The error joins the statement's conditions (SHOW WARNINGS, @@error_count).
    if (!this.statementCleared) this.clearWarnings();
    this.warn('Error', sqlErr.errno, sqlErr.message, []);
    return sqlErr;
  }

  private clearWarnings(): void {
    this.warnings = [];
    this.warningTotal = 0;
    this.clearPending = false;
    this.statementCleared = true;
  }

  private textSignature(normalized: NormalizedStatement): string {
    let signature = '';
    for (const slot of normalized.slots)
      signature += slot.literal ? slot.literal.type.charAt(0) + slot.literal.type.length : '?';
    return signature;
  }

  private cached(normalized: NormalizedStatement): CacheEntry {
    if (normalized.slots.length > MAX_CACHED_SLOTS || normalized.sql.length > MAX_CACHED_TEXT) {
      // Bulk statements (multi-row INSERT) rarely repeat exactly; caching them would only hold memory.
      this.cacheStats.parses++;
      return { parsed: parseNormalized(normalized), plans: new Map(), replan: true };
    }
    let found = this.cache.get(normalized.key);
    if (found === LITERAL_BOUND) found = this.cache.get(LITERAL_BOUND_PREFIX + normalized.sql);
    if (found !== undefined && found !== LITERAL_BOUND) return found;
    const parsed = parseNormalized(normalized);
    this.cacheStats.parses++;
    const replan = normalized.tokens.some((t) => t.type === 'userVar');
    const entry: CacheEntry = { parsed, plans: new Map(), replan };
    if (parsed.literalBound) {
      this.cache.set(normalized.key, LITERAL_BOUND);
      this.cache.set(LITERAL_BOUND_PREFIX + normalized.sql, entry);
    } else this.cache.set(normalized.key, entry);
    return entry;
  }

  private plan(entry: CacheEntry, signature: string, types: () => ExprType[]): Executable {
    const version = this.services.catalog.schema.version;
    const cached = entry.replan ? undefined : entry.plans.get(signature);
    if (cached && (cached.schemaVersion === -1 || cached.schemaVersion === version)) return cached;
    const executable = prepareExecutable(entry.parsed.statement, this, types());
    this.cacheStats.plans++;
    if (!entry.replan) entry.plans.set(signature, executable);
    return executable;
  }

  private checkPrivileges(executable: Executable): void {
    const version = this.services.catalog.privilegeVersion;
    if (executable.privilegeVersion === version) return;
    for (const check of executable.privileges) {
      if (hasPrivilege(this.account, check.privilege, check.database, check.table)) continue;
      if (check.table !== null) {
        throw sqlError(
          ER.TABLEACCESS_DENIED_ERROR,
          check.privilege,
          this.account.user,
          this.host,
          check.table,
        );
      }
      if (check.database !== null)
        throw sqlError(ER.DBACCESS_DENIED_ERROR, this.account.user, this.host, check.database);
      throw sqlError(ER.SPECIFIC_ACCESS_DENIED_ERROR, check.privilege);
    }
    executable.privilegeVersion = version;
  }

  private run(
    executable: Executable,
    args: readonly Value[],
    entry: CacheEntry,
  ): StatementResult | Promise<StatementResult> {
    this.checkPrivileges(executable);
    const statement = entry.parsed.statement;
    this.previousWarningTotal = this.warningTotal;
    // MySQL's diagnostics area: a statement that uses tables starts it afresh; one that does not
    // (SET, SELECT @@warning_count) keeps the previous statement's conditions unless it raises
    // its own; SHOW WARNINGS and its kin report them.
    if (usesTables(statement)) this.clearWarnings();
    else this.clearPending = statement.kind !== 'Show' || !WARNING_SHOWS.has(statement.what);
    this.noIndexUsed = false;
    // Statements that write run in the throttle scope: a throttled write knows its deadline and
    // is recorded against this session.
    const result =
      statement.kind === 'Select'
        ? executable.run(this, args)
        : throttleScope.run(this.throttleScopeOf(), () => executable.run(this, args));
    return result instanceof Promise ? result.then(this.settle) : this.settle(result);
  }

  /** Records what the statement did for FOUND_ROWS(), ROW_COUNT() and the warning count. */
  // ----- Write throttling (docs/throttling.md) -----

  /** This session's waits under memstore write throttling (performance_schema). */
  readonly throttleWaits = new WaitSummary();

  private readonly isCancelled = (): boolean => this.cancelled;

  private readonly recordThrottleWait = (micros: number): void => {
    this.throttleWaits.record(micros);
    this.services.throttleWaits.record(micros);
  };

  /** What a throttled write of the running statement waits under (src/engine/throttle.ts). */
  private throttleScopeOf(): ThrottleScope {
    return {
      deadlineMs: Number.isFinite(this.deadlineMs) ? this.deadlineMs : undefined,
      cancelled: this.isCancelled,
      onWait: this.recordThrottleWait,
    };
  }

  globalThrottleWaits(): WaitSummary {
    return this.services.throttleWaits;
  }

  /** Open sessions this session may see (all with PROCESS, else its user's own). */
  visibleSessions(): SqlSession[] {
    const visible = new Set(this.services.processRows(this).map((p) => p.id));
    return [...this.services.sessions.values()].filter((s) => visible.has(s.connectionId));
  }

  private readonly settle = (result: StatementResult): StatementResult => {
    // A statement that kept the previous statement's conditions raised none of its own.
    const warnings = this.clearPending ? 0 : this.warningTotal;
    if (result.kind === 'rows') {
      this.lastFoundRows = result.rows.length;
      this.lastRowCount = -1;
      return {
        kind: 'rows',
        columns: result.columns,
        rows: result.rows,
        warnings,
      };
    }
    this.lastRowCount = result.affectedRows;
    return { ...result, warnings };
  };

  // ----- Used by executables -----

  /** An evaluation context for one statement run. */
  evalContext(args: readonly Value[], writes: boolean): EvalContext {
    const sqlMode = this.variables.string('sql_mode');
    if (sqlMode !== this.sqlModeSeen) {
      this.sqlModeSeen = sqlMode;
      this.strictMode =
        sqlMode.includes('STRICT_TRANS_TABLES') || sqlMode.includes('STRICT_ALL_TABLES');
      this.divisionByZeroMode = sqlMode.includes('ERROR_FOR_DIVISION_BY_ZERO');
    }
    const strict = writes && this.strictMode;
    return {
      params: args,
      session: this,
      nowMs: Date.now(),
      strict,
      divisionByZeroIsError: strict && this.divisionByZeroMode,
      subqueryResults: [],
      warn: this.warnWarning,
      note: this.warnNote,
    };
  }

  private sqlModeSeen = '';
  private strictMode = false;
  private divisionByZeroMode = false;
  private readonly warnWarning: EvalContext['warn'] = (spec, ...warnArgs) =>
    this.warn('Warning', spec.errno, spec.message, warnArgs);
  private readonly warnNote: EvalContext['note'] = (spec, ...noteArgs) =>
    this.warn('Note', spec.errno, spec.message, noteArgs);

  warn(
    level: SqlWarning['level'],
    code: number,
    template: string,
    args: ReadonlyArray<string | number | bigint>,
  ): void {
    if (this.clearPending) this.clearWarnings();
    this.warningTotal++;
    if (this.warnings.length >= MAX_WARNINGS) return;
    if (args.length === 0) {
      this.warnings.push({ level, code, message: template });
      return;
    }
    let i = 0;
    const message = template.replace(/%[sd]/g, () => (i < args.length ? String(args[i++]) : ''));
    this.warnings.push({ level, code, message });
  }

  warningList(): readonly SqlWarning[] {
    return this.warnings;
  }

  warningCount(): number {
    return this.warningTotal;
  }

  checkInterrupted(): void {
    if (this.cancelled) {
      this.cancelled = false;
      throw sqlError(ER.QUERY_INTERRUPTED);
    }
    if (Date.now() > this.deadlineMs) throw sqlError(ER.STATEMENT_TIMEOUT);
  }

  markNoIndexUsed(): void {
    this.noIndexUsed = true;
  }

  /** checkInterrupted and the scan report as standalone functions, for executor environments. */
  readonly checkInterruptedHook = (): void => this.checkInterrupted();
  readonly noteScanHook = (fullScan: boolean): void => {
    if (fullScan) this.noIndexUsed = true;
  };

  get inTransaction(): boolean {
    return this.txn !== null;
  }

  /**
   * The reader of a read statement: the open transaction (opened now under autocommit=0), or a
   * fresh snapshot; synchronously unless a transaction must be opened or the TSO is renewing.
   */
  reader(): KvReader | Promise<KvReader> {
    const txn = this.txn;
    if (txn) return txn;
    if (!this.variables.bool('autocommit')) return this.openTransaction(false);
    const store = this.services.store;
    return store.trySnapshot() ?? store.snapshot();
  }

  /** The transaction that SELECT … FOR UPDATE locks in, or null (autocommit, optimistic). */
  lockingTransaction(): Transaction | null {
    const txn = this.txn;
    return txn && txn.mode === 'pessimistic' ? txn : null;
  }

  private async openTransaction(explicit: boolean, readOnly = false): Promise<Transaction> {
    const mode =
      this.variables.string('tidb_txn_mode') === 'optimistic' ? 'optimistic' : 'pessimistic';
    const lockWaitTimeoutMs = this.variables.number('innodb_lock_wait_timeout') * 1000;
    const txn = await this.services.store.begin({ mode, lockWaitTimeoutMs });
    this.txn = txn;
    this.explicit = explicit;
    this.readOnlyTxn = readOnly || this.variables.bool('transaction_read_only');
    this.savepoints.clear();
    return txn;
  }

  /**
   * Runs a data-changing statement: in the open transaction (atomically, through a savepoint)
   * or in its own autocommit transaction, retried on write conflicts.
   */
  async write<T>(
    body: (txn: Transaction, pessimistic: boolean) => Promise<T>,
    target: TableVersion | readonly TableVersion[],
  ): Promise<T> {
    const tables: readonly TableVersion[] = 'id' in target ? [target] : target;
    // ALTER TABLE is copying the table's rows: wait, then plan again against the new table.
    for (const table of tables) {
      const barrier = this.services.catalog.writeBarrier(table.id);
      if (barrier !== undefined) {
        await barrier;
        throw sqlError(ER.TABLE_DEF_CHANGED);
      }
    }
    if (!this.txn && !this.variables.bool('autocommit')) await this.openTransaction(false);
    if (this.txn) {
      if (this.readOnlyTxn) throw sqlError(ER.CANT_EXECUTE_IN_READ_ONLY_TRANSACTION);
      const txn = this.txn;
      const savepoint = txn.savepoint();
      try {
        const result = await body(txn, txn.mode === 'pessimistic');
        for (const table of tables) this.writtenTables.set(table.id, table.version);
        return result;
      } catch (error) {
        if (txnErrorCode(error) === 'DEADLOCK') await this.rollbackTransaction();
        else if (!txn.finished) txn.rollbackToSavepoint(savepoint);
        throw error;
      }
    }
    for (let attempt = 0; ; attempt++) {
      const txn = await this.services.store.begin({ mode: 'optimistic' });
      try {
        const result = await body(txn, false);
        this.checkTableVersions(tables.map((t): [number, number] => [t.id, t.version]));
        // Counted among the commits that ALTER TABLE lets land before it copies rows.
        const token = this.services.catalog.commitStarted();
        try {
          await txn.commit();
        } finally {
          this.services.catalog.commitFinished(token);
        }
        return result;
      } catch (error) {
        if (!txn.finished) await txn.rollback().catch(() => undefined);
        if (txnErrorCode(error) === 'WRITE_CONFLICT' && attempt < AUTOCOMMIT_RETRIES) {
          this.warnings = [];
          this.warningTotal = 0;
          continue;
        }
        throw error;
      }
    }
  }

  async beginTransaction(readOnly: boolean): Promise<void> {
    await this.commitTransaction();
    await this.openTransaction(true, readOnly);
  }

  async commitTransaction(): Promise<void> {
    const txn = this.txn;
    if (!txn) return;
    this.txn = null;
    this.explicit = false;
    this.savepoints.clear();
    const written = [...this.writtenTables];
    this.writtenTables.clear();
    try {
      this.checkTableVersions(written);
      if (txn.mutationCount > 0) {
        const token = this.services.catalog.commitStarted();
        try {
          await txn.commit();
        } finally {
          this.services.catalog.commitFinished(token);
        }
      } else await txn.rollback();
    } catch (error) {
      if (!txn.finished) await txn.rollback().catch(() => undefined);
      throw error;
    }
  }

  /**
   * A write planned against a table version that DDL has since replaced (an index added while the
   * statement or transaction ran) must not commit: its index entries could be incomplete.
   */
  private checkTableVersions(tables: ReadonlyArray<[id: number, version: number]>): void {
    const schema = this.services.catalog.schema;
    for (const [id, version] of tables) {
      const table = schema.tableById(id);
      if (!table || table.updateVersion !== version) throw sqlError(ER.TABLE_DEF_CHANGED);
    }
  }

  async rollbackTransaction(): Promise<void> {
    this.writtenTables.clear();
    const txn = this.txn;
    if (!txn) return;
    this.txn = null;
    this.explicit = false;
    this.savepoints.clear();
    if (!txn.finished) await txn.rollback();
  }

  setSavepoint(name: string): void {
    if (!this.txn) return;
    this.savepoints.set(name.toLowerCase(), this.txn.savepoint());
  }

  rollbackToSavepoint(name: string): void {
    const id = this.savepoints.get(name.toLowerCase());
    if (id === undefined || !this.txn) throw sqlError(ER.SP_DOES_NOT_EXIST_SAVEPOINT, name);
    this.txn.rollbackToSavepoint(id);
  }

  releaseSavepoint(name: string): void {
    if (!this.savepoints.delete(name.toLowerCase()))
      throw sqlError(ER.SP_DOES_NOT_EXIST_SAVEPOINT, name);
  }

  get transactionExplicit(): boolean {
    return this.explicit;
  }
}

/** Statements that leave the previous statement's conditions in place until they raise one. */
const TABLELESS: ReadonlySet<StatementNode['kind']> = new Set([
  'SetVariables',
  'SetNames',
  'SetTransaction',
  'Do',
  'UseDatabase',
  'Begin',
  'Commit',
  'Rollback',
  'Savepoint',
  'Kill',
  'Flush',
  'Show',
]);

/** Whether a statement uses tables (and so starts MySQL's diagnostics area afresh). */
function usesTables(statement: StatementNode): boolean {
  if (statement.kind === 'Select') return statement.from.length > 0;
  if (statement.kind === 'Show') return !WARNING_SHOWS.has(statement.what);
  return !TABLELESS.has(statement.kind);
}

function valueType(value: Value): ExprType {
  const kind = kindOfValue(value);
  if (kind === 'decimal') return makeType('decimal', { scale: (value as Decimal).scale });
  return makeType(kind, { nullable: value === null });
}

/** Parameter types as a short key: one letter per parameter. */
function paramSignature(values: readonly Value[]): string {
  let signature = '';
  for (const v of values) {
    if (v === null) signature += 'n';
    else if (typeof v === 'number') signature += Number.isInteger(v) ? 'i' : 'f';
    else if (typeof v === 'bigint') signature += 'i';
    else if (typeof v === 'string') signature += 's';
    else if (Buffer.isBuffer(v)) signature += 'b';
    else signature += 'd';
  }
  return signature;
}
