// The catalog: databases, tables, views, triggers and accounts stored transactionally under 'm' keys, with
// an in-memory InfoSchema that is replaced after every DDL statement. DDL statements run one at a
// time: each locks the schema version key, writes its changes, bumps the version and commits.
//
// ALTER TABLE statements that copy a table's rows hold a write barrier on it meanwhile (writes to
// it wait, as MySQL's metadata lock makes them wait), after letting commits already under way
// land (commitStarted/commitFinished bracket every commit of a data change).

import type { KvReader, Transaction, TxnStoreApi } from '../../txn/api.js';
import { tableKeyRange } from '../../codec/index.js';
import type { CompressionRange } from '../../engine/types.js';
import { AutoIdAllocator } from './auto-id.js';
import { InfoSchema } from './info-schema.js';
import {
  autoIdKey,
  BOOTSTRAP_KEY,
  DATABASES_RANGE,
  databaseKey,
  NEXT_GLOBAL_ID_KEY,
  SCHEMA_VERSION_KEY,
  TABLES_RANGE,
  tableKey,
  userKey,
  USERS_RANGE,
  triggerKey,
  TRIGGERS_RANGE,
  viewKey,
  VIEWS_RANGE,
} from './meta-keys.js';
import type { AutoIdKind } from './meta-keys.js';
import { GLOBAL_PRIVILEGES } from './privileges.js';
import type { DatabaseInfo, TableInfo, TriggerInfo, UserRecord, ViewInfo } from './schema.js';
import {
  decodeCounter,
  decodeDatabase,
  decodeTable,
  decodeTrigger,
  decodeUser,
  decodeView,
  encodeCounter,
  encodeDatabase,
  encodeTable,
  encodeTrigger,
  encodeUser,
  encodeView,
} from './serialize.js';
import { authStringFor, NATIVE_PASSWORD_PLUGIN } from './auth-strings.js';

/** LZ4 level when PAGE_COMPRESSED=1 comes without PAGE_COMPRESSION_LEVEL (MariaDB's default 6). */
const DEFAULT_PAGE_COMPRESSION_LEVEL = 6;

/** Changes one DDL statement makes, applied inside its transaction. */
export class CatalogWriter {
  constructor(
    readonly txn: Transaction,
    /** The schema version this statement publishes. */
    readonly version: number,
  ) {}

  async nextId(): Promise<number> {
    const [current] = await this.txn.lockKeys([NEXT_GLOBAL_ID_KEY]);
    const id = decodeCounter(current) + 1n;
    this.txn.put(NEXT_GLOBAL_ID_KEY, encodeCounter(id));
    return Number(id);
  }

  putDatabase(db: DatabaseInfo): void {
    this.txn.put(databaseKey(db.id), encodeDatabase(db));
  }

  deleteDatabase(db: DatabaseInfo): void {
    this.txn.delete(databaseKey(db.id));
  }

  putTable(table: TableInfo): void {
    this.txn.put(
      tableKey(table.databaseId, table.id),
      encodeTable({ ...table, updateVersion: this.version }),
    );
  }

  /** Removes the table's catalog entry only (it moves to another database under the same id). */
  deleteTableEntry(table: TableInfo): void {
    this.txn.delete(tableKey(table.databaseId, table.id));
  }

  deleteTable(table: TableInfo): void {
    this.txn.delete(tableKey(table.databaseId, table.id));
    this.txn.delete(autoIdKey(table.id, 'auto'));
    this.txn.delete(autoIdKey(table.id, 'row'));
  }

  putView(view: ViewInfo): void {
    this.txn.put(viewKey(view.databaseId, view.id), encodeView(view));
  }

  deleteView(view: ViewInfo): void {
    this.txn.delete(viewKey(view.databaseId, view.id));
  }

  putTrigger(trigger: TriggerInfo): void {
    this.txn.put(triggerKey(trigger.databaseId, trigger.id), encodeTrigger(trigger));
  }

  deleteTrigger(trigger: TriggerInfo): void {
    this.txn.delete(triggerKey(trigger.databaseId, trigger.id));
  }

  setAutoIdBase(tableId: number, kind: AutoIdKind, lastUsed: bigint): void {
    this.txn.put(autoIdKey(tableId, kind), encodeCounter(lastUsed));
  }

  putUser(user: UserRecord): void {
    this.txn.put(userKey(user.user, user.host), encodeUser(user));
  }

  deleteUser(user: { user: string; host: string }): void {
    this.txn.delete(userKey(user.user, user.host));
  }
}

export class Catalog {
  private current: InfoSchema;
  private accounts: UserRecord[];
  private pageCompressionAlgorithm: CompressionRange['algorithm'] = 'lz4';
  private ddlQueue: Promise<unknown> = Promise.resolve();
  /** Tables whose rows an ALTER TABLE is copying → settles when the copy is over. */
  private readonly writeBarriers = new Map<number, Promise<void>>();
  /** Per-table queue of multi-step DDL statements (ALTER TABLE, CREATE INDEX). */
  private readonly tableLocks = new Map<number, Promise<unknown>>();
  /** Commits in flight by epoch parity; drainCommits flips the epoch and waits for the old. */
  private readonly commitsInFlight = [0, 0];
  private commitEpoch = 0;
  private wakeDrain: (() => void) | null = null;
  private drainQueue: Promise<unknown> = Promise.resolve();
  /** Tables being filled before they are published (ALTER TABLE's copy, CREATE … SELECT). */
  private readonly stagedTables = new Map<number, TableInfo>();
  readonly autoIds: AutoIdAllocator;
  /** Bumped whenever accounts or grants change, so cached privilege checks can be revalidated. */
  privilegeVersion = 0;

  private constructor(
    private readonly store: TxnStoreApi,
    schema: InfoSchema,
    accounts: UserRecord[],
  ) {
    this.current = schema;
    this.accounts = accounts;
    this.autoIds = new AutoIdAllocator(store);
  }

  /**
   * Loads the catalog; on first start creates root@localhost with rootPassword (empty unless
   * configured) and every privilege.
   */
  static async open(
    store: TxnStoreApi,
    root: { password: string; plugin: string } = { password: '', plugin: NATIVE_PASSWORD_PLUGIN },
  ): Promise<Catalog> {
    const snapshot = await store.snapshot();
    if ((await snapshot.get(BOOTSTRAP_KEY)) === undefined) await bootstrap(store, root);
    const { schema, accounts } = await load(await store.snapshot());
    const catalog = new Catalog(store, schema, accounts);
    catalog.applyCompressionPolicy();
    return catalog;
  }

  get schema(): InfoSchema {
    return this.current;
  }

  users(): readonly UserRecord[] {
    return this.accounts;
  }

  /**
   * Runs one DDL statement's changes in its own transaction, after every earlier DDL statement
   * finished; publishes the new schema when it commits.
   */
  ddl<T>(change: (writer: CatalogWriter, schema: InfoSchema) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const txn = await this.store.begin({ mode: 'pessimistic' });
      try {
        const [versionBytes] = await txn.lockKeys([SCHEMA_VERSION_KEY]);
        const version = Number(decodeCounter(versionBytes)) + 1;
        const result = await change(new CatalogWriter(txn, version), this.current);
        txn.put(SCHEMA_VERSION_KEY, encodeCounter(BigInt(version)));
        await txn.commit();
        await this.reload();
        return result;
      } catch (error) {
        if (!txn.finished) await txn.rollback();
        throw error;
      }
    };
    const next = this.ddlQueue.then(run, run);
    this.ddlQueue = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs a multi-step DDL statement on one table after those already running on it. resolve()
   * names the table (by name, at each attempt: a copy gives the table a new id).
   */
  async withTableLock<T>(
    resolve: () => TableInfo | undefined,
    body: (table: TableInfo | undefined) => Promise<T>,
  ): Promise<T> {
    for (;;) {
      const table = resolve();
      if (!table) return body(undefined);
      const previous = this.tableLocks.get(table.id);
      if (previous) {
        await previous.catch(() => undefined);
        continue;
      }
      const run = body(table);
      this.tableLocks.set(table.id, run);
      try {
        return await run;
      } finally {
        if (this.tableLocks.get(table.id) === run) this.tableLocks.delete(table.id);
      }
    }
  }

  /**
   * While the table's rows are being copied: a promise settling when the copy is over (a write
   * then fails with 1412 and is planned again). Undefined otherwise, and always when no copy runs.
   */
  writeBarrier(tableId: number): Promise<void> | undefined {
    return this.writeBarriers.size === 0 ? undefined : this.writeBarriers.get(tableId);
  }

  /** Holds writes to the table until release() is called. */
  holdWrites(tableId: number): { release(): void } {
    let release!: () => void;
    this.writeBarriers.set(
      tableId,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    return {
      release: () => {
        this.writeBarriers.delete(tableId);
        release();
      },
    };
  }

  /** Called by a data change just before it commits; returns the token for commitFinished. */
  commitStarted(): number {
    const parity = this.commitEpoch & 1;
    this.commitsInFlight[parity]!++;
    return parity;
  }

  commitFinished(parity: number): void {
    const left = --this.commitsInFlight[parity]!;
    if (left === 0 && parity !== (this.commitEpoch & 1) && this.wakeDrain) this.wakeDrain();
  }

  /** Resolves once every commit that started before the call has finished. */
  drainCommits(): Promise<void> {
    const run = async (): Promise<void> => {
      const old = this.commitEpoch & 1;
      this.commitEpoch++;
      if (this.commitsInFlight[old] === 0) return;
      await new Promise<void>((resolve) => {
        this.wakeDrain = resolve;
      });
      this.wakeDrain = null;
    };
    const next = this.drainQueue.then(run, run);
    this.drainQueue = next;
    return next;
  }

  private async reload(): Promise<void> {
    const { schema, accounts } = await load(await this.store.snapshot());
    this.current = schema;
    if (JSON.stringify(accounts) !== JSON.stringify(this.accounts)) this.privilegeVersion++;
    this.accounts = accounts;
    this.applyCompressionPolicy();
  }

  /**
   * Gives a table that is being filled before it is published its compression policy now (its
   * rows are written under it); returns the function that withdraws it.
   */
  stage(table: TableInfo): () => void {
    this.stagedTables.set(table.id, table);
    if (table.options.pageCompressed) this.applyCompressionPolicy();
    return () => {
      if (this.stagedTables.delete(table.id) && table.options.pageCompressed)
        this.applyCompressionPolicy();
    };
  }

  /** One compression range per PAGE_COMPRESSED table, covering its rows and indexes. */
  compressionRanges(): CompressionRange[] {
    const tables = new Map(this.current.allTables().map((t) => [t.id, t]));
    for (const [id, table] of this.stagedTables) if (!tables.has(id)) tables.set(id, table);
    return [...tables.values()]
      .filter((t) => t.options.pageCompressed)
      .sort((a, b) => a.id - b.id)
      .map((t) => {
        const [start, end] = tableKeyRange(t.id);
        return {
          start,
          end,
          algorithm: this.pageCompressionAlgorithm,
          level: t.options.pageCompressionLevel ?? DEFAULT_PAGE_COMPRESSION_LEVEL,
          pageCompressed: true,
        };
      });
  }

  /** The codec of PAGE_COMPRESSED tables (innodb_compression_algorithm); re-applies the policy. */
  setPageCompressionAlgorithm(algorithm: CompressionRange['algorithm']): void {
    this.pageCompressionAlgorithm = algorithm;
    this.applyCompressionPolicy();
  }

  private applyCompressionPolicy(): void {
    this.store.setCompressionPolicy(this.compressionRanges());
  }
}

async function bootstrap(
  store: TxnStoreApi,
  rootAuth: { password: string; plugin: string },
): Promise<void> {
  const txn = await store.begin({ mode: 'pessimistic' });
  try {
    const [done] = await txn.lockKeys([BOOTSTRAP_KEY]);
    if (done === undefined) {
      const root: UserRecord = {
        user: 'root',
        host: 'localhost',
        plugin: rootAuth.plugin,
        authString: authStringFor(rootAuth.plugin, rootAuth.password),
        global: [...GLOBAL_PRIVILEGES, 'GRANT OPTION'],
        databases: {},
        tables: {},
      };
      txn.put(userKey(root.user, root.host), encodeUser(root));
      txn.put(SCHEMA_VERSION_KEY, encodeCounter(1n));
      txn.put(BOOTSTRAP_KEY, encodeCounter(1n));
    }
    await txn.commit();
  } catch (error) {
    if (!txn.finished) await txn.rollback();
    throw error;
  }
}

async function load(reader: KvReader): Promise<{ schema: InfoSchema; accounts: UserRecord[] }> {
  const [versionBytes, dbPairs, tablePairs, viewPairs, triggerPairs, userPairs] = await Promise.all(
    [
      reader.get(SCHEMA_VERSION_KEY),
      reader.scan(...DATABASES_RANGE),
      reader.scan(...TABLES_RANGE),
      reader.scan(...VIEWS_RANGE),
      reader.scan(...TRIGGERS_RANGE),
      reader.scan(...USERS_RANGE),
    ],
  );
  const databases = dbPairs.map(([, v]) => decodeDatabase(v));
  const tables = tablePairs.map(([, v]) => decodeTable(v));
  const views = viewPairs.map(([, v]) => decodeView(v));
  const triggers = triggerPairs.map(([, v]) => decodeTrigger(v));
  const accounts = userPairs.map(([, v]) => decodeUser(v));
  return {
    schema: new InfoSchema(Number(decodeCounter(versionBytes)), databases, tables, views, triggers),
    accounts,
  };
}
