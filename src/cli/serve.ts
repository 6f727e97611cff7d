// The running stack behind `strata serve`: the engine over the data dir, the transaction store,
// the SQL engine and the MySQL protocol server, opened bottom-up and closed top-down, with the
// operability pieces (src/ops) attached as each comes up.

import type { Settings } from '../config/index.js';
import { Engine } from '../engine/index.js';
import type { ListenAddress, ServerLogger } from '../server/index.js';
import { MysqlServer } from '../server/index.js';
import { SqlEngine } from '../sql/engine.js';
import { TxnStore } from '../txn/store.js';
import { logEngineError, logEngineEvents } from '../ops/logging/engine-events.js';
import type { Operability } from '../ops/operability.js';
import { applyThrottleSettings, engineOptions, engineStatusVariables } from './engine-settings.js';

export interface RunningStack {
  readonly address: ListenAddress;
  readonly server: MysqlServer;
  /** Graceful: the server (which closes the SQL engine and the store), then the engine. */
  close(): Promise<void>;
}

async function openEngine(settings: Settings, logger: ServerLogger): Promise<Engine> {
  try {
    return await Engine.open(engineOptions(settings));
  } catch (error) {
    logEngineError(logger, error);
    throw error;
  }
}

/**
 * Opens the stack on settings' data dir and starts listening. With ops (strata serve), the
 * status endpoint, metrics and slow log follow it; without (embedded use, tests), only the log.
 */
export async function startStack(
  settings: Settings,
  logger: ServerLogger,
  ops: Operability | null = null,
): Promise<RunningStack> {
  const engine = await openEngine(settings, logger);
  applyThrottleSettings(settings, engine);
  if (ops !== null) ops.attachEngine(engine);
  else logEngineEvents(engine, logger);
  let store: TxnStore | null = null;
  let sql: SqlEngine | null = null;
  let server: MysqlServer | null = null;
  try {
    store = await TxnStore.open(engine, { settings });
    sql = await SqlEngine.open(store, { settings, log: (error) => logEngineError(logger, error) });
    sql.attachServerStatus({ statusVariables: () => engineStatusVariables(engine) });
    server = new MysqlServer(sql, settings, { logger });
    ops?.attachServer(server);
    const address = await server.listen();
    await ops?.ready();
    const running = server;
    return {
      address,
      server: running,
      close: async () => {
        await ops?.stopping();
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
