// COM_PROCESS_INFO (what old tools send for `mysqladmin processlist`): the result of
// SHOW PROCESSLIST.

import type { Connection } from '../connection.js';
import { writeStatementResult } from '../result-writer.js';

export async function processInfo(conn: Connection): Promise<void> {
  const result = await conn.session!.execute('SHOW PROCESSLIST');
  return writeStatementResult(conn, result, false, false);
}
