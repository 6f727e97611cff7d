// A SQL engine over an in-memory store, with sessions that read like a MySQL client in tests.

import { Settings } from '../../src/config/index.js';
import { Engine } from '../../src/engine/index.js';
import type { Session, SqlValue, StatementResult } from '../../src/sql/api.js';
import { SqlEngine } from '../../src/sql/engine.js';
import { TxnStore } from '../../src/txn/store.js';

export interface TestClient {
  readonly session: Session;
  /** Runs a statement; returns its rows (empty for statements without a result set). */
  query(sql: string): Promise<SqlValue[][]>;
  /** Runs a statement and returns the whole result. */
  run(sql: string): Promise<StatementResult>;
  /** Runs a statement that must fail; returns its MySQL error number. */
  errno(sql: string): Promise<number>;
}

export interface TestServer {
  readonly sql: SqlEngine;
  readonly engine: Engine;
  connect(user?: string, host?: string, database?: string | null): TestClient;
  close(): Promise<void>;
}

let nextConnectionId = 1;

export async function startServer(settings = new Settings()): Promise<TestServer> {
  const engine = await Engine.open({ inMemory: true });
  const store = await TxnStore.open(engine, { settings });
  const sql = await SqlEngine.open(store, { settings, log: () => undefined });
  return {
    sql,
    engine,
    connect(user = 'root', host = 'localhost', database = null) {
      const session = sql.openSession(
        { connectionId: nextConnectionId++, user, host, database, clientCollation: 45 },
        { kill: () => void session.close() },
      );
      return client(session);
    },
    async close() {
      await sql.close();
      await engine.close();
    },
  };
}

function client(session: Session): TestClient {
  return {
    session,
    run: (sql) => session.execute(sql),
    async query(sql) {
      const result = await session.execute(sql);
      return result.kind === 'rows' ? result.rows : [];
    },
    async errno(sql) {
      try {
        await session.execute(sql);
      } catch (error) {
        return (error as { errno: number }).errno;
      }
      throw new Error(`expected an error from: ${sql}`);
    },
  };
}

/** A fresh server with database `test` selected, for one test file. */
export async function withDatabase(): Promise<{ server: TestServer; db: TestClient }> {
  const server = await startServer();
  const db = server.connect();
  await db.run('CREATE DATABASE test');
  await db.run('USE test');
  return { server, db };
}
