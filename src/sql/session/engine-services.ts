// What every session shares: the store, the catalog, the settings and the other sessions.

import type { Settings } from '../../config/index.js';
import type { TxnStoreApi } from '../../txn/api.js';
import type { ProcessInfo } from '../api.js';
import type { Catalog } from '../catalog/catalog.js';
import type { WaitSummary } from './performance-schema.js';
import type { UserRecord } from '../catalog/schema.js';
import type { SqlSession } from './session.js';

export interface StatusSource {
  statusVariables(): ReadonlyArray<readonly [string, number]>;
}

export interface EngineServices {
  readonly store: TxnStoreApi;
  readonly catalog: Catalog;
  readonly settings: Settings;
  readonly sessions: Map<number, SqlSession>;
  /** Reports an unexpected failure (one that is not a SQL error). */
  log(error: unknown): void;
  canUse(account: UserRecord, database: string): boolean;
  /** The process list as the viewer may see it (everyone's with PROCESS, else its user's). */
  processRows(viewer: SqlSession): ProcessInfo[];
  /** Status variables of the layers above (the server's connection and byte counters). */
  readonly statusSources: Array<StatusSource>;
  /** Throttle waits of every session, closed ones included (performance_schema). */
  readonly throttleWaits: WaitSummary;
}
