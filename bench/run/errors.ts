// How a failed operation is named in a report: by the error's stable code (a MySQL error name
// such as ER_LOCK_DEADLOCK, a socket error such as ECONNREFUSED, an engine or transaction code),
// so that errors of one kind add up into one line.

/** An operation that failed for a reason the benchmark itself detects (a missing object …). */
export class OperationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'OperationError';
  }
}

/** Errors after which the connection is gone or cannot be made: retried after a pause. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

export function errorKind(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const errno = (error as { errno?: unknown }).errno;
    if (typeof errno === 'number') return `errno ${errno}`;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  }
  if (error instanceof AggregateError && error.errors.length > 0) {
    return errorKind(error.errors[0]);
  }
  return 'Error';
}

export function isConnectionError(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.some(isConnectionError);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  return (error as { fatal?: unknown } | null)?.fatal === true;
}

export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return errorMessage(error.errors[0]);
  }
  if (error instanceof Error) return error.message || errorKind(error);
  return String(error);
}
