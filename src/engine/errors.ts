// The one error class of the engine. Native Status values arrive as Errors whose message starts
// with the status code in brackets ("[CORRUPTION] …", set by native/binding/status_error.cc);
// this module turns them into EngineError with a stable code that upper layers switch on.

export type EngineErrorCode =
  | 'NOT_FOUND'
  | 'CORRUPTION'
  | 'NOT_SUPPORTED'
  | 'INVALID_ARGUMENT'
  | 'IO_ERROR'
  | 'BUSY'
  | 'NO_SPACE'
  | 'CLOSED'
  | 'INCOMPLETE';

const CODES: ReadonlySet<string> = new Set<EngineErrorCode>([
  'NOT_FOUND',
  'CORRUPTION',
  'NOT_SUPPORTED',
  'INVALID_ARGUMENT',
  'IO_ERROR',
  'BUSY',
  'NO_SPACE',
  'CLOSED',
  'INCOMPLETE',
]);

export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
  }
}

const PREFIX = /^\[([A-Z_]+)\] ([\s\S]*)$/;

/** Converts an error thrown or passed by the addon into an EngineError. */
export function fromNative(error: unknown): Error {
  if (error instanceof EngineError) return error;
  if (error instanceof Error) {
    const match = PREFIX.exec(error.message);
    if (match && CODES.has(match[1]!)) {
      return new EngineError(match[1] as EngineErrorCode, match[2]!);
    }
    return error;
  }
  return new Error(String(error));
}
