// mysql2 connections and pools to a benchmark's MySQL-protocol targets.

import mysql from 'mysql2/promise';
import type { Connection, Pool } from 'mysql2/promise';

import type { MysqlEndpoint } from '../common/mysql-url.js';

/** Long enough for a loaded server on two cores, short enough that a dead one is noticed. */
const CONNECT_TIMEOUT_MS = 10_000;

function connectionOptions(endpoint: MysqlEndpoint, withDatabase: boolean) {
  return {
    host: endpoint.host,
    port: endpoint.port,
    user: endpoint.user,
    password: endpoint.password,
    database: withDatabase ? endpoint.database : undefined,
    connectTimeout: CONNECT_TIMEOUT_MS,
    supportBigNumbers: true,
  };
}

export function connect(endpoint: MysqlEndpoint, withDatabase = true): Promise<Connection> {
  return mysql.createConnection(connectionOptions(endpoint, withDatabase));
}

/** A pool of at most `connections` connections to the endpoint's database. */
export function createPool(endpoint: MysqlEndpoint, connections: number): Pool {
  return mysql.createPool({
    ...connectionOptions(endpoint, true),
    connectionLimit: connections,
    maxIdle: connections,
    // Workers wait for a connection rather than fail when all are busy.
    waitForConnections: true,
    queueLimit: 0,
  });
}

/** Creates the endpoint's database when missing and returns the server's VERSION(). */
export async function prepareEndpoint(endpoint: MysqlEndpoint): Promise<string> {
  const connection = await connect(endpoint, false);
  try {
    if (endpoint.database !== undefined) {
      await connection.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(endpoint.database)}`);
    }
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return String((rows as Array<{ version: unknown }>)[0]?.version ?? 'unknown');
  } finally {
    await connection.end().catch(() => undefined);
  }
}

export function quoteIdentifier(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}

/** A short name for a server from its VERSION(): stratadb, mariadb or mysql. */
export function labelForVersion(version: string): string {
  if (/strata/i.test(version)) return 'stratadb';
  if (/mariadb/i.test(version)) return 'mariadb';
  return 'mysql';
}
