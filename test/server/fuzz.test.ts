// Sends at least 10,000 random and mutated packets over many connections and checks that every
// one gets a well-formed answer (or, for a broken stream, the close of that connection alone),
// and that a normal client still gets correct answers afterwards. Replay a run with
// FUZZ_SEED=<seed printed below>.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { Capability } from '../../src/server/constants/capabilities.js';
import { Command } from '../../src/server/constants/commands.js';
import { ColumnType } from '../../src/server/constants/column-types.js';
import { PacketWriter } from '../../src/server/packet-writer.js';
import { encodeChangeUser } from '../../src/server/packets/change-user.js';
import { encodeStmtExecute } from '../../src/server/packets/stmt-execute.js';
import { Collation } from '../../src/server/constants/charsets.js';
import { FixtureSqlService, SBTEST_C_VALUE } from './fixture/fixture-service.js';
import { connect, startServer } from './fixture/harness.js';
import type { RunningServer } from './fixture/harness.js';
import { Random, seedFrom } from './fixture/random.js';
import { CLIENT_CAPABILITIES, handshakeResponse, RawClient } from './fixture/raw-client.js';
import { ResponseChecker } from './fixture/response-shapes.js';

const SEED = seedFrom('FUZZ_SEED');
const COMMAND_PACKETS = 10_000;
const HANDSHAKE_PACKETS = 600;
const WORKERS = 16;
const PACKETS_PER_CONNECTION = 120;
const MAX_ALLOWED_PACKET = 256 * 1024;
/** Payloads the server must answer; mutations start from these. */
const BOUNDARY_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xfb, 0xfc, 0xfd, 0xfe, 0xff];

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value >>> 0);
  return bytes;
}

function withCommand(code: number, body: Buffer | string = ''): Buffer {
  return Buffer.concat([Buffer.from([code]), Buffer.isBuffer(body) ? body : Buffer.from(body)]);
}

function executePayload(statementId: number): Buffer {
  const writer = new PacketWriter();
  writer.begin(0);
  const int = Buffer.alloc(4);
  int.writeInt32LE(7);
  encodeStmtExecute(writer, {
    statementId,
    flags: 0,
    newParamsBound: true,
    params: [
      { type: ColumnType.LONG, unsigned: false, value: int },
      { type: ColumnType.VAR_STRING, unsigned: false, value: Buffer.from([3, 0x61, 0x62, 0x63]) },
    ],
  });
  return Buffer.from(writer.take().subarray(4));
}

function changeUserPayload(): Buffer {
  const writer = new PacketWriter();
  writer.begin(0);
  encodeChangeUser(
    writer,
    'root',
    Buffer.alloc(0),
    'test',
    Collation.UTF8MB4_GENERAL_CI,
    'mysql_native_password',
  );
  return Buffer.from(writer.take().subarray(4));
}

const CORPUS: readonly Buffer[] = [
  withCommand(Command.QUERY, 'SELECT 1'),
  withCommand(Command.QUERY, 'SELECT * FROM types'),
  withCommand(Command.QUERY, 'INSERT INTO t VALUES (1)'),
  withCommand(Command.QUERY, 'SELECT seq FROM numbers LIMIT 5'),
  withCommand(Command.QUERY, 'BEGIN'),
  withCommand(Command.QUERY, 'COMMIT'),
  withCommand(Command.QUERY, 'SELECT 1; DO 1'),
  withCommand(Command.PING),
  withCommand(Command.STATISTICS),
  withCommand(Command.INIT_DB, 'test'),
  withCommand(Command.FIELD_LIST, 'types\0d%'),
  withCommand(Command.SET_OPTION, Buffer.from([0, 0])),
  withCommand(Command.SET_OPTION, Buffer.from([1, 0])),
  withCommand(Command.RESET_CONNECTION),
  withCommand(Command.STMT_PREPARE, 'SELECT ?, ?'),
  withCommand(Command.STMT_PREPARE, 'SELECT * FROM types'),
  executePayload(1),
  executePayload(2),
  withCommand(Command.STMT_EXECUTE, Buffer.concat([u32(2), Buffer.from([0]), u32(1)])),
  withCommand(
    Command.STMT_SEND_LONG_DATA,
    Buffer.concat([u32(1), Buffer.from([1, 0]), Buffer.from('long')]),
  ),
  withCommand(Command.STMT_RESET, u32(1)),
  withCommand(Command.STMT_CLOSE, u32(3)),
  withCommand(Command.STMT_FETCH, Buffer.concat([u32(1), u32(1)])),
  withCommand(Command.PROCESS_KILL, u32(123456)),
  changeUserPayload(),
];

function mutate(random: Random, original: Buffer): Buffer {
  const packet = Buffer.from(original);
  switch (random.below(8)) {
    case 0: {
      for (let flips = 1 + random.below(8); flips > 0 && packet.length > 0; flips--) {
        packet[random.below(packet.length)]! ^= 1 << random.below(8);
      }
      return packet;
    }
    case 1:
      return packet.subarray(0, random.below(packet.length + 1));
    case 2:
      return Buffer.concat([packet, random.bytes(1 + random.below(64))]);
    case 3:
      if (packet.length > 0) packet[random.below(packet.length)] = random.pick(BOUNDARY_BYTES);
      return packet;
    case 4:
      if (packet.length > 0) packet[0] = random.below(256);
      return packet;
    case 5:
      return random.bytes(random.below(200));
    case 6: {
      const at = random.below(packet.length + 1);
      return Buffer.concat([packet.subarray(0, at), packet.subarray(at / 2), packet.subarray(at)]);
    }
    default:
      return packet;
  }
}

/** A way of breaking the framing itself; the connection must end (with or without an ERR). */
type FramingFault = 'sequence' | 'short' | 'oversized' | 'garbage';

function framed(payload: Buffer, sequenceId: number, declaredLength = payload.length): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(declaredLength, 0, 3);
  header[3] = sequenceId;
  return Buffer.concat([header, payload]);
}

class FuzzRun {
  commandPackets = 0;
  handshakePackets = 0;
  readonly outcomes = new Map<string, number>();
  closesByFault = 0;

  constructor(
    private readonly random: Random,
    private readonly port: number,
  ) {}

  private count(outcome: string): void {
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  private fail(message: string, packet: Buffer): never {
    throw new Error(
      `${message} (FUZZ_SEED=${SEED}, packet ${packet.toString('hex').slice(0, 400)})`,
    );
  }

  /** One connection: log in, then fuzzed commands each followed by a COM_PING. */
  async commandConnection(): Promise<void> {
    const random = this.random;
    const deprecateEof = random.chance(0.5);
    const capabilities = CLIENT_CAPABILITIES | (deprecateEof ? Capability.DEPRECATE_EOF : 0);
    const client = await RawClient.login(this.port, { capabilities });
    const checker = new ResponseChecker(client, deprecateEof);
    try {
      for (let i = 0; i < PACKETS_PER_CONNECTION && this.commandPackets < COMMAND_PACKETS; i++) {
        this.commandPackets++;
        if (random.chance(0.01)) {
          await this.breakFraming(
            client,
            random.pick<FramingFault>(['sequence', 'short', 'oversized', 'garbage']),
          );
          return;
        }
        const payload = random.chance(0.15)
          ? Buffer.from(random.pick(CORPUS))
          : mutate(random, random.pick(CORPUS));
        client.send(payload, 0);
        const outcome = await checker.response(payload);
        this.count(outcome);
        if (outcome === 'closed') {
          // COM_QUIT ends the connection; so does a COM_CHANGE_USER whose credentials fail.
          if (payload[0] !== Command.QUIT && payload[0] !== Command.CHANGE_USER) {
            this.fail('connection closed after a well-framed packet', payload);
          }
          return;
        }
        if (outcome === 'auth') return;
        client.command(Command.PING);
        const ping = await checker.response(Buffer.from([Command.PING]));
        if (ping !== 'ok') this.fail(`COM_PING after the packet answered '${ping}'`, payload);
      }
    } finally {
      client.close();
    }
  }

  private async breakFraming(client: RawClient, fault: FramingFault): Promise<void> {
    const payload = withCommand(Command.QUERY, 'SELECT 1');
    switch (fault) {
      case 'sequence':
        client.sendRaw(framed(payload, 1 + this.random.below(255)));
        break;
      case 'short':
        client.sendRaw(framed(payload, 0, payload.length + 1 + this.random.below(1000)));
        break;
      case 'oversized':
        client.sendRaw(framed(payload, 0, MAX_ALLOWED_PACKET + 1 + this.random.below(1000)));
        break;
      case 'garbage':
        client.sendRaw(this.random.bytes(1 + this.random.below(300)));
        client.close();
        return;
    }
    for (;;) {
      const packet = await client.readPacket(6000);
      if (packet === null) break;
      if (packet.payload[0] !== 0xff)
        this.fail(`answer other than ERR to a ${fault} framing fault`, payload);
    }
    if (!client.isClosed) this.fail(`connection left open after a ${fault} framing fault`, payload);
    this.closesByFault++;
  }

  /** A fresh connection whose handshake response is mutated. */
  async handshakeConnection(): Promise<void> {
    this.handshakePackets++;
    const random = this.random;
    const client = await RawClient.open(this.port);
    try {
      await client.readGreeting();
      const valid = handshakeResponse(CLIENT_CAPABILITIES, 'root', Buffer.alloc(0));
      const payload = mutate(random, valid);
      client.send(payload, 1);
      const answer = await client.readPacket(6000);
      if (answer === null) return;
      const header = answer.payload[0];
      if (header === 0xff) {
        this.count('handshake-error');
        if ((await client.readPacket(3000)) !== null)
          this.fail('connection kept after a handshake ERR', payload);
      } else if (header === 0x00) {
        this.count('handshake-ok');
        client.command(Command.PING);
        const ping = await client.readPacket();
        if (ping === null || ping.payload[0] !== 0x00)
          this.fail('COM_PING failed after a fuzzed login', payload);
      } else if (header === 0xfe || header === 0x01) {
        this.count('handshake-continues');
      } else {
        this.fail(`unexpected handshake answer 0x${header?.toString(16)}`, payload);
      }
    } finally {
      client.close();
    }
  }
}

describe('protocol fuzzing', () => {
  let running: RunningServer;

  before(async () => {
    running = await startServer(
      { net_read_timeout: 1, connect_timeout: 3, max_allowed_packet: MAX_ALLOWED_PACKET },
      new FixtureSqlService(undefined, { allowKill: false }),
    );
  });

  after(async () => {
    await running.close();
  });

  it(`answers ${COMMAND_PACKETS + HANDSHAKE_PACKETS} random and mutated packets (seed ${SEED})`, async (t) => {
    t.diagnostic(`FUZZ_SEED=${SEED}`);
    const run = new FuzzRun(new Random(SEED), running.port);
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (run.commandPackets < COMMAND_PACKETS) await run.commandConnection();
        while (run.handshakePackets < HANDSHAKE_PACKETS) await run.handshakeConnection();
      }),
    );
    t.diagnostic(
      `outcomes ${JSON.stringify(Object.fromEntries(run.outcomes))}, framing faults ${run.closesByFault}`,
    );
    assert.ok(run.commandPackets >= COMMAND_PACKETS);
    assert.ok((run.outcomes.get('error') ?? 0) > 0);
  });

  it('still answers a normal client correctly afterwards', async () => {
    const client = await connect(running);
    const [text] = (await client.query('SELECT 1')) as [RowDataPacket[], unknown];
    const [prepared] = (await client.execute('SELECT c FROM sbtest1 WHERE id=?', [1])) as [
      RowDataPacket[],
      unknown,
    ];
    await client.end();
    assert.deepEqual(text, [{ 1: 1 }]);
    assert.deepEqual(prepared, [{ c: SBTEST_C_VALUE }]);
  });
});
