// EOF_Packet: ends column definitions and rows for clients without CLIENT_DEPRECATE_EOF.
//
//   int<1> header        0xFE
//   int<2> warnings
//   int<2> status_flags
//
// encodeEndOfRows picks EOF or the OK packet with header 0xFE that replaces it.

import { ResponseHeader } from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import { encodeOk } from './ok.js';

export interface EofPacket {
  warnings: number;
  statusFlags: number;
}

export function encodeEof(writer: PacketWriter, warnings: number, statusFlags: number): void {
  writer.startPacket();
  writer.u8(ResponseHeader.EOF);
  writer.u16(warnings);
  writer.u16(statusFlags);
  writer.finishPacket();
}

/** The packet that ends a run of rows: EOF, or OK with header 0xFE under CLIENT_DEPRECATE_EOF. */
export function encodeEndOfRows(
  writer: PacketWriter,
  deprecateEof: boolean,
  warnings: number,
  statusFlags: number,
): void {
  if (deprecateEof) encodeOk(writer, 0, 0, statusFlags, warnings, '', ResponseHeader.EOF);
  else encodeEof(writer, warnings, statusFlags);
}

export function decodeEof(reader: PayloadReader): EofPacket {
  reader.u8();
  const warnings = reader.u16();
  const statusFlags = reader.u16();
  return { warnings, statusFlags };
}
