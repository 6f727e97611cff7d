// How each column of a result is put on the wire, decided once per column list from its MySQL
// type, flags and decimals, so that encoding a row only switches on a small integer.

import type { ColumnDefinition } from '../../sql/api.js';
import { ColumnFlag } from '../constants/column-flags.js';
import { ColumnType } from '../constants/column-types.js';
import { NOT_FIXED_DECIMALS } from '../constants/protocol.js';

/** Text protocol: how a value becomes the bytes of a length-encoded string. */
export const TextEncoding = {
  STRING: 0,
  INTEGER: 1,
  ZEROFILL_INTEGER: 2,
  FLOAT: 3,
  FLOAT_FIXED: 4,
  DOUBLE: 5,
  DOUBLE_FIXED: 6,
  DECIMAL: 7,
  BIT: 8,
} as const;

/** Binary protocol: the fixed-size or length-encoded form of a value. */
export const BinaryEncoding = {
  BYTES: 0,
  INT8: 1,
  INT16: 2,
  INT32: 3,
  INT64: 4,
  FLOAT: 5,
  DOUBLE: 6,
  DATETIME: 7,
  TIME: 8,
  DECIMAL: 9,
  BIT: 10,
  NULL: 11,
} as const;

export interface ColumnPlan {
  readonly columns: readonly ColumnDefinition[];
  readonly text: Uint8Array;
  readonly binary: Uint8Array;
}

function textEncoding(column: ColumnDefinition): number {
  const fixed = column.decimals < NOT_FIXED_DECIMALS;
  switch (column.type) {
    case ColumnType.TINY:
    case ColumnType.SHORT:
    case ColumnType.INT24:
    case ColumnType.LONG:
    case ColumnType.LONGLONG:
    case ColumnType.YEAR:
      return column.flags & ColumnFlag.ZEROFILL
        ? TextEncoding.ZEROFILL_INTEGER
        : TextEncoding.INTEGER;
    case ColumnType.FLOAT:
      return fixed ? TextEncoding.FLOAT_FIXED : TextEncoding.FLOAT;
    case ColumnType.DOUBLE:
      return fixed ? TextEncoding.DOUBLE_FIXED : TextEncoding.DOUBLE;
    case ColumnType.DECIMAL:
    case ColumnType.NEWDECIMAL:
      return TextEncoding.DECIMAL;
    case ColumnType.BIT:
      return TextEncoding.BIT;
    default:
      return TextEncoding.STRING;
  }
}

function binaryEncoding(column: ColumnDefinition): number {
  switch (column.type) {
    case ColumnType.TINY:
      return BinaryEncoding.INT8;
    case ColumnType.SHORT:
    case ColumnType.YEAR:
      return BinaryEncoding.INT16;
    case ColumnType.INT24:
    case ColumnType.LONG:
      return BinaryEncoding.INT32;
    case ColumnType.LONGLONG:
      return BinaryEncoding.INT64;
    case ColumnType.FLOAT:
      return BinaryEncoding.FLOAT;
    case ColumnType.DOUBLE:
      return BinaryEncoding.DOUBLE;
    case ColumnType.DATE:
    case ColumnType.NEWDATE:
    case ColumnType.DATETIME:
    case ColumnType.TIMESTAMP:
      return BinaryEncoding.DATETIME;
    case ColumnType.TIME:
      return BinaryEncoding.TIME;
    case ColumnType.DECIMAL:
    case ColumnType.NEWDECIMAL:
      return BinaryEncoding.DECIMAL;
    case ColumnType.BIT:
      return BinaryEncoding.BIT;
    case ColumnType.NULL:
      return BinaryEncoding.NULL;
    default:
      return BinaryEncoding.BYTES;
  }
}

export function planColumns(columns: readonly ColumnDefinition[]): ColumnPlan {
  const text = new Uint8Array(columns.length);
  const binary = new Uint8Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    text[i] = textEncoding(columns[i]!);
    binary[i] = binaryEncoding(columns[i]!);
  }
  return { columns, text, binary };
}
