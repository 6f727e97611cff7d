// AuthSwitchRequest: the server asks the client to authenticate with another plugin.
//
//   int<1>      header        0xFE
//   string<NUL> plugin_name
//   string<EOF> plugin_data   the 20-byte scramble followed by NUL, as mysqld sends it

import { ResponseHeader } from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import { MalformedPacketError } from '../protocol-error.js';

export interface AuthSwitchRequest {
  pluginName: string;
  pluginData: Buffer;
}

export function encodeAuthSwitchRequest(
  writer: PacketWriter,
  pluginName: string,
  scramble: Buffer,
): void {
  writer.startPacket();
  writer.u8(ResponseHeader.EOF);
  writer.nulString(pluginName);
  writer.bytes(scramble);
  writer.u8(0);
  writer.finishPacket();
}

export function decodeAuthSwitchRequest(reader: PayloadReader): AuthSwitchRequest {
  if (reader.u8() !== ResponseHeader.EOF) throw new MalformedPacketError();
  const pluginName = reader.nulTerminatedString();
  return { pluginName, pluginData: Buffer.from(reader.restBytes()) };
}
