// COM_QUIT: the client is done; the server closes the connection without a response.

import type { Connection } from '../connection.js';

export function quit(conn: Connection): void {
  conn.quit();
}
