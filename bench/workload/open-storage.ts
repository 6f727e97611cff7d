// The storage a workload runs against: the file's <storage> (type strata or mysql), or the one
// --target or --vs names instead.

import { stratadbVersion } from '../common/versions.js';
import { parseMysqlUrl } from '../common/mysql-url.js';
import type { TargetInfo } from '../report/types.js';
import { createPool } from '../target/mysql-client.js';
import { dataDir, openSqlTarget } from '../target/targets.js';
import type { TargetChoice } from '../target/targets.js';
import { STORAGE_TYPES } from './model.js';
import type { StorageSpec } from './model.js';
import { MysqlStorage } from './mysql-storage.js';
import type { ObjectStorage } from './object-storage.js';
import { StrataStorage } from './strata-storage.js';
import { WorkloadError } from './workload-error.js';

/** The database a mysql storage uses when its URL names none. */
const DEFAULT_DATABASE = 'cosbench';
const STORAGE_CONFIG_KEYS: Record<(typeof STORAGE_TYPES)[number], string[]> = {
  strata: ['path', 'sync'],
  mysql: ['url'],
};

export interface OpenedStorage {
  storage: ObjectStorage | undefined;
  info: TargetInfo;
  /** Why the storage cannot be used; its runs are then reported failed. */
  openError: unknown;
  close(): Promise<void>;
}

function storageError(spec: StorageSpec, attribute: string, detail: string): WorkloadError {
  return new WorkloadError(spec.position, spec.element, attribute, detail);
}

/** The file's storage as a target choice, its config checked. */
export function choiceFromFile(spec: StorageSpec): {
  choice: TargetChoice;
  path?: string;
  sync: boolean;
} {
  if (!(STORAGE_TYPES as readonly string[]).includes(spec.type)) {
    throw storageError(
      spec,
      'type',
      `'${spec.type}' is not supported here (${STORAGE_TYPES.join(' or ')}; --target replaces the file's storage)`,
    );
  }
  const type = spec.type as (typeof STORAGE_TYPES)[number];
  for (const key of spec.config.keys()) {
    if (!STORAGE_CONFIG_KEYS[type].includes(key)) {
      throw storageError(
        spec,
        'config',
        `unknown key '${key}' for ${type} storage (known: ${STORAGE_CONFIG_KEYS[type].join(', ')})`,
      );
    }
  }
  const syncText = spec.config.get('sync') ?? 'true';
  if (syncText !== 'true' && syncText !== 'false') {
    throw storageError(spec, 'config', `sync must be true or false, got '${syncText}'`);
  }
  if (type === 'strata') {
    return { choice: { kind: 'strata' }, path: spec.config.get('path'), sync: syncText === 'true' };
  }
  const url = spec.config.get('url');
  if (url === undefined) {
    throw storageError(spec, 'config', 'mysql storage needs url=mysql://user:pass@host:port/db');
  }
  try {
    return { choice: { kind: 'mysql', endpoint: parseMysqlUrl(url) }, sync: true };
  } catch (error) {
    throw storageError(spec, 'config', (error as Error).message);
  }
}

export interface OpenStorageOptions {
  choice: TargetChoice;
  /** For strata: the file's path= or a dir under --datadir. */
  path: string | undefined;
  sync: boolean;
  datadir: string | undefined;
  label: string | undefined;
  /** Connections for a MySQL-protocol storage: the most workers any stage runs at once. */
  connections: number;
}

export async function openStorage(options: OpenStorageOptions): Promise<OpenedStorage> {
  const { choice } = options;
  if (choice.kind === 'strata') {
    const dir = options.path === undefined ? dataDir(options.datadir, 'workload') : undefined;
    const path = options.path ?? dir!.path;
    const info: TargetInfo = {
      label: options.label ?? 'stratadb',
      kind: 'strata',
      location: `engine at ${path}`,
      version: stratadbVersion(),
    };
    try {
      const storage = await StrataStorage.open({ path, sync: options.sync });
      return {
        storage,
        info,
        openError: null,
        close: async () => (await storage.close(), dir?.release()),
      };
    } catch (error) {
      dir?.release();
      return { storage: undefined, info, openError: error, close: async () => undefined };
    }
  }
  const target = await openSqlTarget(choice, {
    database: DEFAULT_DATABASE,
    datadir: options.datadir,
    label: options.label,
  });
  if (target.openError !== null) {
    return {
      storage: undefined,
      info: target.info,
      openError: target.openError,
      close: () => target.close(),
    };
  }
  const storage = new MysqlStorage(createPool(target.endpoint, options.connections));
  return {
    storage,
    info: target.info,
    openError: null,
    close: async () => {
      await storage.close().catch(() => undefined);
      await target.close();
    },
  };
}
