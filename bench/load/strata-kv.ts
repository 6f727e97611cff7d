// The load tests' key-value operations on the transaction layer in process (Percolator over the
// engine): a put or a delete is a one-key transaction (the one-phase-commit path), a get or a
// range a snapshot read, a transaction pessimistic as MySQL's default.

import { Engine } from '../../src/engine/index.js';
import { TxnError } from '../../src/txn/errors.js';
import { TxnStore } from '../../src/txn/store.js';
import type { Transaction } from '../../src/txn/api.js';
import type { Counter } from '../run/workers.js';
import type { KvTarget } from './kv-target.js';

/** Keys per transaction while loading the keyspace. */
const LOAD_BATCH_KEYS = 1000;
/**
 * A one-key write that loses a race with another commit is retried, as TiDB retries autocommit
 * statements (tidb_retry_limit, default 10), so that a put means last writer wins.
 */
const WRITE_CONFLICT_RETRIES = 10;

export class StrataKv implements KvTarget {
  private constructor(
    private readonly engine: Engine,
    private readonly store: TxnStore,
  ) {}

  static async open(path: string, syncCommit: boolean): Promise<StrataKv> {
    const engine = await Engine.open({ path });
    try {
      const store = await TxnStore.open(engine, { syncCommit, gcRunIntervalMs: 0 });
      return new StrataKv(engine, store);
    } catch (error) {
      await engine.close();
      throw error;
    }
  }

  async load(pairs: Array<[Buffer, Buffer]>): Promise<void> {
    for (let i = 0; i < pairs.length; i += LOAD_BATCH_KEYS) {
      const txn = await this.store.begin({ mode: 'optimistic' });
      for (const [key, value] of pairs.slice(i, i + LOAD_BATCH_KEYS)) txn.put(key, value);
      await txn.commit();
    }
  }

  private async writeOne(apply: (txn: Transaction) => void, count: Counter): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const txn = await this.store.begin({ mode: 'optimistic' });
      apply(txn);
      try {
        await txn.commit();
        return;
      } catch (error) {
        if (
          !(error instanceof TxnError) ||
          error.code !== 'WRITE_CONFLICT' ||
          attempt === WRITE_CONFLICT_RETRIES
        ) {
          throw error;
        }
        count('retries');
      }
    }
  }

  put(_client: number, key: Buffer, value: Buffer, count: Counter): Promise<void> {
    return this.writeOne((txn) => txn.put(key, value), count);
  }

  async get(_client: number, key: Buffer): Promise<number> {
    const snapshot = await this.store.snapshot();
    return (await snapshot.get(key))?.length ?? 0;
  }

  delete(_client: number, key: Buffer, count: Counter): Promise<void> {
    return this.writeOne((txn) => txn.delete(key), count);
  }

  async range(_client: number, start: Buffer, end: Buffer, limit: number): Promise<number> {
    const snapshot = await this.store.snapshot();
    const pairs = await snapshot.scan(start, end, { limit });
    return pairs.reduce((bytes, [key, value]) => bytes + key.length + value.length, 0);
  }

  async transaction(
    _client: number,
    written: Buffer[],
    read: Buffer[],
    value: Buffer,
  ): Promise<number> {
    const txn = await this.store.begin({ mode: 'pessimistic' });
    try {
      await txn.lockKeys([...written].sort(Buffer.compare));
      const values = await txn.batchGet(read);
      for (const key of written) txn.put(key, value);
      await txn.commit();
      return values.reduce((bytes, v) => bytes + (v?.length ?? 0), 0);
    } catch (error) {
      if (!txn.finished) await txn.rollback().catch(() => undefined);
      throw error;
    }
  }

  endPhase(): void {}

  async close(): Promise<void> {
    await this.store.close();
    await this.engine.close();
  }
}
