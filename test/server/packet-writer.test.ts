import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PACKET_PAYLOAD_BYTES } from '../../src/server/constants/protocol.js';
import { PacketWriter } from '../../src/server/packet-writer.js';
import { PayloadReader } from '../../src/server/payload-reader.js';

function packet(writer: PacketWriter, body: (writer: PacketWriter) => void): void {
  writer.startPacket();
  body(writer);
  writer.finishPacket();
}

function payloadOf(writer: PacketWriter): Buffer {
  return Buffer.from(writer.take().subarray(4));
}

describe('PacketWriter', () => {
  it('frames each packet with its length and the next sequence id', () => {
    const writer = new PacketWriter();
    writer.begin(1);
    packet(writer, (w) => w.string('ab'));
    packet(writer, (w) => w.u8(7));
    assert.deepEqual([...writer.take()], [2, 0, 0, 1, 0x61, 0x62, 1, 0, 0, 2, 7]);
  });

  it('wraps sequence ids after 255', () => {
    const writer = new PacketWriter();
    writer.begin(255);
    packet(writer, (w) => w.u8(1));
    packet(writer, (w) => w.u8(2));
    const out = writer.take();
    assert.equal(out[3], 255);
    assert.equal(out[8], 0);
  });

  it('encodes length-encoded integers at their boundaries', () => {
    const cases: Array<[number, number[]]> = [
      [250, [250]],
      [251, [0xfc, 251, 0]],
      [0xffff, [0xfc, 0xff, 0xff]],
      [0x10000, [0xfd, 0, 0, 1]],
      [0xffffff, [0xfd, 0xff, 0xff, 0xff]],
      [0x1000000, [0xfe, 0, 0, 0, 1, 0, 0, 0, 0]],
    ];
    for (const [value, bytes] of cases) {
      const writer = new PacketWriter();
      writer.begin(0);
      packet(writer, (w) => w.lenencInt(value));
      const payload = payloadOf(writer);
      assert.deepEqual([...payload], bytes, `lenenc ${value}`);
      assert.equal(new PayloadReader().reset(payload, 0, payload.length).lenencInt(), value);
    }
  });

  it('writes length-encoded strings of any length and script', () => {
    for (const text of [
      '',
      'abc',
      'é'.repeat(83),
      'é'.repeat(84),
      '✓'.repeat(100),
      'x'.repeat(70000),
      '😀 emoji',
    ]) {
      const writer = new PacketWriter();
      writer.begin(0);
      packet(writer, (w) => w.lenencString(text));
      const payload = payloadOf(writer);
      assert.equal(new PayloadReader().reset(payload, 0, payload.length).lenencString(), text);
    }
  });

  it('writes integers as length-encoded decimal text', () => {
    for (const value of [
      0,
      7,
      10,
      99,
      -1,
      -10,
      123456789,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
    ]) {
      const writer = new PacketWriter();
      writer.begin(0);
      packet(writer, (w) => w.lenencDecimalInteger(value));
      const payload = payloadOf(writer);
      assert.equal(
        new PayloadReader().reset(payload, 0, payload.length).lenencString(),
        String(value),
      );
    }
  });

  it('writes 64-bit integers as two’s complement', () => {
    const writer = new PacketWriter();
    writer.begin(0);
    packet(writer, (w) => {
      w.u64(-2);
      w.u64(Number.MAX_SAFE_INTEGER);
      w.u64Big(-9223372036854775808n);
      w.u64Big(18446744073709551615n);
    });
    const payload = payloadOf(writer);
    assert.equal(payload.readBigInt64LE(0), -2n);
    assert.equal(payload.readBigInt64LE(8), BigInt(Number.MAX_SAFE_INTEGER));
    assert.equal(payload.readBigInt64LE(16), -9223372036854775808n);
    assert.equal(payload.readBigUInt64LE(24), 18446744073709551615n);
  });

  it('splits a payload longer than 16 MiB - 1 into parts with consecutive sequence ids', () => {
    const writer = new PacketWriter();
    writer.begin(3);
    const payload = Buffer.alloc(MAX_PACKET_PAYLOAD_BYTES * 2 + 5, 0x41);
    packet(writer, (w) => w.bytes(payload));
    const out = writer.take();
    const headers: Array<[number, number]> = [];
    let at = 0;
    while (at < out.length) {
      const length = out.readUIntLE(at, 3);
      headers.push([length, out[at + 3]!]);
      at += 4 + length;
    }
    assert.deepEqual(headers, [
      [MAX_PACKET_PAYLOAD_BYTES, 3],
      [MAX_PACKET_PAYLOAD_BYTES, 4],
      [5, 5],
    ]);
    assert.equal(writer.sequenceId, 6);
  });

  it('follows a payload of exactly 16 MiB - 1 with an empty packet', () => {
    const writer = new PacketWriter();
    writer.begin(0);
    packet(writer, (w) => w.bytes(Buffer.alloc(MAX_PACKET_PAYLOAD_BYTES)));
    const out = writer.take();
    assert.equal(out.length, MAX_PACKET_PAYLOAD_BYTES + 8);
    assert.deepEqual([...out.subarray(out.length - 4)], [0, 0, 0, 1]);
  });

  it('renumbers precomputed packets from the current sequence id', () => {
    const source = new PacketWriter();
    source.begin(0);
    packet(source, (w) => w.u8(1));
    packet(source, (w) => w.u8(2));
    const framed = Buffer.from(source.take());
    const writer = new PacketWriter();
    writer.begin(9);
    writer.framedPackets(framed, Uint32Array.of(0, 5));
    const out = writer.take();
    assert.deepEqual([out[3], out[8]], [9, 10]);
    assert.equal(writer.sequenceId, 11);
  });

  it('drops a packet that was started but not finished', () => {
    const writer = new PacketWriter();
    writer.begin(0);
    packet(writer, (w) => w.u8(1));
    writer.startPacket();
    writer.string('partial');
    writer.discardOpenPacket();
    assert.equal(writer.take().length, 5);
  });

  it('leaves a taken buffer untouched once detached', () => {
    const writer = new PacketWriter(64);
    writer.begin(0);
    packet(writer, (w) => w.string('first'));
    const taken = writer.take();
    writer.detach();
    writer.begin(0);
    packet(writer, (w) => w.string('second'));
    assert.equal(taken.subarray(4).toString(), 'first');
  });
});
