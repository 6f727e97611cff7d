// COM_FIELD_LIST: the columns of a table as ColumnDefinition41 packets (each with a NULL default
// value field), then EOF (or OK with header 0xFE under CLIENT_DEPRECATE_EOF).

import type { Connection } from '../connection.js';
import { encodeColumnDefinition } from '../packets/column-definition41.js';
import { encodeEndOfRows } from '../packets/eof.js';
import { decodeFieldList } from '../packets/field-list.js';
import type { PayloadReader } from '../payload-reader.js';

export async function fieldList(conn: Connection, reader: PayloadReader): Promise<void> {
  const { table, wildcard } = decodeFieldList(reader);
  conn.context.counters.questions++;
  const columns = await conn.session!.fieldList(table, wildcard);
  for (const column of columns) encodeColumnDefinition(conn.writer, column, true);
  encodeEndOfRows(conn.writer, conn.deprecateEof, 0, conn.statusFlags(false));
}
