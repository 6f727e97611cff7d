// COM_FIELD_LIST: the columns of a table, answered by ColumnDefinition41 packets (with a NULL
// default value field) and EOF.
//
//   int<1>      command   0x04
//   string<NUL> table
//   string<EOF> wildcard  a LIKE pattern, may be empty

import { Command } from '../constants/commands.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export interface FieldList {
  table: string;
  wildcard: string;
}

export function decodeFieldList(reader: PayloadReader): FieldList {
  reader.u8();
  const table = reader.nulTerminatedOrRestString();
  return { table, wildcard: reader.restString() };
}

export function encodeFieldList(writer: PacketWriter, packet: FieldList): void {
  writer.startPacket();
  writer.u8(Command.FIELD_LIST);
  writer.nulString(packet.table);
  writer.string(packet.wildcard);
  writer.finishPacket();
}
