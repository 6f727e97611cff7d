// HandshakeResponse41: the client's answer to the greeting (sequence id 1, or 2 after TLS).
//
//   int<4>      client_flag          CLIENT_* capabilities
//   int<4>      max_packet_size
//   int<1>      character_set        collation id
//   string[23]  filler               zeros (MariaDB clients use the last 4 for extended flags)
//   string<NUL> username
//   auth_response: string<lenenc>    if PLUGIN_AUTH_LENENC_CLIENT_DATA
//                  int<1> + string   else if SECURE_CONNECTION
//                  string<NUL>       otherwise
//   string<NUL> database             if CONNECT_WITH_DB
//   string<NUL> client_plugin_name   if PLUGIN_AUTH (some clients leave out the final NUL)
//   int<lenenc> + pairs of string<lenenc>  connection attributes, if CONNECT_ATTRS

import { Capability } from '../constants/capabilities.js';
import { HANDSHAKE_RESPONSE_FILLER_BYTES } from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import { MalformedPacketError } from '../protocol-error.js';

export interface HandshakeResponse41 {
  capabilities: number;
  maxPacketBytes: number;
  collation: number;
  user: string;
  authResponse: Buffer;
  database: string | null;
  /** '' when the client did not name one (no PLUGIN_AUTH). */
  authPluginName: string;
  attributes: Map<string, string>;
}

export function decodeHandshakeResponse41(reader: PayloadReader): HandshakeResponse41 {
  const capabilities = reader.u32();
  const maxPacketBytes = reader.u32();
  const collation = reader.u8();
  reader.skip(HANDSHAKE_RESPONSE_FILLER_BYTES);
  const user = reader.nulTerminatedString();
  let authResponse: Buffer;
  if (capabilities & Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA) {
    authResponse = reader.lenencBytes();
  } else if (capabilities & Capability.SECURE_CONNECTION) {
    authResponse = reader.bytes(reader.u8());
  } else {
    authResponse = reader.nulTerminatedBytes();
  }
  let database: string | null = null;
  if (capabilities & Capability.CONNECT_WITH_DB && !reader.atEnd()) {
    database = reader.nulTerminatedString();
  }
  let authPluginName = '';
  if (capabilities & Capability.PLUGIN_AUTH && !reader.atEnd()) {
    authPluginName = reader.nulTerminatedOrRestString();
  }
  const attributes = new Map<string, string>();
  if (capabilities & Capability.CONNECT_ATTRS && !reader.atEnd()) {
    const length = reader.lenencInt();
    const end = reader.pos + length;
    if (end > reader.end) throw new MalformedPacketError();
    while (reader.pos < end) {
      const key = reader.lenencString();
      attributes.set(key, reader.lenencString());
    }
    if (reader.pos !== end) throw new MalformedPacketError();
  }
  return {
    capabilities,
    maxPacketBytes,
    collation,
    user,
    authResponse: Buffer.from(authResponse),
    database,
    authPluginName,
    attributes,
  };
}

export function encodeHandshakeResponse41(writer: PacketWriter, packet: HandshakeResponse41): void {
  const capabilities = packet.capabilities;
  writer.startPacket();
  writer.u32(capabilities);
  writer.u32(packet.maxPacketBytes);
  writer.u8(packet.collation);
  writer.zeros(HANDSHAKE_RESPONSE_FILLER_BYTES);
  writer.nulString(packet.user);
  if (capabilities & Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA) {
    writer.lenencBytes(packet.authResponse);
  } else {
    writer.u8(packet.authResponse.length);
    writer.bytes(packet.authResponse);
  }
  if (capabilities & Capability.CONNECT_WITH_DB) writer.nulString(packet.database ?? '');
  if (capabilities & Capability.PLUGIN_AUTH) writer.nulString(packet.authPluginName);
  if (capabilities & Capability.CONNECT_ATTRS) {
    const pairs: Buffer[] = [];
    for (const [key, value] of packet.attributes) {
      for (const text of [key, value]) {
        const bytes = Buffer.from(text);
        pairs.push(lenencPrefix(bytes.length), bytes);
      }
    }
    const body = Buffer.concat(pairs);
    writer.lenencInt(body.length);
    writer.bytes(body);
  }
  writer.finishPacket();
}

const ONE_BYTE_LENENC_LIMIT = 0xfb;
const TWO_BYTE_LENENC = 0xfc;

function lenencPrefix(length: number): Buffer {
  if (length < ONE_BYTE_LENENC_LIMIT) return Buffer.from([length]);
  const prefix = Buffer.alloc(3);
  prefix[0] = TWO_BYTE_LENENC;
  prefix.writeUInt16LE(length, 1);
  return prefix;
}
