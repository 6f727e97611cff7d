// OK_Packet: a command succeeded. With CLIENT_DEPRECATE_EOF the same layout with header 0xFE
// ends a result set in place of EOF_Packet.
//
//   int<1>    header          0x00 (0xFE when it stands for EOF)
//   int<lenenc> affected_rows
//   int<lenenc> last_insert_id
//   int<2>    status_flags    SERVER_STATUS_*
//   int<2>    warnings
//   string<lenenc> info       human-readable; left out when empty
//
// mysqld writes info length-encoded whether or not CLIENT_SESSION_TRACK was negotiated, and
// MariaDB's client library reads it that way in both cases, so this server does the same (and
// announces SESSION_TRACK so that mysql2 reads it as length-encoded too). No session-state
// changes are reported: SERVER_SESSION_STATE_CHANGED is never set.

import { ResponseHeader } from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export interface OkPacket {
  header: number;
  affectedRows: number;
  lastInsertId: number;
  statusFlags: number;
  warnings: number;
  info: string;
}

export function encodeOk(
  writer: PacketWriter,
  affectedRows: number,
  lastInsertId: number | bigint,
  statusFlags: number,
  warnings: number,
  info = '',
  header: number = ResponseHeader.OK,
): void {
  writer.startPacket();
  writer.u8(header);
  writer.lenencInt(affectedRows);
  if (typeof lastInsertId === 'bigint') writer.lenencBigint(lastInsertId);
  else writer.lenencInt(lastInsertId);
  writer.u16(statusFlags);
  writer.u16(warnings);
  if (info.length > 0) writer.lenencString(info);
  writer.finishPacket();
}

export function decodeOk(reader: PayloadReader): OkPacket {
  const header = reader.u8();
  const affectedRows = reader.lenencInt();
  const lastInsertId = reader.lenencInt();
  const statusFlags = reader.u16();
  const warnings = reader.u16();
  const info = reader.atEnd() ? '' : reader.lenencString();
  return { header, affectedRows, lastInsertId, statusFlags, warnings, info };
}
