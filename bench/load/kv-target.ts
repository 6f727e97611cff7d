// The key-value operations of the MetaStore-style load tests, as one target offers them: the
// transactional store in process (strata-kv.ts) or a table over any MySQL endpoint (mysql-kv.ts).
// Each call is one client's operation; `client` picks the connection where there are several.

import type { Counter } from '../run/workers.js';

export interface KvTarget {
  /** Writes the pairs in one go, untimed: the keyspace that mixed and txn scenarios start from. */
  load(pairs: Array<[Buffer, Buffer]>): Promise<void>;
  /** Last writer wins; `count` receives the retries a target needed to get there. */
  put(client: number, key: Buffer, value: Buffer, count: Counter): Promise<void>;
  /** Resolves to the value's size, 0 when the key is absent (a miss is not a failure). */
  get(client: number, key: Buffer): Promise<number>;
  delete(client: number, key: Buffer, count: Counter): Promise<void>;
  /** Up to `limit` pairs in [start, end); resolves to the bytes read. */
  range(client: number, start: Buffer, end: Buffer, limit: number): Promise<number>;
  /**
   * One transaction: locks `written` (in key order), reads `read`, writes `value` to every locked
   * key, commits. Resolves to the bytes read.
   */
  transaction(client: number, written: Buffer[], read: Buffer[], value: Buffer): Promise<number>;
  /** Ends a phase: returns per-client resources (connections) to their pool. */
  endPhase(): void;
  close(): Promise<void>;
}
