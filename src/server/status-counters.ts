// Server-wide counters behind SHOW GLOBAL STATUS (MySQL's names). Plain number fields bumped on
// the hot path; read together by MysqlServer.statusVariables().

import { Command } from './constants/commands.js';

/** Commands counted per command byte; MySQL's Com_* names for the protocol-level ones. */
const COMMAND_STATUS_NAMES: ReadonlyArray<readonly [number, string]> = [
  [Command.STMT_PREPARE, 'Com_stmt_prepare'],
  [Command.STMT_EXECUTE, 'Com_stmt_execute'],
  [Command.STMT_CLOSE, 'Com_stmt_close'],
  [Command.STMT_RESET, 'Com_stmt_reset'],
  [Command.STMT_SEND_LONG_DATA, 'Com_stmt_send_long_data'],
  [Command.STMT_FETCH, 'Com_stmt_fetch'],
];
const COMMAND_CODES = 0x100;

export class StatusCounters {
  /** Connection attempts, successful or not. */
  connections = 0;
  /** Connections that failed to authenticate or timed out in the handshake. */
  abortedConnects = 0;
  /** Authenticated connections that ended without COM_QUIT (timeouts, broken streams, kills). */
  abortedClients = 0;
  maxUsedConnections = 0;
  bytesReceived = 0;
  bytesSent = 0;
  /** Statements sent by clients (each statement of a multi-statement query counts). */
  questions = 0;
  sslAccepts = 0;
  readonly commands = new Float64Array(COMMAND_CODES);
  readonly startedAtMs = Date.now();

  commandVariables(): Array<[string, number]> {
    return COMMAND_STATUS_NAMES.map(([code, name]) => [name, this.commands[code]!]);
  }
}
