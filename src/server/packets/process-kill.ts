// COM_PROCESS_KILL (deprecated in favour of KILL, still sent by old tools): end a connection.
//
//   int<1> command        0x0c
//   int<4> connection_id

import { Command } from '../constants/commands.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export function decodeProcessKill(reader: PayloadReader): number {
  reader.u8();
  return reader.u32();
}

export function encodeProcessKill(writer: PacketWriter, connectionId: number): void {
  writer.startPacket();
  writer.u8(Command.PROCESS_KILL);
  writer.u32(connectionId);
  writer.finishPacket();
}
