// Commands this server does not implement (replication, COM_SHUTDOWN, long-removed ones) and
// bytes that are no command at all: ER_UNKNOWN_COM_ERROR, and the connection carries on.

import { ER } from '../constants/error-codes.js';
import { ProtocolError } from '../protocol-error.js';

export function unknownCommand(): never {
  throw new ProtocolError(ER.UNKNOWN_COM_ERROR);
}
