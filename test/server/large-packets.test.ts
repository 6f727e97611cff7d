import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { connect, startServer, waitFor } from './fixture/harness.js';
import type { RunningServer } from './fixture/harness.js';

const MIB = 1024 * 1024;
/** Larger than one packet's 16 MiB - 1 payload, so both directions split and join. */
const LARGE_BYTES = 17 * MIB;

describe('packets larger than 16 MiB', () => {
  let running: RunningServer;

  before(async () => {
    running = await startServer({ max_allowed_packet: 64 * MIB });
  });

  after(async () => {
    await running.close();
  });

  it('joins a client payload split over several packets', async () => {
    const client = await connect(running, { maxPreparedStatements: 1 });
    const [rows] = (await client.query(`SELECT LENGTH('${'y'.repeat(LARGE_BYTES)}')`)) as [
      RowDataPacket[],
      unknown,
    ];
    await client.end();
    assert.equal(Object.values(rows[0]!)[0], LARGE_BYTES);
  });

  it('splits a result row larger than one packet', async () => {
    const client = await connect(running);
    const [rows] = (await client.query(`SELECT REPEAT('z', ${LARGE_BYTES})`)) as [
      RowDataPacket[],
      unknown,
    ];
    await client.end();
    const value = Object.values(rows[0]!)[0] as Buffer;
    assert.equal(value.length, LARGE_BYTES);
    assert.equal(value.toString('latin1', LARGE_BYTES - 3), 'zzz');
  });

  it('accepts a prepared statement parameter larger than one packet', async () => {
    const client = await connect(running);
    const [rows] = (await client.execute('SELECT LENGTH(?)', ['p'.repeat(LARGE_BYTES)])) as [
      RowDataPacket[],
      unknown,
    ];
    await client.end();
    assert.equal(Object.values(rows[0]!)[0], LARGE_BYTES);
  });
});

describe('max_allowed_packet', () => {
  let running: RunningServer;

  before(async () => {
    running = await startServer({ max_allowed_packet: 1024 * 1024 });
  });

  after(async () => {
    await running.close();
  });

  it('rejects a larger packet with ER_NET_PACKET_TOO_LARGE and closes that connection', async () => {
    const client = await connect(running);
    await assert.rejects(
      client.query(`SELECT LENGTH('${'x'.repeat(2 * MIB)}')`),
      (error: { errno?: number; code?: string }) => {
        return (
          error.errno === 1153 ||
          error.code === 'ECONNRESET' ||
          error.code === 'PROTOCOL_CONNECTION_LOST'
        );
      },
    );
    await waitFor(() => running.server.connectionStates().length === 0);
  });

  it('refuses on the packet header alone, before the payload arrives', async () => {
    const socket = net.connect(running.port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk) => received.push(chunk));
    await new Promise((resolve) => socket.once('data', resolve));
    const header = Buffer.from([0xff, 0xff, 0x7f, 1]);
    socket.write(header);
    await new Promise((resolve) => socket.once('close', resolve));
    const all = Buffer.concat(received);
    const greetingLength = all.readUIntLE(0, 3) + 4;
    const errorPacket = all.subarray(greetingLength);
    assert.equal(errorPacket[4], 0xff);
    assert.equal(errorPacket.readUInt16LE(5), 1153);
  });

  it('keeps serving other clients', async () => {
    const client = await connect(running);
    const [rows] = (await client.query('SELECT 1')) as [RowDataPacket[], unknown];
    await client.end();
    assert.equal(rows.length, 1);
  });
});
