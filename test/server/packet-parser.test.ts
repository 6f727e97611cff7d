import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ER } from '../../src/server/constants/error-codes.js';
import type { ErrorSpec } from '../../src/server/constants/error-codes.js';
import { MAX_PACKET_PAYLOAD_BYTES } from '../../src/server/constants/protocol.js';
import { PacketParser } from '../../src/server/packet-parser.js';

interface Delivered {
  payload: Buffer;
  firstSequenceId: number;
  sequenceId: number;
}

function collector(maxPayloadBytes = 64 * 1024 * 1024, stopAfter = Infinity) {
  const packets: Delivered[] = [];
  const errors: ErrorSpec[] = [];
  const parser = new PacketParser(
    {
      onPacket: (buf, start, end, firstSequenceId, sequenceId) => {
        packets.push({
          payload: Buffer.from(buf.subarray(start, end)),
          firstSequenceId,
          sequenceId,
        });
        return packets.length < stopAfter;
      },
      onFramingError: (spec) => errors.push(spec),
    },
    maxPayloadBytes,
  );
  return { parser, packets, errors };
}

function frame(payload: Buffer, sequenceId: number): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequenceId;
  return Buffer.concat([header, payload]);
}

describe('PacketParser', () => {
  it('delivers a packet that arrives whole', () => {
    const { parser, packets } = collector();
    parser.push(frame(Buffer.from('\x03SELECT 1'), 0));
    assert.deepEqual(packets, [
      { payload: Buffer.from('\x03SELECT 1'), firstSequenceId: 0, sequenceId: 0 },
    ]);
  });

  it('delivers several packets from one chunk, in order', () => {
    const { parser, packets } = collector();
    parser.push(
      Buffer.concat([
        frame(Buffer.from('a'), 0),
        frame(Buffer.from('bb'), 1),
        frame(Buffer.alloc(0), 2),
      ]),
    );
    assert.deepEqual(
      packets.map((packet) => [packet.payload.toString(), packet.sequenceId]),
      [
        ['a', 0],
        ['bb', 1],
        ['', 2],
      ],
    );
  });

  it('reassembles a packet delivered one byte at a time', () => {
    const { parser, packets } = collector();
    const bytes = Buffer.concat([frame(Buffer.from('hello'), 3), frame(Buffer.from('world'), 4)]);
    for (const byte of bytes) parser.push(Buffer.from([byte]));
    assert.deepEqual(
      packets.map((packet) => packet.payload.toString()),
      ['hello', 'world'],
    );
    assert.equal(parser.pendingBytes, 0);
  });

  it('counts the bytes of a packet still arriving', () => {
    const { parser } = collector();
    parser.push(frame(Buffer.from('hello'), 0).subarray(0, 6));
    assert.equal(parser.pendingBytes, 6);
  });

  it('joins a payload split into 16 MiB - 1 parts', () => {
    const { parser, packets } = collector();
    const payload = Buffer.alloc(MAX_PACKET_PAYLOAD_BYTES + 10, 7);
    payload[payload.length - 1] = 9;
    parser.push(frame(payload.subarray(0, MAX_PACKET_PAYLOAD_BYTES), 0));
    parser.push(frame(payload.subarray(MAX_PACKET_PAYLOAD_BYTES), 1));
    assert.equal(packets.length, 1);
    assert.equal(packets[0]!.firstSequenceId, 0);
    assert.equal(packets[0]!.sequenceId, 1);
    assert.ok(packets[0]!.payload.equals(payload));
  });

  it('ends a payload of exactly 16 MiB - 1 with an empty part', () => {
    const { parser, packets } = collector();
    parser.push(frame(Buffer.alloc(MAX_PACKET_PAYLOAD_BYTES, 1), 0));
    assert.equal(packets.length, 0);
    parser.push(frame(Buffer.alloc(0), 1));
    assert.equal(packets[0]!.payload.length, MAX_PACKET_PAYLOAD_BYTES);
  });

  it('reports parts out of order as ER_NET_PACKETS_OUT_OF_ORDER', () => {
    const { parser, packets, errors } = collector();
    parser.push(frame(Buffer.alloc(MAX_PACKET_PAYLOAD_BYTES), 0));
    parser.push(frame(Buffer.from('x'), 5));
    assert.deepEqual(errors, [ER.NET_PACKETS_OUT_OF_ORDER]);
    assert.equal(packets.length, 0);
  });

  it('refuses an oversized packet from its header, before buffering the payload', () => {
    const { parser, packets, errors } = collector(1000);
    parser.push(Buffer.from([0xe9, 0x03, 0x00, 0x00, 0x41]));
    assert.deepEqual(errors, [ER.NET_PACKET_TOO_LARGE]);
    assert.equal(parser.pendingBytes, 0);
    parser.push(frame(Buffer.from('ignored'), 0));
    assert.equal(packets.length, 0);
  });

  it('accepts a packet of exactly max_allowed_packet', () => {
    const { parser, packets, errors } = collector(1000);
    parser.push(frame(Buffer.alloc(1000), 0));
    assert.equal(packets.length, 1);
    assert.equal(errors.length, 0);
  });

  it('stops after a packet when asked and keeps the bytes that followed', () => {
    const { parser, packets } = collector(1000, 1);
    parser.push(Buffer.concat([frame(Buffer.from('ssl'), 1), Buffer.from('TLS-BYTES')]));
    assert.equal(packets.length, 1);
    parser.push(Buffer.from('MORE'));
    assert.equal(parser.takeRemaining()!.toString(), 'TLS-BYTESMORE');
    parser.resume();
    parser.push(frame(Buffer.from('next'), 2));
    assert.equal(packets.at(-1)!.payload.toString(), 'next');
  });
});
