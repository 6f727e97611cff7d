// ERR_Packet: a command failed.
//
//   int<1>    header           0xFF
//   int<2>    error_code
//   string[1] sql_state_marker '#'          } only once the client said PROTOCOL_41;
//   string[5] sql_state                     } omitted before the handshake response
//   string<EOF> error_message

import { ResponseHeader, SQLSTATE_BYTES, SQLSTATE_MARKER } from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export interface ErrPacket {
  errno: number;
  sqlState: string | null;
  message: string;
}

export function encodeErr(
  writer: PacketWriter,
  errno: number,
  sqlState: string | null,
  message: string,
): void {
  writer.startPacket();
  writer.u8(ResponseHeader.ERR);
  writer.u16(errno);
  if (sqlState !== null) {
    writer.u8(SQLSTATE_MARKER);
    writer.string(sqlState.slice(0, SQLSTATE_BYTES).padEnd(SQLSTATE_BYTES, '0'));
  }
  writer.string(message);
  writer.finishPacket();
}

export function decodeErr(reader: PayloadReader): ErrPacket {
  reader.u8();
  const errno = reader.u16();
  let sqlState: string | null = null;
  if (!reader.atEnd() && reader.peekU8() === SQLSTATE_MARKER) {
    reader.u8();
    sqlState = reader.bytes(SQLSTATE_BYTES).toString('latin1');
  }
  return { errno, sqlState, message: reader.restString() };
}
