// Opens a TxnStore over an engine (in memory, or in a data dir) for the store-level tests.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { Engine } from '../../../src/engine/index.js';
import type { Transaction } from '../../../src/txn/api.js';
import { TxnStore, type TxnStoreOptions } from '../../../src/txn/store.js';

export interface StoreEnv {
  engine: Engine;
  store: TxnStore;
  /** Closes the store and the engine. */
  close(): Promise<void>;
}

/** GC runs only when a test asks for it. */
const TEST_DEFAULTS: TxnStoreOptions = { gcRunIntervalMs: 0 };

export async function openStore(
  options: TxnStoreOptions & { path?: string } = {},
): Promise<StoreEnv> {
  const { path: dataDir, ...storeOptions } = options;
  const engine = await Engine.open(dataDir === undefined ? { inMemory: true } : { path: dataDir });
  const store = await TxnStore.open(engine, { ...TEST_DEFAULTS, ...storeOptions });
  return {
    engine,
    store,
    async close() {
      await store.close();
      await engine.close();
    },
  };
}

export async function tempDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `strata-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export const b = (text: string): Buffer => Buffer.from(text);
export const str = (value: Buffer | undefined): string | undefined => value?.toString();

/** Puts key/value pairs in one committed transaction. */
export async function load(store: TxnStore, pairs: Record<string, string>): Promise<bigint> {
  const txn = await store.begin({ mode: 'optimistic' });
  for (const [key, value] of Object.entries(pairs)) txn.put(b(key), b(value));
  return (await txn.commit()).commitTs;
}

export async function readAll(
  txn: Transaction | { get(key: Buffer): Promise<Buffer | undefined> },
  keys: string[],
) {
  const out: Array<string | undefined> = [];
  for (const key of keys) out.push(str(await txn.get(b(key))));
  return out;
}
