// Commands whose argument is the rest of the packet as text: COM_QUERY (0x03, the SQL),
// COM_INIT_DB (0x02, a schema name), COM_STMT_PREPARE (0x16, the SQL).
//
//   int<1>      command
//   string<EOF> text

import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export function decodeTextCommand(reader: PayloadReader): string {
  reader.u8();
  return reader.restString();
}

export function encodeTextCommand(writer: PacketWriter, command: number, text: string): void {
  writer.startPacket();
  writer.u8(command);
  writer.string(text);
  writer.finishPacket();
}
