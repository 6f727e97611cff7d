// Decodes one parameter value of COM_STMT_EXECUTE by the type the client bound it with:
// integers become numbers (bigint past 2^53), DECIMAL and character types strings, BLOB-like
// types Buffers, temporal structures MySQL's canonical strings.

import type { SqlValue } from '../../sql/api.js';
import { ColumnType } from '../constants/column-types.js';
import type { PayloadReader } from '../payload-reader.js';
import { MalformedPacketError } from '../protocol-error.js';
import { formatDate, formatDateTime, formatTime } from './temporal.js';

const TWO_POW_32 = 0x1_0000_0000;
const HOURS_PER_DAY = 24;

function readInt64(reader: PayloadReader, unsigned: boolean): number | bigint {
  const low = reader.u32();
  const highUnsigned = reader.u32();
  const high = unsigned ? highUnsigned : highUnsigned | 0;
  const approximate = high * TWO_POW_32 + low;
  if (Number.isSafeInteger(approximate)) return approximate;
  const value = (BigInt(highUnsigned) << 32n) | BigInt(low);
  return unsigned ? value : BigInt.asIntN(64, value);
}

function readDateTime(reader: PayloadReader, dateOnly: boolean): string {
  const length = reader.u8();
  const parts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, microsecond: 0 };
  if (length !== 0 && length !== 4 && length !== 7 && length !== 11)
    throw new MalformedPacketError();
  if (length >= 4) {
    parts.year = reader.u16();
    parts.month = reader.u8();
    parts.day = reader.u8();
  }
  if (length >= 7) {
    parts.hour = reader.u8();
    parts.minute = reader.u8();
    parts.second = reader.u8();
  }
  if (length === 11) parts.microsecond = reader.u32();
  return dateOnly && length <= 4 ? formatDate(parts) : formatDateTime(parts);
}

function readTime(reader: PayloadReader): string {
  const length = reader.u8();
  if (length === 0)
    return formatTime({ negative: false, hours: 0, minute: 0, second: 0, microsecond: 0 });
  if (length !== 8 && length !== 12) throw new MalformedPacketError();
  const negative = reader.u8() === 1;
  const days = reader.u32();
  const hour = reader.u8();
  const minute = reader.u8();
  const second = reader.u8();
  const microsecond = length === 12 ? reader.u32() : 0;
  return formatTime({ negative, hours: days * HOURS_PER_DAY + hour, minute, second, microsecond });
}

/** True for the types whose value is a length-encoded character string. */
export function isStringParamType(type: number): boolean {
  switch (type) {
    case ColumnType.DECIMAL:
    case ColumnType.NEWDECIMAL:
    case ColumnType.VARCHAR:
    case ColumnType.VAR_STRING:
    case ColumnType.STRING:
    case ColumnType.ENUM:
    case ColumnType.SET:
    case ColumnType.JSON:
      return true;
    default:
      return false;
  }
}

/** True for the types whose value is length-encoded binary data. */
export function isBytesParamType(type: number): boolean {
  switch (type) {
    case ColumnType.TINY_BLOB:
    case ColumnType.MEDIUM_BLOB:
    case ColumnType.LONG_BLOB:
    case ColumnType.BLOB:
    case ColumnType.GEOMETRY:
    case ColumnType.BIT:
      return true;
    default:
      return false;
  }
}

export function readBinaryParam(reader: PayloadReader, type: number, unsigned: boolean): SqlValue {
  switch (type) {
    case ColumnType.NULL:
      return null;
    case ColumnType.TINY: {
      const value = reader.u8();
      return unsigned ? value : (value << 24) >> 24;
    }
    case ColumnType.SHORT:
    case ColumnType.YEAR: {
      const value = reader.u16();
      return unsigned ? value : (value << 16) >> 16;
    }
    case ColumnType.INT24:
    case ColumnType.LONG: {
      const value = reader.u32();
      return unsigned ? value : value | 0;
    }
    case ColumnType.LONGLONG:
      return readInt64(reader, unsigned);
    case ColumnType.FLOAT:
      reader.skip(4);
      return reader.buf.readFloatLE(reader.pos - 4);
    case ColumnType.DOUBLE:
      reader.skip(8);
      return reader.buf.readDoubleLE(reader.pos - 8);
    case ColumnType.DATE:
    case ColumnType.NEWDATE:
      return readDateTime(reader, true);
    case ColumnType.DATETIME:
    case ColumnType.TIMESTAMP:
      return readDateTime(reader, false);
    case ColumnType.TIME:
      return readTime(reader);
    default:
      if (isStringParamType(type)) return reader.lenencString();
      if (isBytesParamType(type)) return Buffer.from(reader.lenencBytes());
      throw new MalformedPacketError();
  }
}
