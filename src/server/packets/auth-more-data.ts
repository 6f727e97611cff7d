// AuthMoreData: extra authentication data from the server (caching_sha2_password's status byte
// 0x03/0x04, or its RSA public key in PEM).
//
//   int<1>      header  0x01
//   string<EOF> data

import { ResponseHeader } from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import { MalformedPacketError } from '../protocol-error.js';

export function encodeAuthMoreData(writer: PacketWriter, data: Uint8Array): void {
  writer.startPacket();
  writer.u8(ResponseHeader.AUTH_MORE_DATA);
  writer.bytes(data);
  writer.finishPacket();
}

export function decodeAuthMoreData(reader: PayloadReader): Buffer {
  if (reader.u8() !== ResponseHeader.AUTH_MORE_DATA) throw new MalformedPacketError();
  return Buffer.from(reader.restBytes());
}
