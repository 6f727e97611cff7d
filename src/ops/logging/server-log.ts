// The server log: pino underneath (levels, structured fields, one JSON object per event), written
// to stderr either as that JSON (log_format=json, for log shippers) or as one human-readable line
// per event (log_format=text, the default):
//
//   2026-01-02T03:04:05.678Z info ready for connections host="127.0.0.1" port=3306 tls=false
//
// It implements the server's ServerLogger seam; log_level changes at run time with SET GLOBAL.

import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogFields, ServerLogger } from '../../server/index.js';
import { formatTextLine } from './text-line.js';

export type LogFormat = 'text' | 'json';
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface ServerLogOptions {
  format: LogFormat;
  level: LogLevel;
  /** Where lines go (default stderr): a stream with write(line). */
  output?: { write(line: string): unknown };
}

export interface ServerLog extends ServerLogger {
  debug(message: string, fields?: LogFields): void;
  setLevel(level: LogLevel): void;
  readonly level: LogLevel;
  /** The underlying pino logger, for components that log on their own. */
  readonly pino: Logger;
}

const STDERR_FD = 2;

/** Turns pino's JSON lines into text lines before they reach the output. */
function textDestination(output: { write(line: string): unknown }): DestinationStream {
  return {
    write(json: string) {
      output.write(formatTextLine(JSON.parse(json) as Record<string, unknown>));
    },
  };
}

function jsonDestination(output?: { write(line: string): unknown }): DestinationStream {
  // Synchronous on stderr, so that the last lines before an exit are never lost.
  if (output === undefined) return pino.destination({ fd: STDERR_FD, sync: true });
  return { write: (line: string) => void output.write(line) };
}

export function createServerLog(options: ServerLogOptions): ServerLog {
  const output = options.output;
  const destination =
    options.format === 'json' ? jsonDestination(output) : textDestination(output ?? process.stderr);
  const logger = pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const write =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (fields === undefined) logger[level](message);
      else logger[level](fields, message);
    };
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    setLevel(level: LogLevel) {
      logger.level = level;
    },
    get level() {
      return logger.level as LogLevel;
    },
    pino: logger,
  };
}
