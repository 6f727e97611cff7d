// COM_PING: answered by OK.

import type { Connection } from '../connection.js';
import { encodeOk } from '../packets/ok.js';

export function ping(conn: Connection): void {
  encodeOk(conn.writer, 0, 0, conn.statusFlags(false), 0);
}
