// The load tests' key-value operations as SQL over any MySQL endpoint: one table kv(k, v) with
// the key as primary key; each client keeps its own connection for the phase.

import type { Pool, RowDataPacket } from 'mysql2/promise';

import { WorkerConnections } from '../target/worker-connections.js';
import type { KvTarget } from './kv-target.js';

const TABLE = 'kv';
/** Rows per REPLACE while loading the keyspace (about 60 KB of SQL with 100-byte values). */
const LOAD_BATCH_ROWS = 500;

export class MysqlKv implements KvTarget {
  private readonly connections: WorkerConnections;

  constructor(private readonly pool: Pool) {
    this.connections = new WorkerConnections(pool);
  }

  /** Creates the table afresh. */
  async setup(): Promise<void> {
    await this.pool.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await this.pool.query(
      `CREATE TABLE ${TABLE} (k VARCHAR(64) NOT NULL PRIMARY KEY, v BLOB NOT NULL)`,
    );
  }

  async load(pairs: Array<[Buffer, Buffer]>): Promise<void> {
    for (let i = 0; i < pairs.length; i += LOAD_BATCH_ROWS) {
      const batch = pairs.slice(i, i + LOAD_BATCH_ROWS);
      await this.pool.query(
        `REPLACE INTO ${TABLE} (k, v) VALUES ${batch.map(() => '(?, ?)').join(', ')}`,
        batch.flatMap(([k, v]) => [k.toString(), v]),
      );
    }
  }

  put(client: number, key: Buffer, value: Buffer): Promise<void> {
    return this.connections.with(client, async (c) => {
      await c.execute(`REPLACE INTO ${TABLE} (k, v) VALUES (?, ?)`, [key.toString(), value]);
    });
  }

  get(client: number, key: Buffer): Promise<number> {
    return this.connections.with(client, async (c) => {
      const [rows] = await c.execute<RowDataPacket[]>(`SELECT v FROM ${TABLE} WHERE k = ?`, [
        key.toString(),
      ]);
      return (rows[0]?.v as Buffer | undefined)?.length ?? 0;
    });
  }

  delete(client: number, key: Buffer): Promise<void> {
    return this.connections.with(client, async (c) => {
      await c.execute(`DELETE FROM ${TABLE} WHERE k = ?`, [key.toString()]);
    });
  }

  range(client: number, start: Buffer, end: Buffer, limit: number): Promise<number> {
    return this.connections.with(client, async (c) => {
      const [rows] = await c.execute<RowDataPacket[]>(
        `SELECT k, v FROM ${TABLE} WHERE k >= ? AND k < ? ORDER BY k LIMIT ${Math.floor(limit)}`,
        [start.toString(), end.toString()],
      );
      return rows.reduce(
        (bytes, row) => bytes + String(row.k).length + (row.v as Buffer).length,
        0,
      );
    });
  }

  transaction(client: number, written: Buffer[], read: Buffer[], value: Buffer): Promise<number> {
    return this.connections.with(client, async (c) => {
      await c.query('BEGIN');
      try {
        for (const key of [...written].sort(Buffer.compare)) {
          await c.execute(`SELECT v FROM ${TABLE} WHERE k = ? FOR UPDATE`, [key.toString()]);
        }
        let bytes = 0;
        for (const key of read) {
          const [rows] = await c.execute<RowDataPacket[]>(`SELECT v FROM ${TABLE} WHERE k = ?`, [
            key.toString(),
          ]);
          bytes += (rows[0]?.v as Buffer | undefined)?.length ?? 0;
        }
        for (const key of written) {
          await c.execute(`REPLACE INTO ${TABLE} (k, v) VALUES (?, ?)`, [key.toString(), value]);
        }
        await c.query('COMMIT');
        return bytes;
      } catch (error) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  endPhase(): void {
    this.connections.releaseAll();
  }

  async close(): Promise<void> {
    this.connections.releaseAll();
    await this.pool.end();
  }
}
