// Everything `strata serve` runs beside the stack for operators: the status endpoint (/metrics,
// /health, POST /backup) with its admin file, the slow query log and the engine's log lines.
// Started before the data dir is touched (a taken status port fails the start cleanly), attached
// to the engine and the server as they come up, told when the server is ready and when it stops.

import type { Settings } from '../config/index.js';
import type { Engine } from '../engine/index.js';
import type { MysqlServer } from '../server/index.js';
import { removeAdminFile, writeAdminFile, newAdminToken } from './backup/admin-file.js';
import { logEngineEvents } from './logging/engine-events.js';
import type { ServerLog } from './logging/server-log.js';
import { Metrics } from './metrics/metrics.js';
import { SlowQueryLog } from './slow-log/slow-query-log.js';
import { StatusServer } from './status/status-server.js';

export class Operability {
  private engine: Engine | null = null;
  private adminFileWritten = false;

  private constructor(
    private readonly settings: Settings,
    readonly log: ServerLog,
    private readonly metrics: Metrics,
    private readonly status: StatusServer | null,
    private readonly token: string,
    private readonly slowLog: SlowQueryLog,
  ) {}

  /** Listens on status_port when it is set; applies log_level changes from SET GLOBAL. */
  static async start(settings: Settings, log: ServerLog, version: string): Promise<Operability> {
    settings.onChange('log_level', (level) => log.setLevel(level as ServerLog['level']));
    const metrics = new Metrics();
    const token = newAdminToken();
    const statusPort = settings.getNumber('status_port');
    const status =
      statusPort === 0
        ? null
        : await StatusServer.listen({
            host: settings.getString('status_bind_address'),
            port: statusPort,
            metrics,
            log,
            token,
          });
    if (status !== null) log.info('status endpoint listening', { url: status.url });
    const slowLog = new SlowQueryLog(settings, { version, port: settings.getNumber('port') }, log);
    return new Operability(settings, log, metrics, status, token, slowLog);
  }

  get statusUrl(): string | null {
    return this.status?.url ?? null;
  }

  /** The engine is open: its stats feed /metrics, its reports the log, and it can back up. */
  attachEngine(engine: Engine): void {
    this.engine = engine;
    logEngineEvents(engine, this.log);
    this.metrics.attachEngine(engine);
  }

  /** The server exists (not yet listening): its statements are timed and counted. */
  attachServer(server: MysqlServer): void {
    this.slowLog.attach(server.statementStats);
    this.metrics.attachServer(server);
  }

  /** Recovery is over and the server listens: /health turns ready, backups are possible. */
  async ready(): Promise<void> {
    const status = this.status;
    const engine = this.engine;
    if (status === null || engine === null) return;
    status.backup = (dest) => engine.checkpoint(dest);
    status.phase = 'ready';
    await writeAdminFile(this.settings.getString('datadir'), {
      pid: process.pid,
      url: status.url,
      token: this.token,
    });
    this.adminFileWritten = true;
  }

  /** Shutdown has begun: /health says so and no new backup starts. */
  async stopping(): Promise<void> {
    if (this.status !== null) {
      this.status.phase = 'stopping';
      this.status.backup = null;
    }
    if (this.adminFileWritten) await removeAdminFile(this.settings.getString('datadir'));
    this.adminFileWritten = false;
  }

  /** After the stack closed: flushes the slow log and stops listening. */
  async close(): Promise<void> {
    await this.stopping();
    await this.slowLog.close();
    this.metrics.attachServer(null);
    this.metrics.attachEngine(null);
    this.engine = null;
    await this.status?.close();
  }
}
