// The running stack behind `strata serve`: the engine over the data dir, the transaction store,
// the SQL engine and the MySQL protocol server, opened bottom-up and closed top-down.

import type { Settings } from '../config/index.js';
import { Engine } from '../engine/index.js';
import type { ListenAddress, ServerLogger } from '../server/index.js';
import { MysqlServer } from '../server/index.js';
import { SqlEngine } from '../sql/engine.js';
import { TxnStore } from '../txn/store.js';
import { applyThrottleSettings, engineOptions, engineStatusVariables } from './engine-settings.js';

export interface RunningStack {
  readonly address: ListenAddress;
  readonly server: MysqlServer;
  /** Graceful: the server (which closes the SQL engine and the store), then the engine. */
  close(): Promise<void>;
}

export async function startStack(settings: Settings, logger: ServerLogger): Promise<RunningStack> {
  const engine = await Engine.open(engineOptions(settings));
  applyThrottleSettings(settings, engine);
  engine.setThrottleLog((message, fields) => logger.info(message, fields));
  let store: TxnStore | null = null;
  let sql: SqlEngine | null = null;
  let server: MysqlServer | null = null;
  try {
    store = await TxnStore.open(engine, { settings });
    sql = await SqlEngine.open(store, {
      settings,
      log: (error) =>
        logger.error('sql layer error', {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    });
    sql.attachServerStatus({ statusVariables: () => engineStatusVariables(engine) });
    server = new MysqlServer(sql, settings, { logger });
    const address = await server.listen();
    const running = server;
    return {
      address,
      server: running,
      close: async () => {
        await running.close();
        await engine.close();
      },
    };
  } catch (error) {
    // The server closes the SQL engine, which closes the store: close from the highest one opened.
    const opened = server ?? sql ?? store;
    if (opened !== null) await opened.close().catch(() => undefined);
    await engine.close().catch(() => undefined);
    throw error;
  }
}
