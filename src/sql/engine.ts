// SqlEngine: the SQL layer's face to the server (SqlService in api.ts). It loads the catalog
// (creating root@localhost on first start), opens sessions, finds accounts for authentication
// and keeps the process list.

import type { Settings } from '../config/index.js';
import type { CompressionRange, TxnStoreApi } from '../txn/api.js';
import type {
  ConnectionControl,
  ProcessInfo,
  Session,
  SessionInfo,
  SqlService,
  UserAccount,
  WireAccelerator,
  WireEvent,
} from './api.js';
import { NATIVE_PASSWORD_PLUGIN } from './catalog/auth-strings.js';
import { Catalog } from './catalog/catalog.js';
import { findAccount, hasAnyPrivilegeOn, hasPrivilege } from './catalog/privileges.js';
import type { UserRecord } from './catalog/schema.js';
import { sqlError } from './errors.js';
import { ER } from '../server/constants/error-codes.js';
import type { EngineServices, StatusSource } from './session/engine-services.js';
import { WaitSummary } from './session/performance-schema.js';
import { SqlSession } from './session/session.js';

export interface SqlEngineOptions {
  settings: Settings;
  /** Where unexpected failures are reported (default: console.error). */
  log?: (error: unknown) => void;
}

const MS_PER_SECOND = 1000;

export class SqlEngine implements SqlService {
  private readonly sessions = new Map<number, SqlSession>();
  private readonly services: EngineServices;
  private closed = false;

  private constructor(
    private readonly store: TxnStoreApi,
    readonly catalog: Catalog,
    readonly settings: Settings,
    log: (error: unknown) => void,
  ) {
    const sessions = this.sessions;
    this.services = {
      store,
      catalog,
      settings,
      sessions,
      log,
      canUse: (account, database) =>
        database.toLowerCase() === 'information_schema' || hasAnyPrivilegeOn(account, database),
      statusSources: [],
      throttleWaits: new WaitSummary(),
      processRows: (viewer) =>
        this.processList().filter(
          (p) => hasPrivilege(viewer.account, 'PROCESS', null, null) || p.user === viewer.userName,
        ),
    };
  }

  static async open(store: TxnStoreApi, options: SqlEngineOptions): Promise<SqlEngine> {
    const setting = (name: string, fallback: string) =>
      options.settings.has(name) ? String(options.settings.get(name)) : fallback;
    const catalog = await Catalog.open(store, {
      password: setting('initial_root_password', ''),
      plugin: setting('default_authentication_plugin', NATIVE_PASSWORD_PLUGIN),
    });
    const algorithm = 'innodb_compression_algorithm';
    if (options.settings.has(algorithm)) {
      const apply = () =>
        catalog.setPageCompressionAlgorithm(
          String(options.settings.get(algorithm)) as CompressionRange['algorithm'],
        );
      apply();
      options.settings.onChange(algorithm, apply);
    }
    return new SqlEngine(
      store,
      catalog,
      options.settings,
      options.log ?? ((error) => console.error(error)),
    );
  }

  openSession(info: SessionInfo, connection: ConnectionControl): Session {
    if (this.closed) throw sqlError(ER.SERVER_SHUTDOWN);
    const account = this.accountRecord(info.user, info.host);
    if (!account) throw sqlError(ER.ACCESS_DENIED_NO_PASSWORD_ERROR, info.user, info.host);
    const session = new SqlSession(this.services, info, account, connection);
    this.sessions.set(info.connectionId, session);
    return session;
  }

  private accountRecord(user: string, host: string): UserRecord | undefined {
    return findAccount(this.catalog.users(), user, host);
  }

  async findUser(user: string, host: string): Promise<UserAccount | undefined> {
    const account = this.accountRecord(user, host);
    if (!account) return undefined;
    return {
      user: account.user,
      host: account.host,
      plugin: account.plugin,
      authString: account.authString,
    };
  }

  canUseDatabase(account: UserAccount, database: string): boolean {
    const record = this.catalog
      .users()
      .find((u) => u.user === account.user && u.host === account.host);
    return record !== undefined && this.services.canUse(record, database);
  }

  processList(): ProcessInfo[] {
    const now = Date.now();
    return [...this.sessions.values()].map((s) => ({
      id: s.connectionId,
      user: s.userName,
      host: s.host,
      db: s.database,
      command: s.command,
      timeSeconds: Math.floor((now - s.stateChangedMs) / MS_PER_SECOND),
      state: s.command === 'Sleep' ? '' : 'executing',
      info: s.info,
    }));
  }

  attachServerStatus(source: StatusSource): void {
    this.services.statusSources.push(source);
  }

  get planEpoch(): number {
    return this.catalog.schema.version + this.catalog.privilegeVersion;
  }

  wireAccelerator(onEvents: (events: WireEvent[]) => void): WireAccelerator | undefined {
    if (this.closed) return undefined;
    return this.store.wireHub(onEvents);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.sessions.values()].map((s) => s.close().catch(() => undefined)));
    await this.store.close();
  }
}
