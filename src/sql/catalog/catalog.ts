// The catalog: databases, tables and accounts stored transactionally under 'm' keys, with an
// in-memory InfoSchema that is replaced after every DDL statement. DDL statements run one at a
// time: each locks the schema version key, writes its changes, bumps the version and commits.

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
} from './meta-keys.js';
import type { AutoIdKind } from './meta-keys.js';
import { GLOBAL_PRIVILEGES } from './privileges.js';
import type { DatabaseInfo, TableInfo, UserRecord } from './schema.js';
import {
  decodeCounter,
  decodeDatabase,
  decodeTable,
  decodeUser,
  encodeCounter,
  encodeDatabase,
  encodeTable,
  encodeUser,
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

  deleteTable(table: TableInfo): void {
    this.txn.delete(tableKey(table.databaseId, table.id));
    this.txn.delete(autoIdKey(table.id, 'auto'));
    this.txn.delete(autoIdKey(table.id, 'row'));
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
  private ddlQueue: Promise<unknown> = Promise.resolve();
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

  private async reload(): Promise<void> {
    const { schema, accounts } = await load(await this.store.snapshot());
    this.current = schema;
    if (JSON.stringify(accounts) !== JSON.stringify(this.accounts)) this.privilegeVersion++;
    this.accounts = accounts;
    this.applyCompressionPolicy();
  }

  /** One compression range per PAGE_COMPRESSED table, covering its rows and indexes. */
  compressionRanges(): CompressionRange[] {
    return this.current
      .allTables()
      .filter((t) => t.options.pageCompressed)
      .sort((a, b) => a.id - b.id)
      .map((t) => {
        const [start, end] = tableKeyRange(t.id);
        return {
          start,
          end,
          algorithm: 'lz4' as const,
          level: t.options.pageCompressionLevel ?? DEFAULT_PAGE_COMPRESSION_LEVEL,
          pageCompressed: true,
        };
      });
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
  const [versionBytes, dbPairs, tablePairs, userPairs] = await Promise.all([
    reader.get(SCHEMA_VERSION_KEY),
    reader.scan(...DATABASES_RANGE),
    reader.scan(...TABLES_RANGE),
    reader.scan(...USERS_RANGE),
  ]);
  const databases = dbPairs.map(([, v]) => decodeDatabase(v));
  const tables = tablePairs.map(([, v]) => decodeTable(v));
  const accounts = userPairs.map(([, v]) => decodeUser(v));
  return {
    schema: new InfoSchema(Number(decodeCounter(versionBytes)), databases, tables),
    accounts,
  };
}
