// COM_CHANGE_USER: runs the authentication part of the handshake state machine again (with the
// greeting's scramble, possibly through an auth switch); on success the session is replaced and
// OK is sent, on failure the connection is closed with the error.

import type { Connection } from '../connection.js';
import type { PayloadReader } from '../payload-reader.js';

export function changeUser(conn: Connection, reader: PayloadReader): Promise<void> {
  return conn.changeUser(reader);
}
