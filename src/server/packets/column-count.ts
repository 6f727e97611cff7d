// The first packet of a result set: the number of columns.
//
//   int<lenenc> column_count

import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export function encodeColumnCount(writer: PacketWriter, columnCount: number): void {
  writer.startPacket();
  writer.lenencInt(columnCount);
  writer.finishPacket();
}

export function decodeColumnCount(reader: PayloadReader): number {
  return reader.lenencInt();
}
