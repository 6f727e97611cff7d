// COM_STMT_FETCH: reads rows from an open cursor. COM_STMT_EXECUTE never opens one (it sends the
// whole result), so there is no cursor to fetch from, as mysqld answers for such statements.
//
//   int<1> command 0x1c, int<4> statement_id, int<4> num_rows

import { ER } from '../constants/error-codes.js';
import type { Connection } from '../connection.js';
import { decodeStatementIdCommand } from '../packets/statement-id-command.js';
import type { PayloadReader } from '../payload-reader.js';
import { ProtocolError } from '../protocol-error.js';

export function stmtFetch(conn: Connection, reader: PayloadReader): void {
  const statementId = decodeStatementIdCommand(reader);
  if (conn.statements.get(statementId) === undefined) {
    throw new ProtocolError(ER.UNKNOWN_STMT_HANDLER, [statementId, 'mysqld_stmt_fetch']);
  }
  throw new ProtocolError(ER.STMT_HAS_NO_OPEN_CURSOR, [statementId]);
}
