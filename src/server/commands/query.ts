// COM_QUERY: runs the SQL text. With multi-statements on, the text is split into statements
// that run in order, each result flagged SERVER_MORE_RESULTS_EXISTS except the last; the first
// error ends the command (its ERR packet is the last result).

import { ER } from '../constants/error-codes.js';
import type { Connection } from '../connection.js';
import { decodeTextCommand } from '../packets/text-command.js';
import type { PayloadReader } from '../payload-reader.js';
import { ProtocolError } from '../protocol-error.js';
import { writeStatementResult } from '../result-writer.js';
import { classifyStatement } from '../statement-stats.js';

export async function query(conn: Connection, reader: PayloadReader): Promise<void> {
  const sql = decodeTextCommand(reader);
  const session = conn.session!;
  const counters = conn.context.counters;
  const stats = conn.context.statementStats;
  if (!conn.multiStatements) {
    counters.questions++;
    stats.start(conn, classifyStatement(sql), sql);
    const result = await session.execute(sql);
    stats.finish(conn, result);
    return writeStatementResult(conn, result, false, false);
  }
  const statements = session.splitStatements(sql);
  if (statements.length === 0) throw new ProtocolError(ER.EMPTY_QUERY);
  for (let i = 0; i < statements.length; i++) {
    counters.questions++;
    const moreResults = i + 1 < statements.length;
    const statement = statements[i]!;
    stats.start(conn, classifyStatement(statement), statement);
    const result = await session.execute(statement);
    stats.finish(conn, result);
    const pending = writeStatementResult(conn, result, false, moreResults);
    if (pending !== undefined) await pending;
    if (moreResults) conn.flush();
  }
}
