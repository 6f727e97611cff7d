// COM_STMT_PREPARE_OK: the first packet of a successful COM_STMT_PREPARE answer. It is followed
// by num_params parameter definitions and num_columns column definitions (ColumnDefinition41),
// each group closed by EOF unless CLIENT_DEPRECATE_EOF.
//
//   int<1> status          0x00
//   int<4> statement_id
//   int<2> num_columns
//   int<2> num_params
//   int<1> reserved        0x00
//   int<2> warning_count

import { ResponseHeader } from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import { MalformedPacketError } from '../protocol-error.js';

export interface StmtPrepareOk {
  statementId: number;
  columnCount: number;
  paramCount: number;
  warnings: number;
}

export function encodeStmtPrepareOk(writer: PacketWriter, packet: StmtPrepareOk): void {
  writer.startPacket();
  writer.u8(ResponseHeader.OK);
  writer.u32(packet.statementId);
  writer.u16(packet.columnCount);
  writer.u16(packet.paramCount);
  writer.u8(0);
  writer.u16(packet.warnings);
  writer.finishPacket();
}

export function decodeStmtPrepareOk(reader: PayloadReader): StmtPrepareOk {
  if (reader.u8() !== ResponseHeader.OK) throw new MalformedPacketError();
  const statementId = reader.u32();
  const columnCount = reader.u16();
  const paramCount = reader.u16();
  reader.skip(1);
  const warnings = reader.u16();
  return { statementId, columnCount, paramCount, warnings };
}
