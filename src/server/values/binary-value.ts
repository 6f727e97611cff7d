// One non-NULL value of a binary-protocol row, in the form its column type prescribes: fixed
// little-endian integers and floats, compact temporal structures, length-encoded strings.

import type { ColumnDefinition, SqlValue } from '../../sql/api.js';
import type { PacketWriter } from '../packet-writer.js';
import { bitBytes } from './bit-value.js';
import { BinaryEncoding } from './column-plan.js';
import { fixedToText } from './float-text.js';
import { parseDateTime, parseTime, splitHours } from './temporal.js';

/** Lengths of the compact DATETIME and TIME forms (MySQL sends the shortest that is exact). */
const DateTimeLength = { ZERO: 0, DATE: 4, SECONDS: 7, MICROSECONDS: 11 } as const;
const TimeLength = { ZERO: 0, SECONDS: 8, MICROSECONDS: 12 } as const;

function toNumber(value: Exclude<SqlValue, null>): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return Number(value.toString());
}

function writeInt64(writer: PacketWriter, value: Exclude<SqlValue, null>): void {
  if (typeof value === 'number') {
    writer.u64(value);
  } else if (typeof value === 'bigint') {
    writer.u64Big(value);
  } else {
    writer.u64Big(BigInt(value.toString()));
  }
}

function writeDateTime(writer: PacketWriter, text: string): void {
  const parts = parseDateTime(text);
  const { year, month, day, hour, minute, second, microsecond } = parts;
  let length: number = DateTimeLength.ZERO;
  if (microsecond !== 0) length = DateTimeLength.MICROSECONDS;
  else if (hour !== 0 || minute !== 0 || second !== 0) length = DateTimeLength.SECONDS;
  else if (year !== 0 || month !== 0 || day !== 0) length = DateTimeLength.DATE;
  writer.u8(length);
  if (length === DateTimeLength.ZERO) return;
  writer.u16(year);
  writer.u8(month);
  writer.u8(day);
  if (length === DateTimeLength.DATE) return;
  writer.u8(hour);
  writer.u8(minute);
  writer.u8(second);
  if (length === DateTimeLength.MICROSECONDS) writer.u32(microsecond);
}

function writeTime(writer: PacketWriter, text: string): void {
  const { negative, hours, minute, second, microsecond } = parseTime(text);
  let length: number = TimeLength.ZERO;
  if (microsecond !== 0) length = TimeLength.MICROSECONDS;
  else if (hours !== 0 || minute !== 0 || second !== 0) length = TimeLength.SECONDS;
  writer.u8(length);
  if (length === TimeLength.ZERO) return;
  const { days, hour } = splitHours(hours);
  writer.u8(negative ? 1 : 0);
  writer.u32(days);
  writer.u8(hour);
  writer.u8(minute);
  writer.u8(second);
  if (length === TimeLength.MICROSECONDS) writer.u32(microsecond);
}

function writeBytes(writer: PacketWriter, value: Exclude<SqlValue, null>): void {
  if (typeof value === 'string') writer.lenencString(value);
  else if (Buffer.isBuffer(value)) writer.lenencBytes(value);
  else writer.lenencString(String(value));
}

export function writeBinaryValue(
  writer: PacketWriter,
  value: Exclude<SqlValue, null>,
  encoding: number,
  column: ColumnDefinition,
): void {
  switch (encoding) {
    case BinaryEncoding.INT8:
      writer.u8(toNumber(value) & 0xff);
      return;
    case BinaryEncoding.INT16:
      writer.u16(toNumber(value) & 0xffff);
      return;
    case BinaryEncoding.INT32:
      writer.u32(toNumber(value) >>> 0);
      return;
    case BinaryEncoding.INT64:
      writeInt64(writer, value);
      return;
    case BinaryEncoding.FLOAT:
      writer.floatLE(toNumber(value));
      return;
    case BinaryEncoding.DOUBLE:
      writer.doubleLE(toNumber(value));
      return;
    case BinaryEncoding.DATETIME:
      writeDateTime(writer, value.toString());
      return;
    case BinaryEncoding.TIME:
      writeTime(writer, value.toString());
      return;
    case BinaryEncoding.DECIMAL:
      if (typeof value === 'number') writer.lenencString(fixedToText(value, column.decimals));
      else writeBytes(writer, value);
      return;
    case BinaryEncoding.BIT:
      if (typeof value === 'number' || typeof value === 'bigint') {
        writer.lenencBytes(bitBytes(value, column.columnLength));
      } else {
        writeBytes(writer, value);
      }
      return;
    default:
      writeBytes(writer, value);
  }
}
