// ProtocolBinary::ResultsetRow.
//
//   int<1>  header       0x00
//   binary  null_bitmap  (column_count + 7 + 2) / 8 bytes; column i is NULL when bit (i + 2) is set
//   values               each non-NULL column in the binary form of its type

import type { ColumnDefinition, SqlValue } from '../../sql/api.js';
import { ColumnFlag } from '../constants/column-flags.js';
import { BINARY_ROW_HEADER, BINARY_ROW_NULL_BITMAP_OFFSET } from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import { MalformedPacketError } from '../protocol-error.js';
import { readBinaryParam } from '../values/binary-param.js';
import { writeBinaryValue } from '../values/binary-value.js';
import type { ColumnPlan } from '../values/column-plan.js';

const BITS_PER_BYTE = 8;

export function nullBitmapBytes(columnCount: number, offset: number): number {
  return Math.floor((columnCount + offset + BITS_PER_BYTE - 1) / BITS_PER_BYTE);
}

export function encodeBinaryRow(
  writer: PacketWriter,
  row: readonly SqlValue[],
  plan: ColumnPlan,
): void {
  writer.startPacket();
  writer.u8(BINARY_ROW_HEADER);
  const encodings = plan.binary;
  const columns = plan.columns;
  const count = encodings.length;
  const bitmapBytes = nullBitmapBytes(count, BINARY_ROW_NULL_BITMAP_OFFSET);
  let bitmap = 0;
  let bitmapByte = 0;
  for (let i = 0; i < count; i++) {
    const bit = i + BINARY_ROW_NULL_BITMAP_OFFSET;
    if ((row[i] ?? null) === null) bitmap |= 1 << (bit & 7);
    if ((bit & 7) === 7 || i === count - 1) {
      writer.u8(bitmap);
      bitmap = 0;
      bitmapByte++;
    }
  }
  if (bitmapByte < bitmapBytes) writer.zeros(bitmapBytes - bitmapByte);
  for (let i = 0; i < count; i++) {
    const value = row[i] ?? null;
    if (value !== null) writeBinaryValue(writer, value, encodings[i]!, columns[i]!);
  }
  writer.finishPacket();
}

/** Values by column type, as a client reads them (used by tests and the protocol fuzzer). */
export function decodeBinaryRow(
  reader: PayloadReader,
  columns: readonly ColumnDefinition[],
): SqlValue[] {
  if (reader.u8() !== BINARY_ROW_HEADER) throw new MalformedPacketError();
  const bitmap = reader.bytes(nullBitmapBytes(columns.length, BINARY_ROW_NULL_BITMAP_OFFSET));
  const values: SqlValue[] = [];
  for (let i = 0; i < columns.length; i++) {
    const bit = i + BINARY_ROW_NULL_BITMAP_OFFSET;
    if (bitmap[bit >> 3]! & (1 << (bit & 7))) {
      values.push(null);
    } else {
      const column = columns[i]!;
      values.push(readBinaryParam(reader, column.type, (column.flags & ColumnFlag.UNSIGNED) !== 0));
    }
  }
  return values;
}
