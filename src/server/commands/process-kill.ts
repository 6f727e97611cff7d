// COM_PROCESS_KILL (what old tools send for `mysqladmin kill`): the same as the statement
// KILL CONNECTION id, which the SQL layer checks and carries out.

import type { Connection } from '../connection.js';
import { decodeProcessKill } from '../packets/process-kill.js';
import type { PayloadReader } from '../payload-reader.js';
import { writeStatementResult } from '../result-writer.js';

export async function processKill(conn: Connection, reader: PayloadReader): Promise<void> {
  const connectionId = decodeProcessKill(reader);
  const result = await conn.session!.execute(`KILL CONNECTION ${connectionId}`);
  return writeStatementResult(conn, result, false, false);
}
