// What every connection shares with the server that accepted it: the SQL service, settings,
// counters, keys and caches. Built once by MysqlServer.listen().

import type { SecureContext } from 'node:tls';
import type { Settings } from '../config/index.js';
import type { SqlService } from '../sql/api.js';
import type { FastAuthCache } from './auth/fast-auth-cache.js';
import type { RsaKeys } from './auth/rsa-keys.js';
import type { ServerLogger } from './logger.js';
import type { NativeWire } from './native-wire.js';
import type { StatementStats } from './statement-stats.js';
import type { StatusCounters } from './status-counters.js';

export interface ServerContext {
  readonly service: SqlService;
  readonly settings: Settings;
  readonly counters: StatusCounters;
  /** Statements by type, latency histograms and the slow-log hook. */
  readonly statementStats: StatementStats;
  readonly logger: ServerLogger;
  readonly fastAuthCache: FastAuthCache;
  readonly rsaKeys: RsaKeys;
  /** Present when ssl_cert and ssl_key are configured. */
  readonly tls: SecureContext | null;
  /** Whether the TLS context asks clients for certificates (ssl_ca is set). */
  readonly tlsRequestsClientCertificate: boolean;
  /** Capabilities announced in the greeting. */
  readonly capabilities: number;
  /** A clock that ticks once per sweep, for idle bookkeeping without a syscall per command. */
  readonly clock: { nowMs: number };
  /** Number of connections currently running a command (Threads_running). */
  busyConnections: number;
  /** Number of open connections (Threads_connected). */
  connectionCount(): number;
  /** The native wire path plain-TCP connections move to after authentication, or null. */
  readonly wire: NativeWire | null;
}
