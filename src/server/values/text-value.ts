// One value of a text-protocol row: a length-encoded string of the value as MySQL prints it, or
// the NULL marker. Strings, DECIMAL strings and temporal strings are sent as given.

import type { ColumnDefinition, SqlValue } from '../../sql/api.js';
import type { PacketWriter } from '../packet-writer.js';
import { bitBytes } from './bit-value.js';
import { TextEncoding } from './column-plan.js';
import { doubleToText, fixedToText, floatToText } from './float-text.js';

function numberText(value: number, encoding: number, column: ColumnDefinition): string {
  switch (encoding) {
    case TextEncoding.FLOAT:
      return floatToText(value);
    case TextEncoding.DOUBLE:
      return doubleToText(value);
    case TextEncoding.FLOAT_FIXED:
      return fixedToText(Math.fround(value), column.decimals);
    case TextEncoding.DOUBLE_FIXED:
    case TextEncoding.DECIMAL:
      return fixedToText(value, column.decimals);
    case TextEncoding.ZEROFILL_INTEGER:
      return String(value).padStart(column.columnLength, '0');
    default:
      return Number.isInteger(value) ? String(value) : doubleToText(value);
  }
}

export function writeTextValue(
  writer: PacketWriter,
  value: SqlValue,
  encoding: number,
  column: ColumnDefinition,
): void {
  if (value === null) {
    writer.lenencNull();
    return;
  }
  switch (typeof value) {
    case 'string':
      writer.lenencString(value);
      return;
    case 'number':
      if (encoding === TextEncoding.BIT) {
        writer.lenencBytes(bitBytes(value, column.columnLength));
      } else if (
        (encoding === TextEncoding.INTEGER || encoding === TextEncoding.STRING) &&
        Number.isSafeInteger(value)
      ) {
        writer.lenencDecimalInteger(value);
      } else {
        writer.lenencString(numberText(value, encoding, column));
      }
      return;
    case 'bigint':
      if (encoding === TextEncoding.BIT) {
        writer.lenencBytes(bitBytes(value, column.columnLength));
      } else if (encoding === TextEncoding.ZEROFILL_INTEGER) {
        writer.lenencString(value.toString().padStart(column.columnLength, '0'));
      } else {
        writer.lenencString(value.toString());
      }
      return;
    default:
      writer.lenencBytes(value);
  }
}
