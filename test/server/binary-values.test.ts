import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SqlValue } from '../../src/sql/api.js';
import { PacketWriter } from '../../src/server/packet-writer.js';
import { decodeBinaryRow, encodeBinaryRow } from '../../src/server/packets/binary-row.js';
import { decodeTextRow, encodeTextRow } from '../../src/server/packets/text-row.js';
import { PayloadReader } from '../../src/server/payload-reader.js';
import { planColumns } from '../../src/server/values/column-plan.js';
import { parseDateTime, parseTime } from '../../src/server/values/temporal.js';
import { column, ColumnFlag, ColumnType } from './fixture/columns.js';

function binaryRoundTrip(
  type: number,
  value: SqlValue,
  flags = 0,
  decimals = 0,
): { value: SqlValue; bytes: Buffer } {
  const columns = [column('c', type, { flags, decimals, columnLength: 10 })];
  const writer = new PacketWriter();
  writer.begin(0);
  encodeBinaryRow(writer, [value], planColumns(columns));
  const bytes = Buffer.from(writer.take().subarray(4));
  const [decoded] = decodeBinaryRow(new PayloadReader().reset(bytes, 0, bytes.length), columns);
  return { value: decoded!, bytes: bytes.subarray(2) };
}

function text(
  type: number,
  value: SqlValue,
  options: Parameters<typeof column>[2] = {},
): string | null {
  const columns = [column('c', type, options)];
  const writer = new PacketWriter();
  writer.begin(0);
  encodeTextRow(writer, [value], planColumns(columns));
  const bytes = Buffer.from(writer.take().subarray(4));
  const [raw] = decodeTextRow(new PayloadReader().reset(bytes, 0, bytes.length), 1);
  return raw === null ? null : raw!.toString('latin1');
}

describe('binary protocol values', () => {
  it('round-trips integers of every width, signed and unsigned', () => {
    assert.equal(binaryRoundTrip(ColumnType.TINY, -128).value, -128);
    assert.equal(binaryRoundTrip(ColumnType.TINY, 255, ColumnFlag.UNSIGNED).value, 255);
    assert.equal(binaryRoundTrip(ColumnType.SHORT, -32768).value, -32768);
    assert.equal(binaryRoundTrip(ColumnType.INT24, -8388608).value, -8388608);
    assert.equal(
      binaryRoundTrip(ColumnType.LONG, 4294967295, ColumnFlag.UNSIGNED).value,
      4294967295,
    );
    assert.equal(binaryRoundTrip(ColumnType.LONGLONG, -9007199254740991).value, -9007199254740991);
    assert.equal(
      binaryRoundTrip(ColumnType.LONGLONG, -9223372036854775808n).value,
      -9223372036854775808n,
    );
    assert.equal(
      binaryRoundTrip(ColumnType.LONGLONG, 18446744073709551615n, ColumnFlag.UNSIGNED).value,
      18446744073709551615n,
    );
    assert.equal(binaryRoundTrip(ColumnType.YEAR, 2024).value, 2024);
  });

  it('round-trips FLOAT and DOUBLE', () => {
    assert.equal(binaryRoundTrip(ColumnType.FLOAT, 0.5).value, 0.5);
    assert.equal(binaryRoundTrip(ColumnType.DOUBLE, 0.1).value, 0.1);
  });

  it('sends DECIMAL as its string, numbers with the column’s decimals', () => {
    assert.equal(binaryRoundTrip(ColumnType.NEWDECIMAL, '-0.500').value, '-0.500');
    assert.equal(binaryRoundTrip(ColumnType.NEWDECIMAL, 2.5, 0, 2).value, '2.50');
  });

  it('sends the shortest exact DATETIME form', () => {
    assert.deepEqual([...binaryRoundTrip(ColumnType.DATETIME, '0000-00-00 00:00:00').bytes], [0]);
    assert.equal(binaryRoundTrip(ColumnType.DATETIME, '2024-05-01 00:00:00').bytes[0], 4);
    assert.equal(binaryRoundTrip(ColumnType.DATETIME, '2024-05-01 10:00:00').bytes[0], 7);
    assert.equal(binaryRoundTrip(ColumnType.DATETIME, '2024-05-01 10:00:00.000001').bytes[0], 11);
    assert.equal(
      binaryRoundTrip(ColumnType.DATETIME, '2024-05-01 10:00:00.5').value,
      '2024-05-01 10:00:00.500000',
    );
    assert.equal(binaryRoundTrip(ColumnType.DATE, '2024-02-29').value, '2024-02-29');
  });

  it('sends TIME with days, sign and microseconds', () => {
    assert.deepEqual([...binaryRoundTrip(ColumnType.TIME, '00:00:00').bytes], [0]);
    assert.equal(binaryRoundTrip(ColumnType.TIME, '-838:59:59').value, '-838:59:59');
    assert.equal(binaryRoundTrip(ColumnType.TIME, '12:00:00.000250').value, '12:00:00.000250');
  });

  it('sends strings, blobs and NULL', () => {
    assert.equal(binaryRoundTrip(ColumnType.VAR_STRING, 'ü').value, 'ü');
    assert.deepEqual(
      binaryRoundTrip(ColumnType.BLOB, Buffer.from([0, 255])).value,
      Buffer.from([0, 255]),
    );
    assert.equal(binaryRoundTrip(ColumnType.VAR_STRING, null).value, null);
  });

  it('marks NULL columns in the bitmap after the two reserved bits', () => {
    const columns = Array.from({ length: 9 }, (_, i) => column(`c${i}`, ColumnType.LONG));
    const row: SqlValue[] = [null, 1, null, 2, 3, 4, 5, null, 6];
    const writer = new PacketWriter();
    writer.begin(0);
    encodeBinaryRow(writer, row, planColumns(columns));
    const bytes = Buffer.from(writer.take().subarray(4));
    assert.deepEqual([...bytes.subarray(1, 3)], [0b0001_0100, 0b0000_0010]);
    assert.deepEqual(
      decodeBinaryRow(new PayloadReader().reset(bytes, 0, bytes.length), columns),
      row,
    );
  });
});

describe('text protocol values', () => {
  it('prints integers, bigints and ZEROFILL padding', () => {
    assert.equal(text(ColumnType.LONG, -42), '-42');
    assert.equal(text(ColumnType.LONGLONG, 18446744073709551615n), '18446744073709551615');
    assert.equal(
      text(ColumnType.LONG, 42, { flags: ColumnFlag.ZEROFILL, columnLength: 6 }),
      '000042',
    );
  });

  it('prints DOUBLE and FLOAT as MySQL does', () => {
    assert.equal(text(ColumnType.DOUBLE, 1e21, { decimals: 31 }), '1e21');
    assert.equal(text(ColumnType.FLOAT, 1.23456789, { decimals: 31 }), '1.23457');
    assert.equal(text(ColumnType.DOUBLE, 2.5, { decimals: 2 }), '2.50');
  });

  it('prints BIT values as their big-endian bytes', () => {
    assert.equal(text(ColumnType.BIT, 0x2a5, { columnLength: 10 }), '\x02\xa5');
  });

  it('sends strings as given and NULL as 0xFB', () => {
    assert.equal(text(ColumnType.NEWDECIMAL, '1.50'), '1.50');
    assert.equal(text(ColumnType.DATETIME, '2024-05-01 12:00:00'), '2024-05-01 12:00:00');
    assert.equal(text(ColumnType.VAR_STRING, null), null);
  });
});

describe('temporal strings', () => {
  it('parses dates, datetimes with fractions and negative times', () => {
    assert.deepEqual(parseDateTime('2024-05-01 12:34:56.25'), {
      year: 2024,
      month: 5,
      day: 1,
      hour: 12,
      minute: 34,
      second: 56,
      microsecond: 250000,
    });
    assert.deepEqual(parseTime('-838:59:59.000001'), {
      negative: true,
      hours: 838,
      minute: 59,
      second: 59,
      microsecond: 1,
    });
  });

  it('rejects malformed strings', () => {
    assert.throws(() => parseDateTime('2024-5-1'));
    assert.throws(() => parseTime('12:3'));
  });
});
