// COM_SET_OPTION: switch multi-statement support on or off; answered by EOF.
//
//   int<1> command  0x1b
//   int<2> option   0 = MULTI_STATEMENTS_ON, 1 = MULTI_STATEMENTS_OFF

import { Command } from '../constants/commands.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export function decodeSetOption(reader: PayloadReader): number {
  reader.u8();
  return reader.u16();
}

export function encodeSetOption(writer: PacketWriter, option: number): void {
  writer.startPacket();
  writer.u8(Command.SET_OPTION);
  writer.u16(option);
  writer.finishPacket();
}
