// COM_STMT_CLOSE: forgets a prepared statement. There is never a response.

import type { Connection } from '../connection.js';
import { decodeStatementIdCommand } from '../packets/statement-id-command.js';
import type { PayloadReader } from '../payload-reader.js';

export function stmtClose(conn: Connection, reader: PayloadReader): void {
  let statementId: number;
  try {
    statementId = decodeStatementIdCommand(reader);
  } catch {
    return;
  }
  if (conn.statements.delete(statementId)) {
    conn.unregisterNativeStatement(statementId);
    conn.session!.closePrepared(statementId);
  }
}
