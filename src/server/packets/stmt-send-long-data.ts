// COM_STMT_SEND_LONG_DATA: a piece of one parameter's value, sent before COM_STMT_EXECUTE. No
// response, even on error (an error is reported by the next execute).
//
//   int<1>      command       0x18
//   int<4>      statement_id
//   int<2>      param_id
//   string<EOF> data

import { Command } from '../constants/commands.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export interface StmtSendLongData {
  statementId: number;
  paramId: number;
  data: Buffer;
}

export function decodeStmtSendLongData(reader: PayloadReader): StmtSendLongData {
  reader.u8();
  const statementId = reader.u32();
  const paramId = reader.u16();
  return { statementId, paramId, data: Buffer.from(reader.restBytes()) };
}

export function encodeStmtSendLongData(writer: PacketWriter, packet: StmtSendLongData): void {
  writer.startPacket();
  writer.u8(Command.STMT_SEND_LONG_DATA);
  writer.u32(packet.statementId);
  writer.u16(packet.paramId);
  writer.bytes(packet.data);
  writer.finishPacket();
}
