// COM_STMT_PREPARE: COM_STMT_PREPARE_OK, the parameter definitions and the column definitions
// (each group closed by EOF unless CLIENT_DEPRECATE_EOF). Definitions are encoded once per
// statement and reused by every execution (result-metadata.ts).

import type { ColumnDefinition, PreparedStatement } from '../../sql/api.js';
import { Collation } from '../constants/charsets.js';
import { ColumnFlag } from '../constants/column-flags.js';
import { ColumnType } from '../constants/column-types.js';
import { NOT_FIXED_DECIMALS } from '../constants/protocol.js';
import type { Connection } from '../connection.js';
import { encodeEof } from '../packets/eof.js';
import { encodeStmtPrepareOk } from '../packets/stmt-prepare-ok.js';
import { decodeTextCommand } from '../packets/text-command.js';
import type { PayloadReader } from '../payload-reader.js';
import { ResultMetadata } from '../result-metadata.js';

/** What mysqld sends for a parameter whose type the statement does not fix. */
const UNTYPED_PARAMETER: ColumnDefinition = {
  schema: '',
  table: '',
  orgTable: '',
  name: '?',
  orgName: '',
  characterSet: Collation.BINARY,
  columnLength: 0,
  type: ColumnType.VAR_STRING,
  flags: ColumnFlag.BINARY,
  decimals: NOT_FIXED_DECIMALS,
};

function parameterDefinitions(statement: PreparedStatement): readonly ColumnDefinition[] {
  if (statement.params.length === statement.paramCount) return statement.params;
  return Array.from(
    { length: statement.paramCount },
    (_, i) => statement.params[i] ?? UNTYPED_PARAMETER,
  );
}

export async function stmtPrepare(conn: Connection, reader: PayloadReader): Promise<void> {
  const sql = decodeTextCommand(reader);
  const statement = await conn.session!.prepare(sql);
  conn.statements.add(statement, sql);
  conn.registerNativeStatement(statement.id);
  const writer = conn.writer;
  encodeStmtPrepareOk(writer, {
    statementId: statement.id,
    columnCount: statement.columns.length,
    paramCount: statement.paramCount,
    warnings: 0,
  });
  if (statement.paramCount > 0) {
    ResultMetadata.of(parameterDefinitions(statement)).writeDefinitions(writer);
    if (!conn.deprecateEof) encodeEof(writer, 0, conn.statusFlags(false));
  }
  if (statement.columns.length > 0) {
    ResultMetadata.of(statement.columns).writeDefinitions(writer);
    if (!conn.deprecateEof) encodeEof(writer, 0, conn.statusFlags(false));
  }
}
