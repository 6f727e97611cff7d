// One connection per benchmark worker, taken from a mysql2 pool on the worker's first operation
// and kept for the phase (as sysbench keeps one connection per thread), so that transactions
// stay on their connection and prepared statements are prepared once per connection.

import type { Pool, PoolConnection } from 'mysql2/promise';

import { isConnectionError } from '../run/errors.js';

export class WorkerConnections {
  private readonly connections: Array<PoolConnection | undefined> = [];

  constructor(private readonly pool: Pool) {}

  async get(worker: number): Promise<PoolConnection> {
    const existing = this.connections[worker];
    if (existing !== undefined) return existing;
    const connection = await this.pool.getConnection();
    this.connections[worker] = connection;
    return connection;
  }

  /**
   * Runs `body` on the worker's connection. A connection-level failure discards the connection,
   * so that the next operation reconnects.
   */
  async with<T>(worker: number, body: (connection: PoolConnection) => Promise<T>): Promise<T> {
    const connection = await this.get(worker);
    try {
      return await body(connection);
    } catch (error) {
      if (isConnectionError(error)) {
        this.connections[worker] = undefined;
        connection.destroy();
      }
      throw error;
    }
  }

  /** Returns every connection to the pool (at the end of a phase). */
  releaseAll(): void {
    for (const connection of this.connections) connection?.release();
    this.connections.length = 0;
  }
}
