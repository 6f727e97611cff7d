// MysqlServer: accepts MySQL protocol connections for a SqlService.
//
//   const server = new MysqlServer(sql, settings);
//   const { host, port } = await server.listen();
//   …
//   await server.close();   // graceful: see close()
//
// Connection-wide limits and timeouts come from the server settings (src/config/variables/
// server.ts); one sweep per second applies the timeouts to every connection.

import { readFile } from 'node:fs/promises';
import net from 'node:net';
import type { Server, Socket } from 'node:net';
import { createSecureContext } from 'node:tls';
import type { Settings } from '../config/index.js';
import type { SqlService } from '../sql/api.js';
import { FastAuthCache } from './auth/fast-auth-cache.js';
import { loadRsaKeys } from './auth/rsa-keys.js';
import { clientHost, isLoopbackAddress, listenHost } from './client-host.js';
import { Connection } from './connection.js';
import type { ConnectionOwner, ConnectionPhaseName } from './connection.js';
import { Capability, SERVER_CAPABILITIES } from './constants/capabilities.js';
import { ER } from './constants/error-codes.js';
import type { ServerLogger } from './logger.js';
import { stderrLogger } from './logger.js';
import { PacketWriter } from './packet-writer.js';
import { encodeErr } from './packets/err.js';
import { NativeWire } from './native-wire.js';
import type { ServerContext } from './server-context.js';
import { StatementStats } from './statement-stats.js';
import { StatusCounters } from './status-counters.js';

/** Timeouts are checked this often; they are whole seconds, so this is their resolution. */
const SWEEP_INTERVAL_MS = 1000;
/** After shutdown_timeout, cancelled statements get this long to unwind before sockets are cut. */
const CANCEL_GRACE_MS = 2000;
const MS_PER_SECOND = 1000;
/** Connection ids are 4 bytes in the greeting. */
const MAX_CONNECTION_ID = 0xffff_ffff;
/** Room for the one ERR packet sent to a refused connection. */
const REFUSAL_BUFFER_BYTES = 128;
const ROOT_USER = 'root';
const LOCALHOST = 'localhost';

export interface MysqlServerOptions {
  logger?: ServerLogger;
}

export interface ListenAddress {
  host: string;
  port: number;
}

/** A server-side status variable, as SHOW GLOBAL STATUS lists it. */
export type StatusVariable = readonly [name: string, value: number];

/** One connection as the process list and monitoring see it. */
export interface ConnectionState {
  id: number;
  user: string;
  host: string;
  phase: ConnectionPhaseName;
  /** Command byte being served, or -1 when idle. */
  command: number;
  secondsInState: number;
  secure: boolean;
  bytesReceived: number;
  bytesSent: number;
  /** Encoded bytes not yet taken by the kernel (back-pressure shows here). */
  bufferedOutputBytes: number;
}

/** The server could not start: the message names the setting or the problem. */
export class ServerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerStartError';
  }
}

export class MysqlServer implements ConnectionOwner {
  private readonly logger: ServerLogger;
  private readonly counters = new StatusCounters();
  /** Statements by type and their latency, for monitoring and the slow query log. */
  readonly statementStats = new StatementStats();
  private readonly connections = new Map<number, Connection>();
  private readonly sessionReleases = new Set<Promise<void>>();
  private context: ServerContext | null = null;
  private listener: Server | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private nextConnectionId = 1;
  private closing: Promise<void> | null = null;
  private onAllClosed: (() => void) | null = null;

  constructor(
    private readonly service: SqlService,
    private readonly settings: Settings,
    options: MysqlServerOptions = {},
  ) {
    this.logger = options.logger ?? stderrLogger;
  }

  /** Checks the configuration, loads keys and certificates, and starts accepting connections. */
  async listen(): Promise<ListenAddress> {
    if (this.listener !== null) throw new ServerStartError('the server is already listening');
    const settings = this.settings;
    const bindAddress = settings.getString('bind_address');
    await this.checkRootExposure(bindAddress);
    const tls = await this.loadTls();
    const rsaKeys = await loadRsaKeys(
      settings.getString('caching_sha2_password_private_key_path'),
      settings.getString('caching_sha2_password_public_key_path'),
    );
    const clock = { nowMs: Date.now() };
    this.context = {
      service: this.service,
      settings,
      counters: this.counters,
      statementStats: this.statementStats,
      logger: this.logger,
      fastAuthCache: new FastAuthCache(),
      rsaKeys,
      tls,
      tlsRequestsClientCertificate: settings.getString('ssl_ca') !== '',
      capabilities: (SERVER_CAPABILITIES | (tls !== null ? Capability.SSL : 0)) >>> 0,
      clock,
      busyConnections: 0,
      connectionCount: () => this.connections.size,
      wire: settings.getBool('native_wire') ? NativeWire.create(this.service) : null,
    };
    const listener = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
    const address = await new Promise<ListenAddress>((resolve, reject) => {
      listener.once('error', (error: NodeJS.ErrnoException) =>
        reject(describeListenError(error, bindAddress)),
      );
      listener.listen(
        {
          host: listenHost(bindAddress),
          port: settings.getNumber('port'),
          backlog: settings.getNumber('back_log'),
        },
        () => {
          const bound = listener.address() as net.AddressInfo;
          resolve({ host: bound.address, port: bound.port });
        },
      );
    });
    listener.on('error', (error) => this.logger.error('listener error', { error: error.message }));
    this.service.attachServerStatus(this);
    this.listener = listener;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
    this.logger.info('ready for connections', {
      host: address.host,
      port: address.port,
      tls: tls !== null,
    });
    return address;
  }

  /**
   * Graceful shutdown: stops accepting, tells idle clients (ER_SERVER_SHUTDOWN), lets running
   * statements finish for up to shutdown_timeout seconds, then cancels them, releases every
   * session and finally closes the SQL service. Safe to call more than once.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** SHOW GLOBAL STATUS variables this layer owns (MySQL's names). */
  statusVariables(): StatusVariable[] {
    const c = this.counters;
    // Statements the native wire path answered never reach the counters here.
    const native = this.context?.wire?.accelerator.stats();
    const nativeQueries = native?.fastQueries ?? 0;
    const nowMs = this.context?.clock.nowMs ?? Date.now();
    let preparedStatements = 0;
    for (const connection of this.connections.values())
      preparedStatements += connection.statements.size;
    return [
      ['Aborted_clients', c.abortedClients],
      ['Aborted_connects', c.abortedConnects],
      ['Bytes_received', c.bytesReceived + (native?.bytesReceived ?? 0)],
      ['Bytes_sent', c.bytesSent + (native?.bytesSent ?? 0)],
      ['Native_wire_fallbacks', native?.fallbacks ?? 0],
      ['Native_wire_queries', nativeQueries],
      ...c.commandVariables(),
      ['Connections', c.connections],
      ['Max_used_connections', c.maxUsedConnections],
      ['Prepared_stmt_count', preparedStatements],
      ['Questions', c.questions + nativeQueries],
      ['Ssl_accepts', c.sslAccepts],
      ['Threads_connected', this.connections.size],
      ['Threads_running', this.context?.busyConnections ?? 0],
      ['Uptime', Math.floor((nowMs - c.startedAtMs) / MS_PER_SECOND)],
    ];
  }

  connectionStates(): ConnectionState[] {
    const nowMs = Date.now();
    return [...this.connections.values()].map((connection) => ({
      id: connection.id,
      user: connection.user,
      host: connection.host,
      phase: connection.phase,
      command: connection.command,
      secondsInState: connection.secondsInState(nowMs),
      secure: connection.secure,
      bytesReceived: connection.bytesReceived,
      bytesSent: connection.bytesSent,
      bufferedOutputBytes: connection.bufferedOutputBytes,
    }));
  }

  // ---- ConnectionOwner ------------------------------------------------------------------------

  onConnectionClosed(connection: Connection): void {
    this.connections.delete(connection.id);
    if (this.connections.size === 0 && this.onAllClosed) this.onAllClosed();
  }

  trackSessionRelease(release: Promise<void>): void {
    this.sessionReleases.add(release);
    void release.finally(() => this.sessionReleases.delete(release));
  }

  // ---- internals ----------------------------------------------------------------------------

  private accept(socket: Socket): void {
    const context = this.context!;
    this.counters.connections++;
    socket.on('error', () => {});
    if (this.closing !== null) {
      socket.destroy();
      return;
    }
    if (this.connections.size >= this.settings.getNumber('max_connections')) {
      this.refuse(socket);
      return;
    }
    const id = this.allocateConnectionId();
    const connection = new Connection(id, socket, clientHost(socket.remoteAddress), context, this);
    this.connections.set(id, connection);
    this.counters.maxUsedConnections = Math.max(
      this.counters.maxUsedConnections,
      this.connections.size,
    );
    connection.start();
  }

  /** ER_CON_COUNT_ERROR in place of the greeting (no SQLSTATE: the client has not said PROTOCOL_41). */
  private refuse(socket: Socket): void {
    this.counters.abortedConnects++;
    const writer = new PacketWriter(REFUSAL_BUFFER_BYTES);
    writer.begin(0);
    encodeErr(writer, ER.CON_COUNT_ERROR.errno, null, ER.CON_COUNT_ERROR.message);
    socket.end(writer.take());
  }

  private allocateConnectionId(): number {
    for (;;) {
      const id = this.nextConnectionId;
      this.nextConnectionId = id >= MAX_CONNECTION_ID ? 1 : id + 1;
      if (!this.connections.has(id)) return id;
    }
  }

  private sweep(): void {
    const nowMs = Date.now();
    this.context!.clock.nowMs = nowMs;
    for (const connection of this.connections.values()) connection.checkTimeouts(nowMs);
  }

  /**
   * A listener reachable from other machines must not run with a password-less root account.
   * The catalog is the judge: initial_root_password only helps once the SQL layer has applied it.
   */
  private async checkRootExposure(bindAddress: string): Promise<void> {
    const host = listenHost(bindAddress);
    if (host !== undefined && isLoopbackAddress(host)) return;
    const root = await this.service.findUser(ROOT_USER, LOCALHOST);
    if (root !== undefined && root.authString === '') {
      throw new ServerStartError(
        `refusing to listen on bind_address '${bindAddress}': root@localhost has an empty password ` +
          `(give it one with ALTER USER, set initial_root_password before the first start, or bind to 127.0.0.1)`,
      );
    }
  }

  private async loadTls(): Promise<ReturnType<typeof createSecureContext> | null> {
    const cert = this.settings.getString('ssl_cert');
    const key = this.settings.getString('ssl_key');
    const ca = this.settings.getString('ssl_ca');
    if (cert === '' && key === '') return null;
    if (cert === '' || key === '') {
      throw new ServerStartError(
        `TLS needs both ssl_cert and ssl_key (only ${cert === '' ? 'ssl_key' : 'ssl_cert'} is set)`,
      );
    }
    try {
      return createSecureContext({
        cert: await readFile(cert),
        key: await readFile(key),
        ...(ca !== '' ? { ca: await readFile(ca) } : {}),
      });
    } catch (error) {
      throw new ServerStartError(`cannot load TLS certificate or key: ${(error as Error).message}`);
    }
  }

  private async shutdown(): Promise<void> {
    const listenerClosed = new Promise<void>((resolve) => {
      if (this.listener === null) resolve();
      else this.listener.close(() => resolve());
    });
    for (const connection of [...this.connections.values()]) connection.shutdown();
    const timeoutMs = this.settings.getNumber('shutdown_timeout') * MS_PER_SECOND;
    if (!(await this.waitForConnections(timeoutMs))) {
      for (const connection of this.connections.values()) connection.cancelStatement();
      if (!(await this.waitForConnections(CANCEL_GRACE_MS))) {
        for (const connection of [...this.connections.values()]) connection.kill();
      }
    }
    while (this.sessionReleases.size > 0) await Promise.allSettled([...this.sessionReleases]);
    if (this.sweeper !== null) clearInterval(this.sweeper);
    await listenerClosed;
    this.context?.wire?.stop();
    await this.service.close();
    this.logger.info('shutdown complete');
  }

  /** Whether every connection closed within timeoutMs. */
  private waitForConnections(timeoutMs: number): Promise<boolean> {
    if (this.connections.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onAllClosed = null;
        resolve(false);
      }, timeoutMs);
      this.onAllClosed = () => {
        clearTimeout(timer);
        this.onAllClosed = null;
        resolve(true);
      };
    });
  }
}

function describeListenError(error: NodeJS.ErrnoException, bindAddress: string): ServerStartError {
  if (error.code === 'EADDRINUSE')
    return new ServerStartError(`port already in use on ${bindAddress}: ${error.message}`);
  if (error.code === 'EADDRNOTAVAIL') {
    return new ServerStartError(`bind_address '${bindAddress}' is not an address of this machine`);
  }
  if (error.code === 'EACCES')
    return new ServerStartError(`not allowed to listen: ${error.message}`);
  return new ServerStartError(`cannot listen on ${bindAddress}: ${error.message}`);
}
