// COM_STMT_CLOSE (0x19, no response) and COM_STMT_RESET (0x1a, answered by OK), which carry only
// a statement id.
//
//   int<1> command       0x19 or 0x1a
//   int<4> statement_id

import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export function decodeStatementIdCommand(reader: PayloadReader): number {
  reader.u8();
  return reader.u32();
}

export function encodeStatementIdCommand(
  writer: PacketWriter,
  command: number,
  statementId: number,
): void {
  writer.startPacket();
  writer.u8(command);
  writer.u32(statementId);
  writer.finishPacket();
}
