// COM_RESET_CONNECTION: rolls back, drops prepared statements and resets session variables
// without re-authenticating; answered by OK.

import type { Connection } from '../connection.js';
import { encodeOk } from '../packets/ok.js';

export async function resetConnection(conn: Connection): Promise<void> {
  conn.unregisterNativeStatements();
  conn.statements.clear();
  await conn.session!.reset();
  encodeOk(conn.writer, 0, 0, conn.statusFlags(false), 0);
}
