import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Capability } from '../../src/server/constants/capabilities.js';
import { PacketWriter } from '../../src/server/packet-writer.js';
import { decodeChangeUser, encodeChangeUser } from '../../src/server/packets/change-user.js';
import { decodeAuthMoreData, encodeAuthMoreData } from '../../src/server/packets/auth-more-data.js';
import {
  decodeAuthSwitchRequest,
  encodeAuthSwitchRequest,
} from '../../src/server/packets/auth-switch-request.js';
import {
  decodeColumnDefinition,
  encodeColumnDefinition,
} from '../../src/server/packets/column-definition41.js';
import { decodeEof, encodeEndOfRows, encodeEof } from '../../src/server/packets/eof.js';
import { decodeErr, encodeErr } from '../../src/server/packets/err.js';
import {
  decodeHandshakeResponse41,
  encodeHandshakeResponse41,
} from '../../src/server/packets/handshake-response41.js';
import { decodeHandshakeV10, encodeHandshakeV10 } from '../../src/server/packets/handshake-v10.js';
import { decodeOk, encodeOk } from '../../src/server/packets/ok.js';
import {
  decodeSslRequest,
  encodeSslRequest,
  isSslRequest,
} from '../../src/server/packets/ssl-request.js';
import {
  decodeStmtPrepareOk,
  encodeStmtPrepareOk,
} from '../../src/server/packets/stmt-prepare-ok.js';
import { PayloadReader } from '../../src/server/payload-reader.js';
import { MalformedPacketError } from '../../src/server/protocol-error.js';
import { column, ColumnType } from './fixture/columns.js';

function payload(write: (writer: PacketWriter) => void): PayloadReader {
  const writer = new PacketWriter();
  writer.begin(0);
  write(writer);
  const bytes = Buffer.from(writer.take().subarray(4));
  return new PayloadReader().reset(bytes, 0, bytes.length);
}

describe('packets', () => {
  it('OK round-trips affected rows, last insert id (past 2^53 as bigint), status, warnings and info', () => {
    const ok = decodeOk(payload((w) => encodeOk(w, 300, 70000n, 0x0003, 2, 'Records: 3')));
    assert.deepEqual(ok, {
      header: 0,
      affectedRows: 300,
      lastInsertId: 70000,
      statusFlags: 3,
      warnings: 2,
      info: 'Records: 3',
    });
  });

  it('ERR carries the SQLSTATE after #, or omits it before the client said PROTOCOL_41', () => {
    assert.deepEqual(decodeErr(payload((w) => encodeErr(w, 1045, '28000', 'Access denied'))), {
      errno: 1045,
      sqlState: '28000',
      message: 'Access denied',
    });
    const bare = decodeErr(payload((w) => encodeErr(w, 1040, null, 'Too many connections')));
    assert.deepEqual(bare, { errno: 1040, sqlState: null, message: 'Too many connections' });
  });

  it('EOF is five bytes; under DEPRECATE_EOF the end of rows is an OK headed 0xFE', () => {
    const eof = payload((w) => encodeEof(w, 1, 0x22));
    assert.equal(eof.remaining, 5);
    assert.deepEqual(decodeEof(eof), { warnings: 1, statusFlags: 0x22 });
    const ok = payload((w) => encodeEndOfRows(w, true, 0, 2));
    assert.equal(ok.buf[0], 0xfe);
    assert.ok(ok.remaining < 9);
  });

  it('ColumnDefinition41 round-trips every field', () => {
    const definition = column('name', ColumnType.VAR_STRING, {
      table: 'people',
      columnLength: 1020,
      flags: 1,
    });
    assert.deepEqual(
      decodeColumnDefinition(payload((w) => encodeColumnDefinition(w, definition))),
      definition,
    );
  });

  it('HandshakeV10 carries the 20-byte scramble in two parts and the plugin name', () => {
    const scramble = Buffer.from('abcdefghijklmnopqrst');
    const greeting = {
      serverVersion: '8.0.36-test',
      connectionId: 42,
      scramble,
      capabilities: Capability.PROTOCOL_41 | Capability.PLUGIN_AUTH | Capability.DEPRECATE_EOF,
      collation: 45,
      statusFlags: 2,
      authPluginName: 'caching_sha2_password',
    };
    assert.deepEqual(decodeHandshakeV10(payload((w) => encodeHandshakeV10(w, greeting))), greeting);
  });

  it('HandshakeResponse41 round-trips with database, plugin and connection attributes', () => {
    const response = {
      capabilities:
        Capability.PROTOCOL_41 |
        Capability.SECURE_CONNECTION |
        Capability.PLUGIN_AUTH |
        Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA |
        Capability.CONNECT_WITH_DB |
        Capability.CONNECT_ATTRS,
      maxPacketBytes: 1 << 24,
      collation: 255,
      user: 'üser',
      authResponse: Buffer.alloc(32, 9),
      database: 'db',
      authPluginName: 'caching_sha2_password',
      attributes: new Map([
        ['_client_name', 'test'],
        ['long', 'v'.repeat(300)],
      ]),
    };
    assert.deepEqual(
      decodeHandshakeResponse41(payload((w) => encodeHandshakeResponse41(w, response))),
      response,
    );
  });

  it('HandshakeResponse41 without PLUGIN_AUTH_LENENC reads a one-byte auth length', () => {
    const response = {
      capabilities: Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION,
      maxPacketBytes: 0,
      collation: 8,
      user: 'root',
      authResponse: Buffer.alloc(20, 1),
      database: null,
      authPluginName: '',
      attributes: new Map<string, string>(),
    };
    assert.deepEqual(
      decodeHandshakeResponse41(payload((w) => encodeHandshakeResponse41(w, response))),
      response,
    );
  });

  it('a truncated HandshakeResponse41 is malformed', () => {
    const reader = payload((w) => {
      w.u32(Capability.PROTOCOL_41);
      w.u32(0);
      w.u8(8);
    });
    assert.throws(() => decodeHandshakeResponse41(reader), MalformedPacketError);
  });

  it('SSLRequest is the 32-byte fixed part with CLIENT_SSL', () => {
    const request = {
      capabilities: Capability.PROTOCOL_41 | Capability.SSL,
      maxPacketBytes: 16,
      collation: 45,
    };
    const reader = payload((w) => encodeSslRequest(w, request));
    assert.equal(isSslRequest(reader.buf, reader.pos, reader.end), true);
    assert.deepEqual(decodeSslRequest(reader), request);
  });

  it('AuthSwitchRequest and AuthMoreData round-trip', () => {
    const scramble = Buffer.from('abcdefghijklmnopqrst');
    const request = decodeAuthSwitchRequest(
      payload((w) => encodeAuthSwitchRequest(w, 'mysql_native_password', scramble)),
    );
    assert.equal(request.pluginName, 'mysql_native_password');
    assert.deepEqual(request.pluginData, Buffer.concat([scramble, Buffer.from([0])]));
    assert.deepEqual(
      decodeAuthMoreData(payload((w) => encodeAuthMoreData(w, Buffer.from([4])))),
      Buffer.from([4]),
    );
  });

  it('COM_CHANGE_USER decodes into a handshake response with the connection’s capabilities', () => {
    const capabilities =
      Capability.PROTOCOL_41 | Capability.SECURE_CONNECTION | Capability.PLUGIN_AUTH;
    const decoded = decodeChangeUser(
      payload((w) =>
        encodeChangeUser(w, 'bob', Buffer.alloc(20, 3), 'shop', 224, 'mysql_native_password'),
      ),
      capabilities,
      45,
    );
    assert.equal(decoded.user, 'bob');
    assert.deepEqual(decoded.authResponse, Buffer.alloc(20, 3));
    assert.equal(decoded.database, 'shop');
    assert.equal(decoded.collation, 224);
    assert.equal(decoded.authPluginName, 'mysql_native_password');
    assert.equal(decoded.capabilities, capabilities);
  });

  it('COM_STMT_PREPARE_OK round-trips', () => {
    const ok = { statementId: 7, columnCount: 3, paramCount: 2, warnings: 1 };
    assert.deepEqual(decodeStmtPrepareOk(payload((w) => encodeStmtPrepareOk(w, ok))), ok);
  });
});
