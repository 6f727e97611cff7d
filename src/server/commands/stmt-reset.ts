// COM_STMT_RESET: drops the long data collected for a statement; answered by OK.

import { ER } from '../constants/error-codes.js';
import type { Connection } from '../connection.js';
import { encodeOk } from '../packets/ok.js';
import { decodeStatementIdCommand } from '../packets/statement-id-command.js';
import type { PayloadReader } from '../payload-reader.js';
import { PreparedStatements } from '../prepared-statements.js';
import { ProtocolError } from '../protocol-error.js';

export function stmtReset(conn: Connection, reader: PayloadReader): void {
  const statementId = decodeStatementIdCommand(reader);
  const entry = conn.statements.get(statementId);
  if (entry === undefined)
    throw new ProtocolError(ER.UNKNOWN_STMT_HANDLER, [statementId, 'mysqld_stmt_reset']);
  PreparedStatements.resetLongData(entry);
  encodeOk(conn.writer, 0, 0, conn.statusFlags(false), 0);
}
