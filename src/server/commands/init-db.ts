// COM_INIT_DB: makes a schema the session's default; answered by OK.

import type { Connection } from '../connection.js';
import { encodeOk } from '../packets/ok.js';
import { decodeTextCommand } from '../packets/text-command.js';
import type { PayloadReader } from '../payload-reader.js';

export async function initDb(conn: Connection, reader: PayloadReader): Promise<void> {
  const schema = decodeTextCommand(reader);
  conn.context.counters.questions++;
  await conn.session!.useDatabase(schema);
  encodeOk(conn.writer, 0, 0, conn.statusFlags(false), 0);
}
