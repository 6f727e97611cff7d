import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  ByteWriter,
  readBytes,
  readDecimal,
  readFloat64,
  readInt64,
  readUint64,
  writeBytes,
  writeDecimal,
  writeFloat64,
  writeInt64,
  writeUint64,
} from '../../src/codec/index.js';
import type { DecimalParts } from '../../src/codec/index.js';
import { seededRandom } from './seeded-random.js';
import type { Random } from './seeded-random.js';

const SAMPLES = 2000;

function encodeWith(write: (w: ByteWriter) => void): Buffer {
  const writer = new ByteWriter(4);
  write(writer);
  return writer.toBuffer();
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Asserts that byte order of encodings equals the order the comparator gives the values. */
function assertOrderPreserved<T>(
  values: T[],
  encode: (v: T) => Buffer,
  compare: (a: T, b: T) => number,
  show: (v: T) => string,
): void {
  const encoded = values.map((v) => ({ v, key: encode(v) }));
  encoded.sort((a, b) => Buffer.compare(a.key, b.key));
  for (let i = 1; i < encoded.length; i++) {
    const a = encoded[i - 1]!;
    const b = encoded[i]!;
    assert.equal(
      sign(Buffer.compare(a.key, b.key)),
      sign(compare(a.v, b.v)),
      `order of ${show(a.v)} and ${show(b.v)}`,
    );
  }
}

function randomInt64(random: Random): bigint {
  const bits = random.int(0, 63);
  const magnitude =
    BigInt(Math.floor(random.next() * 2 ** 31)) * 2n ** BigInt(Math.max(0, bits - 31));
  return random.next() < 0.5 ? -magnitude : magnitude;
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function randomDecimal(random: Random): DecimalParts {
  const digits = random.int(1, 30);
  let text = '';
  for (let i = 0; i < digits; i++) text += String(random.int(0, 9));
  const unscaled = BigInt(text) * (random.next() < 0.4 ? -1n : 1n);
  return { unscaled, scale: random.int(0, 12) };
}

function compareDecimal(a: DecimalParts, b: DecimalParts): number {
  const scale = Math.max(a.scale, b.scale);
  return compareBig(
    a.unscaled * 10n ** BigInt(scale - a.scale),
    b.unscaled * 10n ** BigInt(scale - b.scale),
  );
}

describe('memcomparable int64', () => {
  it('round-trips the extremes and zero', () => {
    for (const v of [
      0,
      -1,
      1,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      -(2n ** 63n),
      2n ** 63n - 1n,
    ]) {
      const key = encodeWith((w) => writeInt64(w, v));
      assert.equal(BigInt(readInt64(key, 0)), BigInt(v));
    }
  });

  it('encodes numbers and bigints of the same value to the same bytes', () => {
    for (const v of [0, -5, 123456789012, -(2 ** 40)]) {
      assert.deepEqual(
        encodeWith((w) => writeInt64(w, v)),
        encodeWith((w) => writeInt64(w, BigInt(v))),
      );
    }
  });

  it('sorts encodings in value order for random int64s', () => {
    const random = seededRandom('int64 order');
    const values = Array.from({ length: SAMPLES }, () => randomInt64(random));
    assertOrderPreserved(values, (v) => encodeWith((w) => writeInt64(w, v)), compareBig, String);
  });
});

describe('memcomparable uint64', () => {
  it('round-trips and sorts random uint64s', () => {
    const random = seededRandom('uint64 order');
    const values = Array.from({ length: SAMPLES }, () => {
      const v = randomInt64(random);
      return v < 0n ? -v : v;
    });
    values.push(2n ** 64n - 1n, 0n);
    for (const v of values) {
      assert.equal(
        BigInt(
          readUint64(
            encodeWith((w) => writeUint64(w, v)),
            0,
          ),
        ),
        v,
      );
    }
    assertOrderPreserved(values, (v) => encodeWith((w) => writeUint64(w, v)), compareBig, String);
  });
});

describe('memcomparable float64', () => {
  it('sorts negative, zero and positive doubles and infinities in numeric order', () => {
    const random = seededRandom('float64 order');
    const values = [-Infinity, Infinity, 0, -0, Number.MIN_VALUE, -Number.MIN_VALUE];
    for (let i = 0; i < SAMPLES; i++) {
      values.push((random.next() - 0.5) * 10 ** random.int(-300, 300));
    }
    assertOrderPreserved(
      values,
      (v) => encodeWith((w) => writeFloat64(w, v)),
      (a, b) => a - b,
      String,
    );
    for (const v of values) {
      assert.equal(
        readFloat64(
          encodeWith((w) => writeFloat64(w, v)),
          0,
        ),
        v === 0 ? 0 : v,
      );
    }
  });

  it('encodes -0 and +0 identically', () => {
    assert.deepEqual(
      encodeWith((w) => writeFloat64(w, -0)),
      encodeWith((w) => writeFloat64(w, 0)),
    );
  });
});

describe('memcomparable bytes', () => {
  it('writes 8-byte groups with a marker counting the padding', () => {
    const key = encodeWith((w) => writeBytes(w, Buffer.from('abc')));
    assert.deepEqual([...key], [0x61, 0x62, 0x63, 0, 0, 0, 0, 0, 0xff - 5]);
    const eight = encodeWith((w) => writeBytes(w, Buffer.from('abcdefgh')));
    assert.equal(eight.length, 18);
    assert.equal(eight[8], 0xff);
    assert.equal(eight[17], 0xff - 8);
  });

  it('sorts random byte strings (including prefixes and zero bytes) bytewise', () => {
    const random = seededRandom('bytes order');
    const values: Buffer[] = [Buffer.alloc(0)];
    for (let i = 0; i < SAMPLES; i++) {
      const length = random.int(0, 20);
      const alphabet = [0, 1, 0x61, 0x62, 0xfe, 0xff];
      values.push(Buffer.from(Array.from({ length }, () => random.pick(alphabet))));
    }
    assertOrderPreserved(
      values,
      (v) => encodeWith((w) => writeBytes(w, v)),
      Buffer.compare,
      (v) => v.toString('hex'),
    );
    for (const v of values) {
      const key = encodeWith((w) => writeBytes(w, v));
      const { data, next } = readBytes(key, 0);
      assert.deepEqual(data, v);
      assert.equal(next, key.length);
    }
  });
});

describe('memcomparable decimal', () => {
  it('encodes equal values with different scales identically', () => {
    assert.deepEqual(
      encodeWith((w) => writeDecimal(w, { unscaled: 15n, scale: 1 })),
      encodeWith((w) => writeDecimal(w, { unscaled: 1500n, scale: 3 })),
    );
  });

  it('sorts random decimals in numeric order and round-trips their value', () => {
    const random = seededRandom('decimal order');
    const values = Array.from({ length: SAMPLES }, () => randomDecimal(random));
    values.push(
      { unscaled: 0n, scale: 0 },
      { unscaled: 1n, scale: 30 },
      { unscaled: -1n, scale: 30 },
    );
    assertOrderPreserved(
      values,
      (v) => encodeWith((w) => writeDecimal(w, v)),
      compareDecimal,
      (v) => `${v.unscaled}e-${v.scale}`,
    );
    for (const v of values) {
      const key = encodeWith((w) => writeDecimal(w, v));
      const { value, next } = readDecimal(key, 0);
      assert.equal(compareDecimal(value, v), 0, `${v.unscaled}e-${v.scale}`);
      assert.equal(next, key.length);
    }
  });
});
