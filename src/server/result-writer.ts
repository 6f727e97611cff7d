// Writes a statement's result: an OK packet, or a result set (column count, column definitions,
// [EOF], rows, EOF/OK) in the text or binary row format. Rows are encoded into the connection's
// buffer and flushed every FLUSH_THRESHOLD_BYTES; when the socket reports back-pressure the
// writer stops producing rows until it drains, so a slow reader never makes the server buffer
// more than about one threshold of encoded rows.

import type { RowsResult, SqlValue, StatementResult } from '../sql/api.js';
import type { Connection } from './connection.js';
import { encodeColumnCount } from './packets/column-count.js';
import { encodeBinaryRow } from './packets/binary-row.js';
import { encodeEndOfRows, encodeEof } from './packets/eof.js';
import { encodeOk } from './packets/ok.js';
import { encodeTextRow } from './packets/text-row.js';
import { ConnectionClosedError } from './protocol-error.js';
import { ResultMetadata } from './result-metadata.js';
import type { ColumnPlan } from './values/column-plan.js';

/** 64 KiB: a few TCP segments per write, and the most a result buffers beyond the socket. */
const FLUSH_THRESHOLD_BYTES = 64 * 1024;

/** Encodes rows from index `from`; returns where it stopped (rows.length, or after back-pressure). */
function writeRows(
  conn: Connection,
  rows: readonly (readonly SqlValue[])[],
  plan: ColumnPlan,
  binary: boolean,
  from: number,
): number {
  const writer = conn.writer;
  for (let i = from; i < rows.length; i++) {
    if (binary) encodeBinaryRow(writer, rows[i]!, plan);
    else encodeTextRow(writer, rows[i]!, plan);
    if (writer.length >= FLUSH_THRESHOLD_BYTES && !conn.flush()) return i + 1;
  }
  return rows.length;
}

function writeEndOfRows(conn: Connection, result: RowsResult, moreResults: boolean): void {
  encodeEndOfRows(conn.writer, conn.deprecateEof, result.warnings, conn.statusFlags(moreResults));
}

async function writeRemainingRows(
  conn: Connection,
  result: RowsResult,
  plan: ColumnPlan,
  binary: boolean,
  from: number,
  moreResults: boolean,
): Promise<void> {
  let next = from;
  while (next < result.rows.length) {
    await conn.drained();
    if (conn.closed) throw new ConnectionClosedError();
    next = writeRows(conn, result.rows, plan, binary, next);
  }
  writeEndOfRows(conn, result, moreResults);
}

/**
 * Writes one result into conn.writer (flushing as it goes for large results). Returns a promise
 * only when back-pressure made it wait; the caller flushes what remains.
 */
export function writeStatementResult(
  conn: Connection,
  result: StatementResult,
  binary: boolean,
  moreResults: boolean,
): Promise<void> | undefined {
  const writer = conn.writer;
  if (result.kind === 'ok') {
    encodeOk(
      writer,
      result.affectedRows,
      result.lastInsertId,
      conn.statusFlags(moreResults),
      result.warnings,
      result.info,
    );
    return undefined;
  }
  const metadata = ResultMetadata.of(result.columns);
  encodeColumnCount(writer, metadata.columnCount);
  metadata.writeDefinitions(writer);
  if (!conn.deprecateEof) encodeEof(writer, 0, conn.statusFlags(false));
  const next = writeRows(conn, result.rows, metadata.plan, binary, 0);
  if (next === result.rows.length) {
    writeEndOfRows(conn, result, moreResults);
    return undefined;
  }
  return writeRemainingRows(conn, result, metadata.plan, binary, next, moreResults);
}
