// COM_STMT_EXECUTE: decodes the parameters (with long data sent before), runs the statement and
// answers with OK or a binary result set. A cursor requested in the flags is not opened: the
// whole result set follows at once and SERVER_STATUS_CURSOR_EXISTS stays clear, which tells the
// client to read the rows directly rather than fetch them.

import { ER } from '../constants/error-codes.js';
import type { Connection } from '../connection.js';
import { decodeStmtExecuteParams, decodeStmtExecuteStatementId } from '../packets/stmt-execute.js';
import type { PayloadReader } from '../payload-reader.js';
import { PreparedStatements } from '../prepared-statements.js';
import { ProtocolError } from '../protocol-error.js';
import { writeStatementResult } from '../result-writer.js';

const COMMAND_NAME = 'mysqld_stmt_execute';

export function stmtExecute(conn: Connection, reader: PayloadReader): Promise<void> {
  const statementId = decodeStmtExecuteStatementId(reader);
  const entry = conn.statements.get(statementId);
  if (entry === undefined)
    throw new ProtocolError(ER.UNKNOWN_STMT_HANDLER, [statementId, COMMAND_NAME]);
  if (entry.longDataError !== null) {
    const spec = entry.longDataError;
    PreparedStatements.resetLongData(entry);
    throw new ProtocolError(spec, [COMMAND_NAME]);
  }
  const params = decodeStmtExecuteParams(reader, entry.binding);
  if (entry.binding.longData !== null) PreparedStatements.resetLongData(entry);
  conn.context.counters.questions++;
  const stats = conn.context.statementStats;
  stats.start(conn, entry.statementType, entry.sql);
  return conn.session!.executePrepared(statementId, params).then((result) => {
    stats.finish(conn, result);
    conn.refreshNativeStatement(statementId, entry.binding.types);
    return writeStatementResult(conn, result, true, false);
  });
}
