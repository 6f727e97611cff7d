// The row value format (docs/format/row.md): a small header naming which column ids are present
// and which are NULL, end offsets of the non-NULL values, then the values back to back. A reader
// finds one column by binary search over the ids and decodes only the columns it needs; columns
// added to a table after a row was written are simply absent from it.
//
//   0      version byte ROW_FORMAT_V1
//   1      flags (ROW_FLAG_WIDE: ids are u32 and offsets u32 instead of u8 and u16)
//   2..3   number of non-NULL columns (u16 LE)
//   4..5   number of NULL columns (u16 LE)
//   ids of the non-NULL columns ascending, then ids of the NULL columns ascending
//   end offset of each non-NULL value, relative to the start of the data
//   data

import { CodecError } from './memcomparable.js';
import type { DecimalParts } from './memcomparable.js';

export const ROW_FORMAT_V1 = 0xa1;
export const ROW_FLAG_WIDE = 0x01;
export const ROW_HEADER_BYTES = 6;
const MAX_NARROW_ID = 0xff;
const MAX_NARROW_OFFSET = 0xffff;
const MAX_DECIMAL_SCALE = 0xff;

/** How one column's value is stored. Dates and times are stored as their packed integers. */
export type RowKind = 'int' | 'uint' | 'float' | 'decimal' | 'string' | 'bytes';

export type RowValue = number | bigint | string | Buffer | DecimalParts;

export interface RowColumn {
  readonly id: number;
  readonly kind: RowKind;
}

/** Builds decoded decimals; the SQL layer passes its own constructor so values arrive typed. */
export type DecimalFactory = (unscaled: bigint, scale: number) => DecimalParts;

const plainDecimal: DecimalFactory = (unscaled, scale) => ({ unscaled, scale });

function intByteLength(value: number | bigint): number {
  if (typeof value === 'number') {
    if (value >= -0x80 && value <= 0x7f) return 1;
    if (value >= -0x8000 && value <= 0x7fff) return 2;
    if (value >= -0x80000000 && value <= 0x7fffffff) return 4;
    return 8;
  }
  return 8;
}

function uintByteLength(value: number | bigint): number {
  if (typeof value === 'number') {
    if (value <= 0xff) return 1;
    if (value <= 0xffff) return 2;
    if (value <= 0xffffffff) return 4;
    return 8;
  }
  return 8;
}

function decimalUnscaledBytes(unscaled: bigint): number {
  // Two's complement: enough bytes for the magnitude plus a sign bit.
  let bits = (unscaled < 0n ? -unscaled - 1n : unscaled).toString(2).length + 1;
  if (unscaled === 0n) bits = 1;
  return Math.ceil(bits / 8);
}

function valueByteLength(kind: RowKind, value: RowValue): number {
  switch (kind) {
    case 'int':
      return intByteLength(value as number | bigint);
    case 'uint':
      return uintByteLength(value as number | bigint);
    case 'float':
      return 8;
    case 'decimal':
      return 1 + decimalUnscaledBytes((value as DecimalParts).unscaled);
    case 'string':
      return Buffer.byteLength(value as string, 'utf8');
    case 'bytes':
      return (value as Buffer).length;
  }
}

function writeValue(
  buffer: Buffer,
  offset: number,
  kind: RowKind,
  value: RowValue,
  length: number,
) {
  switch (kind) {
    case 'int':
      if (length === 8) buffer.writeBigInt64LE(BigInt(value as number | bigint), offset);
      else buffer.writeIntLE(value as number, offset, length);
      return;
    case 'uint':
      if (length === 8) buffer.writeBigUInt64LE(BigInt(value as number | bigint), offset);
      else buffer.writeUIntLE(value as number, offset, length);
      return;
    case 'float':
      buffer.writeDoubleLE(value as number, offset);
      return;
    case 'decimal': {
      const { unscaled, scale } = value as DecimalParts;
      if (scale > MAX_DECIMAL_SCALE) throw new CodecError(`decimal scale ${scale} too large`);
      buffer[offset] = scale;
      let rest = BigInt.asUintN((length - 1) * 8, unscaled);
      for (let i = 1; i < length; i++) {
        buffer[offset + i] = Number(rest & 0xffn);
        rest >>= 8n;
      }
      return;
    }
    case 'string':
      buffer.write(value as string, offset, length, 'utf8');
      return;
    case 'bytes':
      (value as Buffer).copy(buffer, offset);
      return;
  }
}

/**
 * Encodes rows of one schema. columns must be in ascending id order; values[i] belongs to
 * columns[i] (null for SQL NULL). Keeps scratch arrays between calls: one encoder per caller.
 */
export class RowEncoder {
  private readonly lengths: number[];

  constructor(private readonly columns: readonly RowColumn[]) {
    for (let i = 1; i < columns.length; i++) {
      if (columns[i]!.id <= columns[i - 1]!.id) {
        throw new CodecError('row encoder columns must be in ascending id order');
      }
    }
    this.lengths = new Array<number>(columns.length).fill(0);
  }

  encode(values: ReadonlyArray<RowValue | null>): Buffer {
    const columns = this.columns;
    let notNull = 0;
    let dataBytes = 0;
    let maxId = 0;
    for (let i = 0; i < columns.length; i++) {
      const value = values[i];
      const column = columns[i]!;
      if (column.id > maxId) maxId = column.id;
      if (value === null || value === undefined) {
        this.lengths[i] = -1;
        continue;
      }
      const length = valueByteLength(column.kind, value);
      this.lengths[i] = length;
      dataBytes += length;
      notNull++;
    }
    const nulls = columns.length - notNull;
    const wide = maxId > MAX_NARROW_ID || dataBytes > MAX_NARROW_OFFSET;
    const idBytes = wide ? 4 : 1;
    const offsetBytes = wide ? 4 : 2;
    const dataStart = ROW_HEADER_BYTES + columns.length * idBytes + notNull * offsetBytes;
    const buffer = Buffer.allocUnsafe(dataStart + dataBytes);
    buffer[0] = ROW_FORMAT_V1;
    buffer[1] = wide ? ROW_FLAG_WIDE : 0;
    buffer.writeUInt16LE(notNull, 2);
    buffer.writeUInt16LE(nulls, 4);
    let idAt = ROW_HEADER_BYTES;
    let nullIdAt = ROW_HEADER_BYTES + notNull * idBytes;
    let offsetAt = ROW_HEADER_BYTES + columns.length * idBytes;
    let dataAt = dataStart;
    for (let i = 0; i < columns.length; i++) {
      const length = this.lengths[i]!;
      const column = columns[i]!;
      if (length < 0) {
        if (wide) buffer.writeUInt32LE(column.id, nullIdAt);
        else buffer[nullIdAt] = column.id;
        nullIdAt += idBytes;
        continue;
      }
      if (wide) buffer.writeUInt32LE(column.id, idAt);
      else buffer[idAt] = column.id;
      idAt += idBytes;
      writeValue(buffer, dataAt, column.kind, values[i]!, length);
      dataAt += length;
      if (wide) buffer.writeUInt32LE(dataAt - dataStart, offsetAt);
      else buffer.writeUInt16LE(dataAt - dataStart, offsetAt);
      offsetAt += offsetBytes;
    }
    return buffer;
  }
}

/** A column a decoder extracts: which id, how it is stored, and its value when the row lacks it. */
export interface DecodeColumn extends RowColumn {
  /** Value for rows written before the column existed (its default then), or null. */
  readonly missing: RowValue | null;
}

/**
 * Decodes chosen columns of encoded rows into caller-owned arrays: out[slots[i]] receives
 * columns[i]. Allocates nothing beyond the decoded values themselves.
 */
export class RowDecoder {
  constructor(
    private readonly columns: readonly DecodeColumn[],
    private readonly slots: readonly number[],
    private readonly makeDecimal: DecimalFactory = plainDecimal,
  ) {}

  decode(row: Buffer, out: Array<RowValue | null>): void {
    if (row[0] !== ROW_FORMAT_V1) throw new CodecError(`unknown row format version ${row[0]}`);
    const wide = (row[1]! & ROW_FLAG_WIDE) !== 0;
    const idBytes = wide ? 4 : 1;
    const offsetBytes = wide ? 4 : 2;
    const notNull = row.readUInt16LE(2);
    const nulls = row.readUInt16LE(4);
    const offsetsAt = ROW_HEADER_BYTES + (notNull + nulls) * idBytes;
    const dataStart = offsetsAt + notNull * offsetBytes;
    for (let c = 0; c < this.columns.length; c++) {
      const column = this.columns[c]!;
      const index = findId(row, ROW_HEADER_BYTES, notNull, column.id, wide);
      if (index < 0) {
        const nullIndex = findId(row, ROW_HEADER_BYTES + notNull * idBytes, nulls, column.id, wide);
        out[this.slots[c]!] = nullIndex >= 0 ? null : column.missing;
        continue;
      }
      const start =
        index === 0
          ? dataStart
          : dataStart +
            (wide
              ? row.readUInt32LE(offsetsAt + (index - 1) * 4)
              : row.readUInt16LE(offsetsAt + (index - 1) * 2));
      const end =
        dataStart +
        (wide ? row.readUInt32LE(offsetsAt + index * 4) : row.readUInt16LE(offsetsAt + index * 2));
      out[this.slots[c]!] = readValue(row, start, end, column.kind, this.makeDecimal);
    }
  }
}

function findId(row: Buffer, at: number, count: number, id: number, wide: boolean): number {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const found = wide ? row.readUInt32LE(at + mid * 4) : row[at + mid]!;
    if (found === id) return mid;
    if (found < id) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

function readValue(
  row: Buffer,
  start: number,
  end: number,
  kind: RowKind,
  makeDecimal: DecimalFactory,
): RowValue {
  const length = end - start;
  switch (kind) {
    case 'int': {
      if (length < 8) return row.readIntLE(start, length);
      const big = row.readBigInt64LE(start);
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(big)
        : big;
    }
    case 'uint': {
      if (length < 8) return row.readUIntLE(start, length);
      const big = row.readBigUInt64LE(start);
      return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    case 'float':
      return row.readDoubleLE(start);
    case 'decimal': {
      const scale = row[start]!;
      let unscaled = 0n;
      for (let i = end - 1; i > start; i--) unscaled = (unscaled << 8n) | BigInt(row[i]!);
      unscaled = BigInt.asIntN((length - 1) * 8, unscaled);
      return makeDecimal(unscaled, scale);
    }
    case 'string':
      return row.toString('utf8', start, end);
    case 'bytes':
      return Buffer.from(row.subarray(start, end));
  }
}
