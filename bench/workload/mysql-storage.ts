// COSBench's containers and objects over any MySQL endpoint: a container is a table of
// (name, data) rows keyed by name, an object is a row.

import type { Pool, RowDataPacket } from 'mysql2/promise';

import { OperationError } from '../run/errors.js';
import { quoteIdentifier } from '../target/mysql-client.js';
import { LIST_LIMIT } from './object-storage.js';
import type { ObjectStorage } from './object-storage.js';

/** VARCHAR(255) fits any COSBench name; LONGBLOB any object size up to 4 GiB. */
function createTableSql(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} (name VARCHAR(255) NOT NULL PRIMARY KEY, data LONGBLOB NOT NULL)`;
}

function escapeLike(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export class MysqlStorage implements ObjectStorage {
  constructor(private readonly pool: Pool) {}

  async createContainer(container: string): Promise<void> {
    await this.pool.query(createTableSql(quoteIdentifier(container)));
  }

  async deleteContainer(container: string): Promise<void> {
    const table = quoteIdentifier(container);
    const [rows] = await this.pool.query<RowDataPacket[]>(`SELECT name FROM ${table} LIMIT 1`);
    if (rows.length > 0) {
      throw new OperationError('ContainerNotEmpty', `container '${container}' is not empty`);
    }
    await this.pool.query(`DROP TABLE ${table}`);
  }

  async put(container: string, object: string, data: Buffer): Promise<void> {
    await this.pool.execute(
      `REPLACE INTO ${quoteIdentifier(container)} (name, data) VALUES (?, ?)`,
      [object, data],
    );
  }

  async get(container: string, object: string): Promise<number> {
    const [rows] = await this.pool.execute<RowDataPacket[]>(
      `SELECT data FROM ${quoteIdentifier(container)} WHERE name = ?`,
      [object],
    );
    const data = rows[0]?.data as Buffer | undefined;
    if (data === undefined) {
      throw new OperationError('NoSuchKey', `object '${container}/${object}' does not exist`);
    }
    return data.length;
  }

  async delete(container: string, object: string): Promise<void> {
    await this.pool.execute(`DELETE FROM ${quoteIdentifier(container)} WHERE name = ?`, [object]);
  }

  async list(container: string, prefix: string): Promise<number> {
    const [rows] = await this.pool.execute<RowDataPacket[]>(
      `SELECT name FROM ${quoteIdentifier(container)} WHERE name LIKE ? ORDER BY name LIMIT ${LIST_LIMIT}`,
      [`${escapeLike(prefix)}%`],
    );
    return rows.reduce((bytes, row) => bytes + Buffer.byteLength(String(row.name)), 0);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
