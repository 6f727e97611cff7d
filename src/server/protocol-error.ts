// Errors the server itself raises, carried to the client as ERR packets, and the mapping of any
// thrown value (a SqlError from the SQL layer, a bug) to the fields of an ERR packet.

import { ER, formatMessage } from './constants/error-codes.js';
import type { ErrorSpec } from './constants/error-codes.js';

export interface ErrorFields {
  errno: number;
  sqlState: string;
  message: string;
}

/**
 * A MySQL error raised by the protocol layer. `fatal` errors end the connection after the ERR
 * packet is sent (broken framing, failed authentication); the others end only the command.
 */
export class ProtocolError extends Error implements ErrorFields {
  readonly errno: number;
  readonly sqlState: string;

  constructor(
    spec: ErrorSpec,
    args: ReadonlyArray<string | number | bigint> = [],
    readonly fatal = false,
  ) {
    super(formatMessage(spec.message, args));
    this.name = 'ProtocolError';
    this.errno = spec.errno;
    this.sqlState = spec.sqlState;
  }
}

/** The same error as `error` (a SqlError, or anything thrown), raised by the protocol layer. */
export function protocolErrorFrom(error: unknown, fatal: boolean): ProtocolError {
  const fields = errorFields(error);
  const wrapped = new ProtocolError(
    { errno: fields.errno, sqlState: fields.sqlState, message: '' },
    [],
    fatal,
  );
  wrapped.message = fields.message;
  return wrapped;
}

/** A packet ended early or held an impossible value (ER_MALFORMED_PACKET). */
export class MalformedPacketError extends ProtocolError {
  constructor(fatal = false) {
    super(ER.MALFORMED_PACKET, [], fatal);
    this.name = 'MalformedPacketError';
  }
}

const SQLSTATE_LENGTH = 5;

/** True for errors that carry their own MySQL error number and SQLSTATE (SqlError, ProtocolError). */
export function isMysqlError(error: unknown): error is ErrorFields {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as Partial<ErrorFields>;
  return (
    typeof candidate.errno === 'number' &&
    candidate.errno > 0 &&
    typeof candidate.sqlState === 'string' &&
    candidate.sqlState.length === SQLSTATE_LENGTH &&
    typeof candidate.message === 'string'
  );
}

/** ERR packet fields for anything thrown while serving a command. */
export function errorFields(error: unknown): ErrorFields {
  if (isMysqlError(error)) {
    return { errno: error.errno, sqlState: error.sqlState, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    errno: ER.UNKNOWN_ERROR.errno,
    sqlState: ER.UNKNOWN_ERROR.sqlState,
    message: formatMessage(ER.UNKNOWN_ERROR.message, [message]),
  };
}

/** Unwinds a command whose connection closed under it (client gone, killed, shut down). */
export class ConnectionClosedError extends Error {
  constructor() {
    super('connection closed');
    this.name = 'ConnectionClosedError';
  }
}
