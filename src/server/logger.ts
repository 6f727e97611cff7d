// Where the server reports connection-level events (errors it could not send to a client,
// aborted connections, startup and shutdown). One line per event on stderr by default; the
// operability work plugs a structured logger in through the same interface.

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface ServerLogger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

function line(level: string, message: string, fields?: LogFields): string {
  let text = `${new Date().toISOString()} ${level} ${message}`;
  if (fields) {
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) text += ` ${key}=${JSON.stringify(value)}`;
    }
  }
  return text + '\n';
}

export const stderrLogger: ServerLogger = {
  info: (message, fields) => process.stderr.write(line('info', message, fields)),
  warn: (message, fields) => process.stderr.write(line('warn', message, fields)),
  error: (message, fields) => process.stderr.write(line('error', message, fields)),
};

export const silentLogger: ServerLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
};
