// SSLRequest: the first 32 bytes of HandshakeResponse41 alone, with CLIENT_SSL set. The client
// starts TLS right after it; the real HandshakeResponse41 follows inside TLS with sequence id 2.
//
//   int<4>     client_flag      includes CLIENT_SSL
//   int<4>     max_packet_size
//   int<1>     character_set
//   string[23] filler

import { Capability } from '../constants/capabilities.js';
import {
  HANDSHAKE_RESPONSE_FILLER_BYTES,
  HANDSHAKE_RESPONSE_FIXED_BYTES,
} from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';

export interface SslRequest {
  capabilities: number;
  maxPacketBytes: number;
  collation: number;
}

/** Whether a handshake-phase payload is an SSLRequest rather than a full response. */
export function isSslRequest(buf: Buffer, start: number, end: number): boolean {
  return (
    end - start === HANDSHAKE_RESPONSE_FIXED_BYTES &&
    (buf.readUInt32LE(start) & Capability.SSL) !== 0
  );
}

export function decodeSslRequest(reader: PayloadReader): SslRequest {
  const capabilities = reader.u32();
  const maxPacketBytes = reader.u32();
  const collation = reader.u8();
  reader.skip(HANDSHAKE_RESPONSE_FILLER_BYTES);
  return { capabilities, maxPacketBytes, collation };
}

export function encodeSslRequest(writer: PacketWriter, packet: SslRequest): void {
  writer.startPacket();
  writer.u32(packet.capabilities | Capability.SSL);
  writer.u32(packet.maxPacketBytes);
  writer.u8(packet.collation);
  writer.zeros(HANDSHAKE_RESPONSE_FILLER_BYTES);
  writer.finishPacket();
}
