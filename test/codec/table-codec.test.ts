import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  ByteWriter,
  decodeRowKeyHandle,
  decodeTableId,
  indexPrefix,
  metaKey,
  metaRange,
  readKeyDatum,
  RowDecoder,
  RowEncoder,
  RowKeyEncoder,
  tableKeyRange,
  writeKeyDatum,
} from '../../src/codec/index.js';
import type { DecodeColumn, RowValue } from '../../src/codec/index.js';
import { seededRandom } from './seeded-random.js';

describe('row keys', () => {
  it('lay out as t{tableId}_r{handle} with memcomparable int64s', () => {
    const key = new RowKeyEncoder(5).encode(1);
    assert.equal(key.toString('hex'), '74' + '8000000000000005' + '5f72' + '8000000000000001');
  });

  it('sort by handle, negative handles first', () => {
    const encoder = new RowKeyEncoder(7);
    const handles = [-(2n ** 63n), -5, -1, 0, 1, 2 ** 40, 2n ** 63n - 1n];
    const keys = handles.map((h) => encoder.encode(h));
    const sorted = [...keys].sort(Buffer.compare);
    assert.deepEqual(sorted, keys);
    assert.deepEqual(keys.map(decodeRowKeyHandle).map(BigInt), handles.map(BigInt));
  });

  it('stay inside the table key range, before the table that follows', () => {
    const [start, end] = tableKeyRange(9);
    const row = new RowKeyEncoder(9).encode(2n ** 63n - 1n);
    const index = indexPrefix(9, 3);
    assert.ok(Buffer.compare(start, row) < 0 && Buffer.compare(row, end) < 0);
    assert.ok(Buffer.compare(start, index) < 0 && Buffer.compare(index, end) < 0);
    assert.equal(decodeTableId(row), 9);
    assert.deepEqual(new RowKeyEncoder(10).encode(-(2n ** 63n)).subarray(0, 9), end);
  });
});

describe('index key datums', () => {
  it('sort NULL before every value and round-trip each kind', () => {
    const writer = new ByteWriter();
    writeKeyDatum(writer, 'int', null);
    writeKeyDatum(writer, 'int', -3);
    writeKeyDatum(writer, 'uint', 2n ** 64n - 1n);
    writeKeyDatum(writer, 'float', 1.5);
    writeKeyDatum(writer, 'decimal', { unscaled: -1234n, scale: 2 });
    writeKeyDatum(writer, 'bytes', Buffer.from('hello world'));
    const key = writer.toBuffer();
    const read: unknown[] = [];
    for (let at = 0; at < key.length;) {
      const { value, next } = readKeyDatum(key, at);
      read.push(value);
      at = next;
    }
    assert.deepEqual(read, [
      null,
      -3,
      2n ** 64n - 1n,
      1.5,
      { unscaled: -1234n, scale: 2 },
      Buffer.from('hello world'),
    ]);
    const nullKey = new ByteWriter();
    writeKeyDatum(nullKey, 'int', null);
    const minKey = new ByteWriter();
    writeKeyDatum(minKey, 'int', -(2n ** 63n));
    assert.ok(Buffer.compare(nullKey.toBuffer(), minKey.toBuffer()) < 0);
  });
});

describe('meta keys', () => {
  it('group one kind of object under one prefix', () => {
    const [start, end] = metaRange('Table', 4);
    for (const id of [1, 2, 1000]) {
      const key = metaKey('Table', 4, id);
      assert.ok(Buffer.compare(start, key) <= 0 && Buffer.compare(key, end) < 0);
    }
    assert.ok(Buffer.compare(metaKey('Table', 5, 1), end) >= 0);
  });
});

describe('row values', () => {
  const columns = [
    { id: 1, kind: 'int' },
    { id: 2, kind: 'uint' },
    { id: 3, kind: 'float' },
    { id: 4, kind: 'decimal' },
    { id: 5, kind: 'string' },
    { id: 6, kind: 'bytes' },
  ] as const;
  const decodeAll = (encoded: Buffer, cols: readonly DecodeColumn[]) => {
    const out: Array<RowValue | null> = new Array(cols.length);
    new RowDecoder(
      cols,
      cols.map((_, i) => i),
    ).decode(encoded, out);
    return out;
  };
  const withMissing = columns.map((c) => ({ ...c, missing: null }));

  it('lays out the example of docs/format/row.md byte for byte', () => {
    const encoder = new RowEncoder([
      { id: 1, kind: 'int' },
      { id: 2, kind: 'int' },
      { id: 3, kind: 'string' },
      { id: 4, kind: 'string' },
    ]);
    assert.equal(
      encoder.encode([7, 300, 'ab', null]).toString('hex'),
      'a100' + '0300' + '0100' + '010203' + '04' + '010003000500' + '07' + '2c01' + '6162',
    );
  });

  it('round-trips every kind, NULLs included', () => {
    const values: Array<RowValue | null> = [
      -(2n ** 63n),
      2n ** 64n - 1n,
      -0.25,
      { unscaled: -98765432109876543210n, scale: 4 },
      'héllo',
      Buffer.from([0, 1, 2]),
    ];
    const encoder = new RowEncoder(columns);
    assert.deepEqual(decodeAll(encoder.encode(values), withMissing), values);
    const someNull = [7, null, 1e300, null, '', null];
    assert.deepEqual(decodeAll(encoder.encode(someNull), withMissing), someNull);
  });

  it('decodes only the requested columns into the requested slots', () => {
    const encoded = new RowEncoder(columns).encode([1, 2, 3, null, 'x', Buffer.alloc(0)]);
    const out: Array<RowValue | null> = ['untouched', 'untouched'];
    new RowDecoder([{ id: 5, kind: 'string', missing: null }], [1]).decode(encoded, out);
    assert.deepEqual(out, ['untouched', 'x']);
  });

  it('gives a column absent from an older row its missing value', () => {
    const encoded = new RowEncoder([{ id: 1, kind: 'int' }]).encode([42]);
    const out: Array<RowValue | null> = [];
    new RowDecoder(
      [
        { id: 1, kind: 'int', missing: null },
        { id: 2, kind: 'string', missing: 'default' },
      ],
      [0, 1],
    ).decode(encoded, out);
    assert.deepEqual(out, [42, 'default']);
  });

  it('switches to wide ids and offsets past 255 and 64 KiB', () => {
    const wideColumns = [
      { id: 3, kind: 'string' },
      { id: 300, kind: 'int' },
    ] as const;
    const big = 'z'.repeat(70_000);
    const encoded = new RowEncoder(wideColumns).encode([big, -1]);
    assert.equal(encoded[1], 1);
    assert.deepEqual(
      decodeAll(
        encoded,
        wideColumns.map((c) => ({ ...c, missing: null })),
      ),
      [big, -1],
    );
  });

  it('round-trips random rows', () => {
    const random = seededRandom('row round trip');
    const encoder = new RowEncoder(columns);
    for (let i = 0; i < 500; i++) {
      const values: Array<RowValue | null> = [
        random.next() < 0.2 ? null : random.int(-(2 ** 40), 2 ** 40),
        random.next() < 0.2 ? null : random.int(0, 2 ** 33),
        random.next() < 0.2 ? null : (random.next() - 0.5) * 1e6,
        random.next() < 0.2
          ? null
          : { unscaled: BigInt(random.int(-1e9, 1e9)), scale: random.int(0, 9) },
        random.next() < 0.2 ? null : 'v'.repeat(random.int(0, 40)),
        random.next() < 0.2 ? null : Buffer.alloc(random.int(0, 10), random.int(0, 255)),
      ];
      assert.deepEqual(decodeAll(encoder.encode(values), withMissing), values);
    }
  });
});
