// The answer to COM_STATISTICS: a bare human-readable string, no header byte.
//
//   string<EOF> "Uptime: 42  Threads: 1  Questions: 7  Slow queries: 0  Opens: 0  ..."

import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export function encodeStatistics(writer: PacketWriter, text: string): void {
  writer.startPacket();
  writer.string(text);
  writer.finishPacket();
}

export function decodeStatistics(reader: PayloadReader): string {
  return reader.restString();
}
