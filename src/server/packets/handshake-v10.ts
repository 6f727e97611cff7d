// HandshakeV10: the server's greeting, the first packet of every connection (sequence id 0).
//
//   int<1>     protocol_version       10
//   string<NUL> server_version
//   int<4>     connection_id
//   string[8]  auth_plugin_data_part_1 first 8 bytes of the 20-byte scramble
//   int<1>     filler                 0x00
//   int<2>     capability_flags_1     low 16 bits
//   int<1>     character_set          the server's default collation id
//   int<2>     status_flags
//   int<2>     capability_flags_2     high 16 bits
//   int<1>     auth_plugin_data_len   21 (scramble + NUL)
//   string[10] reserved               zeros
//   string[13] auth_plugin_data_part_2 last 12 bytes of the scramble + NUL
//   string<NUL> auth_plugin_name

import {
  HANDSHAKE_RESERVED_BYTES,
  PROTOCOL_VERSION,
  SCRAMBLE_BYTES,
  SCRAMBLE_PART1_BYTES,
} from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import { MalformedPacketError } from '../protocol-error.js';

export interface HandshakeV10 {
  serverVersion: string;
  connectionId: number;
  /** The 20-byte nonce. */
  scramble: Buffer;
  capabilities: number;
  collation: number;
  statusFlags: number;
  authPluginName: string;
}

const LOW_16_BITS = 0xffff;

export function encodeHandshakeV10(writer: PacketWriter, packet: HandshakeV10): void {
  writer.startPacket();
  writer.u8(PROTOCOL_VERSION);
  writer.nulString(packet.serverVersion);
  writer.u32(packet.connectionId);
  writer.bytes(packet.scramble.subarray(0, SCRAMBLE_PART1_BYTES));
  writer.u8(0);
  writer.u16(packet.capabilities & LOW_16_BITS);
  writer.u8(packet.collation);
  writer.u16(packet.statusFlags);
  writer.u16(packet.capabilities >>> 16);
  writer.u8(SCRAMBLE_BYTES + 1);
  writer.zeros(HANDSHAKE_RESERVED_BYTES);
  writer.bytes(packet.scramble.subarray(SCRAMBLE_PART1_BYTES));
  writer.u8(0);
  writer.nulString(packet.authPluginName);
  writer.finishPacket();
}

export function decodeHandshakeV10(reader: PayloadReader): HandshakeV10 {
  if (reader.u8() !== PROTOCOL_VERSION) throw new MalformedPacketError();
  const serverVersion = reader.nulTerminatedString();
  const connectionId = reader.u32();
  const part1 = Buffer.from(reader.bytes(SCRAMBLE_PART1_BYTES));
  reader.skip(1);
  const capabilitiesLow = reader.u16();
  const collation = reader.u8();
  const statusFlags = reader.u16();
  const capabilities = ((reader.u16() << 16) | capabilitiesLow) >>> 0;
  const pluginDataLength = reader.u8();
  reader.skip(HANDSHAKE_RESERVED_BYTES);
  const part2Length = Math.max(
    SCRAMBLE_BYTES + 1 - SCRAMBLE_PART1_BYTES,
    pluginDataLength - SCRAMBLE_PART1_BYTES,
  );
  const part2 = reader.bytes(part2Length - 1);
  reader.skip(1);
  const authPluginName = reader.nulTerminatedOrRestString();
  const scramble = Buffer.concat([part1, part2]);
  return {
    serverVersion,
    connectionId,
    scramble,
    capabilities,
    collation,
    statusFlags,
    authPluginName,
  };
}
