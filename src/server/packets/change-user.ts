// COM_CHANGE_USER: re-authenticate on an open connection as another account (the current
// session is rolled back and replaced). The client answers the greeting's scramble again.
//
//   int<1>      command        0x11
//   string<NUL> username
//   auth_response: int<1> length + bytes   with CLIENT_SECURE_CONNECTION
//                  string<NUL>             otherwise
//   string<NUL> database
//   int<2>      character_set  (absent from very old clients)
//   string<NUL> client_plugin_name                     with CLIENT_PLUGIN_AUTH
//   int<lenenc> + pairs of string<lenenc>  attributes  with CLIENT_CONNECT_ATTRS

import { Capability } from '../constants/capabilities.js';
import { Command } from '../constants/commands.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import { MalformedPacketError } from '../protocol-error.js';
import type { HandshakeResponse41 } from './handshake-response41.js';

/** Decoded into the shape of a handshake response, with the connection's capabilities. */
export function decodeChangeUser(
  reader: PayloadReader,
  capabilities: number,
  currentCollation: number,
): HandshakeResponse41 {
  reader.u8();
  const user = reader.nulTerminatedString();
  const authResponse =
    capabilities & Capability.SECURE_CONNECTION
      ? reader.bytes(reader.u8())
      : reader.nulTerminatedBytes();
  const database = reader.atEnd() ? '' : reader.nulTerminatedOrRestString();
  const collation = reader.remaining >= 2 ? reader.u16() : currentCollation;
  let authPluginName = '';
  if (capabilities & Capability.PLUGIN_AUTH && !reader.atEnd()) {
    authPluginName = reader.nulTerminatedOrRestString();
  }
  const attributes = new Map<string, string>();
  if (capabilities & Capability.CONNECT_ATTRS && !reader.atEnd()) {
    const end = reader.pos + reader.lenencInt();
    if (end > reader.end) throw new MalformedPacketError();
    while (reader.pos < end) attributes.set(reader.lenencString(), reader.lenencString());
  }
  return {
    capabilities,
    maxPacketBytes: 0,
    collation,
    user,
    authResponse: Buffer.from(authResponse),
    database: database === '' ? null : database,
    authPluginName,
    attributes,
  };
}

/** Client side (tests): with SECURE_CONNECTION and PLUGIN_AUTH. */
export function encodeChangeUser(
  writer: PacketWriter,
  user: string,
  authResponse: Buffer,
  database: string,
  collation: number,
  pluginName: string,
): void {
  writer.startPacket();
  writer.u8(Command.CHANGE_USER);
  writer.nulString(user);
  writer.u8(authResponse.length);
  writer.bytes(authResponse);
  writer.nulString(database);
  writer.u16(collation);
  writer.nulString(pluginName);
  writer.finishPacket();
}
