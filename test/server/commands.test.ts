import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Capability } from '../../src/server/constants/capabilities.js';
import { Command, SetOption } from '../../src/server/constants/commands.js';
import { ColumnType } from '../../src/server/constants/column-types.js';
import { ServerStatus } from '../../src/server/constants/server-status.js';
import { PacketWriter } from '../../src/server/packet-writer.js';
import { decodeBinaryRow } from '../../src/server/packets/binary-row.js';
import { decodeEof } from '../../src/server/packets/eof.js';
import { decodeOk } from '../../src/server/packets/ok.js';
import { decodeStmtPrepareOk } from '../../src/server/packets/stmt-prepare-ok.js';
import { encodeStmtExecute } from '../../src/server/packets/stmt-execute.js';
import { decodeTextRow } from '../../src/server/packets/text-row.js';
import { PayloadReader } from '../../src/server/payload-reader.js';
import { startServer } from './fixture/harness.js';
import type { RunningServer } from './fixture/harness.js';
import { CLIENT_CAPABILITIES, errorOf, RawClient } from './fixture/raw-client.js';
import { ResponseReader } from './fixture/responses.js';

function reader(payload: Buffer): PayloadReader {
  return new PayloadReader().reset(payload, 0, payload.length);
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

async function prepare(
  client: RawClient,
  sql: string,
): Promise<{ statementId: number; paramCount: number }> {
  client.command(Command.STMT_PREPARE, Buffer.from(sql));
  const responses = new ResponseReader(client);
  const ok = decodeStmtPrepareOk(reader((await responses.next()).payload));
  const definitions =
    ok.paramCount + ok.columnCount + (ok.paramCount > 0 ? 1 : 0) + (ok.columnCount > 0 ? 1 : 0);
  for (let i = 0; i < definitions; i++) await responses.next();
  return ok;
}

function executePacket(
  statementId: number,
  params: Array<{ type: number; unsigned?: boolean; value: Buffer } | null>,
): Buffer {
  const writer = new PacketWriter();
  writer.begin(0);
  encodeStmtExecute(writer, {
    statementId,
    flags: 0,
    newParamsBound: true,
    params: params.map((param) => (param === null ? null : { unsigned: false, ...param })),
  });
  // Without the header and the command byte: RawClient.command adds the latter.
  return Buffer.from(writer.take().subarray(5));
}

describe('protocol commands', () => {
  let running: RunningServer;

  before(async () => {
    running = await startServer();
  });

  after(async () => {
    await running.close();
  });

  it('ends a result set with EOF packets for clients without CLIENT_DEPRECATE_EOF', async () => {
    const client = await RawClient.login(running.port);
    client.command(Command.QUERY, Buffer.from('SELECT 1'));
    const responses = new ResponseReader(client);
    const result = await responses.resultSet(await responses.next(), false);
    client.close();
    assert.equal(result.columns[0]!.type, ColumnType.LONGLONG);
    assert.deepEqual(decodeTextRow(reader(result.rows[0]!), 1), [Buffer.from('1')]);
    assert.equal(result.end.length, 5);
    assert.equal(
      decodeEof(reader(result.end)).statusFlags & ServerStatus.AUTOCOMMIT,
      ServerStatus.AUTOCOMMIT,
    );
  });

  it('ends a result set with an OK packet headed 0xFE under CLIENT_DEPRECATE_EOF', async () => {
    const client = await RawClient.login(running.port, {
      capabilities: CLIENT_CAPABILITIES | Capability.DEPRECATE_EOF,
    });
    client.command(Command.QUERY, Buffer.from('SELECT 1'));
    const responses = new ResponseReader(client);
    const result = await responses.resultSet(await responses.next(), true);
    client.close();
    assert.equal(result.rows.length, 1);
    const end = decodeOk(reader(result.end));
    assert.equal(end.header, 0xfe);
    assert.equal(end.statusFlags & ServerStatus.AUTOCOMMIT, ServerStatus.AUTOCOMMIT);
  });

  it('switches the default database with COM_INIT_DB', async () => {
    const client = await RawClient.login(running.port);
    client.command(Command.INIT_DB, Buffer.from('test'));
    const ok = await client.expectPacket();
    client.command(Command.INIT_DB, Buffer.from('nope'));
    const error = await client.expectPacket();
    client.close();
    assert.equal(ok.payload[0], 0x00);
    assert.equal(errorOf(error.payload).errno, 1049);
  });

  it('lists table columns with COM_FIELD_LIST', async () => {
    const client = await RawClient.login(running.port);
    client.command(Command.FIELD_LIST, Buffer.concat([Buffer.from('types\0'), Buffer.from('d%')]));
    const responses = new ResponseReader(client);
    const names: string[] = [];
    for (;;) {
      const packet = await responses.next();
      if (packet.payload[0] === 0xfe) break;
      const definition = reader(packet.payload);
      for (let i = 0; i < 4; i++) definition.lenencString();
      names.push(definition.lenencString());
    }
    client.close();
    assert.deepEqual(names, ['d', 'dec', 'day', 'dt']);
  });

  it('answers COM_STATISTICS with a status line', async () => {
    const client = await RawClient.login(running.port);
    client.command(Command.STATISTICS);
    const packet = await client.expectPacket();
    client.close();
    assert.match(
      packet.payload.toString(),
      /^Uptime: \d+ {2}Threads: \d+ {2}Questions: \d+ {2}Queries per second avg: [\d.]+$/,
    );
  });

  it('turns multi-statements on and off with COM_SET_OPTION', async () => {
    const client = await RawClient.login(running.port);
    const option = Buffer.alloc(2);
    option.writeUInt16LE(SetOption.MULTI_STATEMENTS_ON);
    client.command(Command.SET_OPTION, option);
    assert.equal((await client.expectPacket()).payload[0], 0xfe);
    client.command(Command.QUERY, Buffer.from('DO 1; DO 1'));
    const first = decodeOk(reader((await client.expectPacket()).payload));
    const second = decodeOk(reader((await client.expectPacket()).payload));
    client.close();
    assert.equal(
      first.statusFlags & ServerStatus.MORE_RESULTS_EXISTS,
      ServerStatus.MORE_RESULTS_EXISTS,
    );
    assert.equal(second.statusFlags & ServerStatus.MORE_RESULTS_EXISTS, 0);
  });

  it('rejects an unknown COM_SET_OPTION value', async () => {
    const client = await RawClient.login(running.port);
    client.command(Command.SET_OPTION, Buffer.from([9, 0]));
    const packet = await client.expectPacket();
    client.close();
    assert.equal(errorOf(packet.payload).errno, 1047);
  });

  it('answers an unknown command with ER_UNKNOWN_COM_ERROR and keeps the connection', async () => {
    const client = await RawClient.login(running.port);
    client.command(0x99);
    const error = await client.expectPacket();
    client.command(Command.PING);
    const ok = await client.expectPacket();
    client.close();
    assert.deepEqual(errorOf(error.payload), {
      errno: 1047,
      sqlState: '08S01',
      message: 'Unknown command',
    });
    assert.equal(ok.payload[0], 0x00);
  });

  it('answers an empty packet with ER_UNKNOWN_COM_ERROR', async () => {
    const client = await RawClient.login(running.port);
    client.send(Buffer.alloc(0), 0);
    const error = await client.expectPacket();
    client.close();
    assert.equal(errorOf(error.payload).errno, 1047);
  });

  it('answers a truncated command with ER_MALFORMED_PACKET and keeps the connection', async () => {
    const client = await RawClient.login(running.port);
    client.command(Command.STMT_EXECUTE, Buffer.from([1, 0]));
    const error = await client.expectPacket();
    client.command(Command.PING);
    const ok = await client.expectPacket();
    client.close();
    assert.equal(errorOf(error.payload).errno, 1835);
    assert.equal(ok.payload[0], 0x00);
  });

  it('closes the connection on a command packet with a non-zero sequence id', async () => {
    const client = await RawClient.login(running.port);
    client.send(Buffer.from([Command.PING]), 5);
    const error = await client.expectPacket();
    await client.closed;
    assert.equal(errorOf(error.payload).errno, 1156);
  });

  it('decodes binary parameters of every type', async () => {
    const client = await RawClient.login(running.port);
    const { statementId } = await prepare(
      client,
      'SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?',
    );
    const int = (bytes: number, value: number | bigint, signed = true) => {
      const buf = Buffer.alloc(bytes);
      if (bytes === 8) {
        if (signed) buf.writeBigInt64LE(BigInt(value));
        else buf.writeBigUInt64LE(BigInt(value));
      } else if (signed) buf.writeIntLE(Number(value), 0, bytes);
      else buf.writeUIntLE(Number(value), 0, bytes);
      return buf;
    };
    const float = Buffer.alloc(4);
    float.writeFloatLE(0.5);
    const lenenc = (text: string) =>
      Buffer.concat([Buffer.from([Buffer.byteLength(text)]), Buffer.from(text)]);
    const date = Buffer.from([4, 0xe8, 0x07, 5, 1]);
    const datetime = Buffer.from([11, 0xe8, 0x07, 5, 1, 12, 34, 56, 0x40, 0xe2, 0x01, 0x00]);
    const time = Buffer.from([8, 1, 1, 0, 0, 0, 2, 3, 4]);
    client.command(
      Command.STMT_EXECUTE,
      executePacket(statementId, [
        { type: ColumnType.TINY, value: int(1, -1) },
        { type: ColumnType.TINY, unsigned: true, value: int(1, 255, false) },
        { type: ColumnType.SHORT, value: int(2, -2) },
        { type: ColumnType.LONG, value: int(4, -3) },
        { type: ColumnType.LONGLONG, value: int(8, -9007199254740993n) },
        { type: ColumnType.LONGLONG, unsigned: true, value: int(8, 18446744073709551615n, false) },
        { type: ColumnType.FLOAT, value: float },
        { type: ColumnType.NEWDECIMAL, value: lenenc('3.14') },
        { type: ColumnType.DATE, value: date },
        { type: ColumnType.DATETIME, value: datetime },
        { type: ColumnType.TIME, value: time },
        { type: ColumnType.BLOB, value: lenenc('raw') },
        { type: ColumnType.VAR_STRING, value: lenenc('✓') },
        null,
      ]),
    );
    const responses = new ResponseReader(client);
    const result = await responses.resultSet(await responses.next(), false);
    client.close();
    const values = decodeBinaryRow(reader(result.rows[0]!), result.columns);
    assert.deepEqual(values, [
      -1,
      255,
      -2,
      -3,
      -9007199254740993n,
      18446744073709551615n,
      0.5,
      '3.14',
      '2024-05-01',
      '2024-05-01 12:34:56.123456',
      '-26:03:04',
      Buffer.from('raw'),
      '✓',
      null,
    ]);
  });

  it('reuses the parameter types of the previous execute when none are sent', async () => {
    const client = await RawClient.login(running.port);
    const { statementId } = await prepare(client, 'SELECT ?');
    const value = Buffer.alloc(4);
    value.writeInt32LE(41);
    client.command(
      Command.STMT_EXECUTE,
      executePacket(statementId, [{ type: ColumnType.LONG, value }]),
    );
    await new ResponseReader(client).resultSet(await client.expectPacket(), false);
    value.writeInt32LE(42);
    client.command(
      Command.STMT_EXECUTE,
      Buffer.concat([u32(statementId), Buffer.from([0]), u32(1), Buffer.from([0, 0]), value]),
    );
    const responses = new ResponseReader(client);
    const result = await responses.resultSet(await responses.next(), false);
    client.close();
    assert.deepEqual(decodeBinaryRow(reader(result.rows[0]!), result.columns), [42]);
  });

  it('assembles a parameter from COM_STMT_SEND_LONG_DATA pieces', async () => {
    const client = await RawClient.login(running.port);
    const { statementId } = await prepare(client, 'SELECT LENGTH(?)');
    const paramId = Buffer.from([0, 0]);
    client.command(
      Command.STMT_SEND_LONG_DATA,
      Buffer.concat([u32(statementId), paramId, Buffer.alloc(1000, 'a')]),
    );
    client.command(
      Command.STMT_SEND_LONG_DATA,
      Buffer.concat([u32(statementId), paramId, Buffer.alloc(234, 'b')]),
    );
    client.command(
      Command.STMT_EXECUTE,
      executePacket(statementId, [{ type: ColumnType.BLOB, value: Buffer.alloc(0) }]).subarray(
        0,
        13,
      ),
    );
    const responses = new ResponseReader(client);
    const result = await responses.resultSet(await responses.next(), false);
    client.close();
    assert.deepEqual(decodeBinaryRow(reader(result.rows[0]!), result.columns), [1234]);
  });

  it('drops long data on COM_STMT_RESET', async () => {
    const client = await RawClient.login(running.port);
    const { statementId } = await prepare(client, 'SELECT LENGTH(?)');
    client.command(
      Command.STMT_SEND_LONG_DATA,
      Buffer.concat([u32(statementId), Buffer.from([0, 0]), Buffer.alloc(10)]),
    );
    client.command(Command.STMT_RESET, u32(statementId));
    assert.equal((await client.expectPacket()).payload[0], 0x00);
    client.command(Command.STMT_EXECUTE, executePacket(statementId, [null]));
    const responses = new ResponseReader(client);
    const result = await responses.resultSet(await responses.next(), false);
    client.close();
    assert.deepEqual(decodeBinaryRow(reader(result.rows[0]!), result.columns), [null]);
  });

  it('reports long data for a parameter that does not exist at the next execute', async () => {
    const client = await RawClient.login(running.port);
    const { statementId } = await prepare(client, 'SELECT LENGTH(?)');
    client.command(
      Command.STMT_SEND_LONG_DATA,
      Buffer.concat([u32(statementId), Buffer.from([7, 0]), Buffer.alloc(10)]),
    );
    client.command(Command.STMT_EXECUTE, executePacket(statementId, [null]));
    const error = await client.expectPacket();
    client.close();
    assert.deepEqual(errorOf(error.payload), {
      errno: 1210,
      sqlState: 'HY000',
      message: 'Incorrect arguments to mysqld_stmt_execute',
    });
  });

  it('closes a statement with COM_STMT_CLOSE without answering', async () => {
    const client = await RawClient.login(running.port);
    const { statementId } = await prepare(client, 'SELECT ?');
    client.command(Command.STMT_CLOSE, u32(statementId));
    client.command(Command.STMT_EXECUTE, executePacket(statementId, [null]));
    const error = await client.expectPacket();
    client.close();
    assert.equal(errorOf(error.payload).errno, 1243);
  });

  it('answers COM_STMT_FETCH with ER_STMT_HAS_NO_OPEN_CURSOR', async () => {
    const client = await RawClient.login(running.port);
    const { statementId } = await prepare(client, 'SELECT 1');
    client.command(Command.STMT_FETCH, Buffer.concat([u32(statementId), u32(10)]));
    const error = await client.expectPacket();
    client.close();
    assert.equal(errorOf(error.payload).errno, 1421);
  });

  it('forgets prepared statements on COM_RESET_CONNECTION', async () => {
    const client = await RawClient.login(running.port);
    const { statementId } = await prepare(client, 'SELECT ?');
    client.command(Command.RESET_CONNECTION);
    assert.equal((await client.expectPacket()).payload[0], 0x00);
    client.command(Command.STMT_EXECUTE, executePacket(statementId, [null]));
    const error = await client.expectPacket();
    client.close();
    assert.equal(errorOf(error.payload).errno, 1243);
  });

  it('serves pipelined commands in order', async () => {
    const client = await RawClient.login(running.port);
    const writer = new PacketWriter();
    const commands = 40;
    for (let i = 0; i < commands; i++) {
      writer.begin(0);
      writer.startPacket();
      writer.u8(Command.QUERY);
      writer.string(i % 2 === 0 ? 'SELECT 1' : 'INSERT INTO t VALUES (1)');
      writer.finishPacket();
      client.sendRaw(Buffer.from(writer.take()));
    }
    const kinds: string[] = [];
    for (let i = 0; i < commands; i++) {
      const first = await client.expectPacket();
      if (first.payload[0] === 0x00) {
        kinds.push('ok');
      } else {
        await new ResponseReader(client).resultSet(first, false);
        kinds.push('rows');
      }
    }
    client.close();
    assert.deepEqual(
      kinds,
      Array.from({ length: commands }, (_, i) => (i % 2 === 0 ? 'rows' : 'ok')),
    );
  });

  it('closes the connection without a response on COM_QUIT', async () => {
    const client = await RawClient.login(running.port);
    client.command(Command.QUIT);
    await client.closed;
    assert.equal(await client.readPacket(10), null);
  });
});
