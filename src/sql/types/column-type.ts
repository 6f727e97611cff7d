// Column types as declared in CREATE TABLE, and how each maps onto evaluation types, the row
// codec and index keys.

import type { KeyKind, RowKind } from '../../codec/index.js';
import type { CollationInfo } from './collation.js';
import { BINARY_COLLATION } from './collation.js';

export type TypeName =
  | 'tinyint'
  | 'smallint'
  | 'mediumint'
  | 'int'
  | 'bigint'
  | 'decimal'
  | 'float'
  | 'double'
  | 'char'
  | 'varchar'
  | 'tinytext'
  | 'text'
  | 'mediumtext'
  | 'longtext'
  | 'binary'
  | 'varbinary'
  | 'tinyblob'
  | 'blob'
  | 'mediumblob'
  | 'longblob'
  | 'date'
  | 'datetime'
  | 'timestamp'
  | 'time'
  | 'year';

export interface ColumnType {
  readonly name: TypeName;
  readonly unsigned: boolean;
  /** Display width for integers, precision for DECIMAL, characters for strings, 0 when unset. */
  readonly length: number;
  /** Digits after the point for DECIMAL/FLOAT/DOUBLE, fractional seconds for temporal types. */
  readonly scale: number;
  /** For character types; binary for the rest. */
  readonly collation: CollationInfo;
}

/** How values of a type are represented while evaluating expressions. */
export type EvalKind =
  'null' | 'int' | 'decimal' | 'double' | 'string' | 'binary' | 'date' | 'datetime' | 'time';

export interface IntRange {
  readonly min: bigint;
  readonly max: bigint;
}

const INT_BITS: Partial<Record<TypeName, number>> = {
  tinyint: 8,
  smallint: 16,
  mediumint: 24,
  int: 32,
  bigint: 64,
};

/** Inclusive range of an integer type. */
export function intRange(type: ColumnType): IntRange {
  if (type.name === 'year') return { min: 0n, max: 2155n };
  const bits = BigInt(INT_BITS[type.name] ?? 64);
  return type.unsigned
    ? { min: 0n, max: (1n << bits) - 1n }
    : { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n };
}

export function isIntegerType(name: TypeName): boolean {
  return INT_BITS[name] !== undefined;
}

/** Maximum length in bytes (binary) or characters (text) of string types. */
export const STRING_MAX_LENGTH: Partial<Record<TypeName, number>> = {
  tinytext: 255,
  text: 65_535,
  mediumtext: 16_777_215,
  longtext: 4_294_967_295,
  tinyblob: 255,
  blob: 65_535,
  mediumblob: 16_777_215,
  longblob: 4_294_967_295,
};

export function evalKindOf(name: TypeName): EvalKind {
  switch (name) {
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
    case 'year':
      return 'int';
    case 'decimal':
      return 'decimal';
    case 'float':
    case 'double':
      return 'double';
    case 'char':
    case 'varchar':
    case 'tinytext':
    case 'text':
    case 'mediumtext':
    case 'longtext':
      return 'string';
    case 'binary':
    case 'varbinary':
    case 'tinyblob':
    case 'blob':
    case 'mediumblob':
    case 'longblob':
      return 'binary';
    case 'date':
      return 'date';
    case 'datetime':
    case 'timestamp':
      return 'datetime';
    case 'time':
      return 'time';
  }
}

export function rowKindOf(type: ColumnType): RowKind {
  switch (evalKindOf(type.name)) {
    case 'int':
      return type.unsigned ? 'uint' : 'int';
    case 'decimal':
      return 'decimal';
    case 'double':
      return 'float';
    case 'binary':
      return 'bytes';
    default:
      return 'string';
  }
}

/** Strings are keyed by collation sort key, TIME by its microseconds, other temporals as text. */
export function keyKindOf(type: ColumnType): KeyKind {
  switch (evalKindOf(type.name)) {
    case 'int':
      return type.unsigned ? 'uint' : 'int';
    case 'decimal':
      return 'decimal';
    case 'double':
      return 'float';
    case 'time':
      return 'int';
    default:
      return 'bytes';
  }
}

export function isTextType(name: TypeName): boolean {
  return evalKindOf(name) === 'string';
}

export function isBlobOrText(name: TypeName): boolean {
  return STRING_MAX_LENGTH[name] !== undefined;
}

export function makeColumnType(
  name: TypeName,
  options: { unsigned?: boolean; length?: number; scale?: number; collation?: CollationInfo } = {},
): ColumnType {
  return {
    name,
    unsigned: options.unsigned ?? false,
    length: options.length ?? 0,
    scale: options.scale ?? 0,
    collation: options.collation ?? BINARY_COLLATION,
  };
}

const DEFAULT_DISPLAY_WIDTH: Partial<Record<TypeName, [signed: number, unsigned: number]>> = {
  tinyint: [4, 3],
  smallint: [6, 5],
  mediumint: [9, 8],
  int: [11, 10],
  bigint: [20, 20],
};

/** The type as SHOW CREATE TABLE and information_schema spell it ('int(11) unsigned'). */
export function formatColumnType(type: ColumnType): string {
  const name = type.name;
  if (isIntegerType(name)) {
    const width = type.length || DEFAULT_DISPLAY_WIDTH[name]![type.unsigned ? 1 : 0];
    return `${name}(${width})${type.unsigned ? ' unsigned' : ''}`;
  }
  switch (name) {
    case 'decimal':
      return `decimal(${type.length},${type.scale})${type.unsigned ? ' unsigned' : ''}`;
    case 'float':
    case 'double':
      return (
        (type.length ? `${name}(${type.length},${type.scale})` : name) +
        (type.unsigned ? ' unsigned' : '')
      );
    case 'char':
    case 'varchar':
    case 'binary':
    case 'varbinary':
      return `${name}(${type.length})`;
    case 'datetime':
    case 'timestamp':
    case 'time':
      return type.scale ? `${name}(${type.scale})` : name;
    case 'year':
      return 'year(4)';
    default:
      return name;
  }
}

/** Integer and text types in increasing capacity: a move up keeps every stored value as it is. */
const WIDENING_ORDER: readonly (readonly TypeName[])[] = [
  ['tinyint', 'smallint', 'mediumint', 'int', 'bigint'],
  ['tinytext', 'text', 'mediumtext', 'longtext'],
  ['tinyblob', 'blob', 'mediumblob', 'longblob'],
];

/**
 * Whether every value stored under type `from` is stored the same way, and keys the same way,
 * under type `to` (so ALTER TABLE can change the type without rewriting rows or indexes): the
 * same type with equal or more room, or a wider integer or text type.
 */
export function keepsStoredValues(from: ColumnType, to: ColumnType): boolean {
  if (from.unsigned !== to.unsigned || from.collation.name !== to.collation.name) return false;
  if (from.name === to.name) {
    switch (evalKindOf(from.name)) {
      case 'int':
        return true;
      case 'decimal':
        return to.scale === from.scale && to.length >= from.length;
      case 'double':
        return to.length === from.length && to.scale === from.scale;
      case 'string':
      case 'binary':
        return from.name !== 'binary' && (isBlobOrText(from.name) || to.length >= from.length);
      default:
        return to.scale === from.scale;
    }
  }
  return WIDENING_ORDER.some((order) => {
    const a = order.indexOf(from.name);
    const b = order.indexOf(to.name);
    return a >= 0 && b > a;
  });
}
