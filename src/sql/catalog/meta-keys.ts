// Where the catalog lives in the key space (all under 'm', see docs/format/row.md "Catalog").

import { metaKey, metaRange } from '../../codec/index.js';

export const SCHEMA_VERSION_KEY = metaKey('SchemaVersion');
export const NEXT_GLOBAL_ID_KEY = metaKey('NextGlobalID');
export const BOOTSTRAP_KEY = metaKey('Bootstrapped');

export const databaseKey = (id: number) => metaKey('DB', id);
export const tableKey = (databaseId: number, tableId: number) =>
  metaKey('Table', databaseId, tableId);
export const viewKey = (databaseId: number, viewId: number) => metaKey('View', databaseId, viewId);
export const triggerKey = (databaseId: number, triggerId: number) =>
  metaKey('Trigger', databaseId, triggerId);
export const userKey = (user: string, host: string) => metaKey('User', user, host);
/** AUTO_INCREMENT column values and hidden row handles are counted separately. */
export const autoIdKey = (tableId: number, kind: AutoIdKind) =>
  metaKey(kind === 'auto' ? 'AutoID' : 'RowID', tableId);

export type AutoIdKind = 'auto' | 'row';

export const DATABASES_RANGE = metaRange('DB');
export const TABLES_RANGE = metaRange('Table');
export const tablesOfDatabaseRange = (databaseId: number) => metaRange('Table', databaseId);
export const USERS_RANGE = metaRange('User');
export const VIEWS_RANGE = metaRange('View');
export const TRIGGERS_RANGE = metaRange('Trigger');
