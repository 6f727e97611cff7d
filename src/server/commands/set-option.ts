// COM_SET_OPTION: switches multi-statement support for this connection; answered by EOF (OK
// with header 0xFE under CLIENT_DEPRECATE_EOF), as mysqld does.

import { ER } from '../constants/error-codes.js';
import { SetOption } from '../constants/commands.js';
import type { Connection } from '../connection.js';
import { encodeEndOfRows } from '../packets/eof.js';
import { decodeSetOption } from '../packets/set-option.js';
import type { PayloadReader } from '../payload-reader.js';
import { ProtocolError } from '../protocol-error.js';

export function setOption(conn: Connection, reader: PayloadReader): void {
  const option = decodeSetOption(reader);
  if (option === SetOption.MULTI_STATEMENTS_ON) conn.multiStatements = true;
  else if (option === SetOption.MULTI_STATEMENTS_OFF) conn.multiStatements = false;
  else throw new ProtocolError(ER.UNKNOWN_COM_ERROR);
  encodeEndOfRows(conn.writer, conn.deprecateEof, 0, conn.statusFlags(false));
}
