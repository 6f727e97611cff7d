// The text form of a log event: time, level, message, then each field as key=value with values
// JSON-encoded (strings quoted, numbers bare), the same line src/server/logger.ts writes, so
// tools that read one read the other.

const RESERVED_KEYS: ReadonlySet<string> = new Set(['time', 'level', 'msg']);

/** One pino record (parsed JSON) as a text line, newline included. */
export function formatTextLine(record: Record<string, unknown>): string {
  let line = `${String(record.time)} ${String(record.level)} ${String(record.msg ?? '')}`;
  for (const [key, value] of Object.entries(record)) {
    if (RESERVED_KEYS.has(key) || value === undefined) continue;
    line += ` ${key}=${JSON.stringify(value)}`;
  }
  return line + '\n';
}
