// The static type of a compiled expression: how its values are represented (EvalKind) and what
// result-set metadata it produces.

import type { ColumnInfo } from '../catalog/schema.js';
import { BINARY_COLLATION, DEFAULT_COLLATION } from '../types/collation.js';
import type { CollationInfo } from '../types/collation.js';
import { evalKindOf } from '../types/column-type.js';
import type { EvalKind } from '../types/column-type.js';

/** Where a result column comes from, when it is a plain column reference. */
export interface ColumnSource {
  readonly database: string;
  /** The alias the query used, or the table name. */
  readonly table: string;
  readonly orgTable: string;
  readonly column: ColumnInfo;
}

export interface ExprType {
  readonly kind: EvalKind;
  readonly unsigned: boolean;
  /** Digits after the point (DECIMAL, DOUBLE) or fractional-second digits (temporal). */
  readonly scale: number;
  /** Display length in characters (precision for DECIMAL). */
  readonly length: number;
  readonly collation: CollationInfo;
  readonly nullable: boolean;
  /** DOUBLE from a FLOAT column: printed with single precision. */
  readonly singlePrecision: boolean;
  /** A hex or bit literal: a binary string that reads as an unsigned integer in numbers. */
  readonly hexLiteral: boolean;
  readonly source: ColumnSource | null;
}

/** DOUBLE's scale when it is not fixed (NOT_FIXED_DEC). */
export const NOT_FIXED_SCALE = 31;
export const INT_DISPLAY_LENGTH = 21;
export const DOUBLE_DISPLAY_LENGTH = 23;
const DATE_LENGTH = 10;
const DATETIME_LENGTH = 19;
const TIME_LENGTH = 10;

export function makeType(kind: EvalKind, fields: Partial<ExprType> = {}): ExprType {
  const defaults: ExprType = {
    kind,
    unsigned: false,
    scale: kind === 'double' ? NOT_FIXED_SCALE : 0,
    length: defaultLength(kind),
    collation: kind === 'string' ? DEFAULT_COLLATION : BINARY_COLLATION,
    nullable: true,
    singlePrecision: false,
    hexLiteral: false,
    source: null,
  };
  return { ...defaults, ...fields };
}

function defaultLength(kind: EvalKind): number {
  switch (kind) {
    case 'int':
      return INT_DISPLAY_LENGTH;
    case 'double':
      return DOUBLE_DISPLAY_LENGTH;
    case 'decimal':
      return INT_DISPLAY_LENGTH;
    case 'date':
      return DATE_LENGTH;
    case 'datetime':
      return DATETIME_LENGTH;
    case 'time':
      return TIME_LENGTH;
    default:
      return 0;
  }
}

export const NULL_TYPE = makeType('null', { length: 0 });
export const INT_TYPE = makeType('int', { nullable: false });
export const BOOL_TYPE = makeType('int', { length: 1 });
export const DOUBLE_TYPE = makeType('double');
export const STRING_TYPE = makeType('string');

export function isNumericKind(kind: EvalKind): boolean {
  return kind === 'int' || kind === 'decimal' || kind === 'double';
}

export function isTemporalKind(kind: EvalKind): boolean {
  return kind === 'date' || kind === 'datetime' || kind === 'time';
}

export function isStringKind(kind: EvalKind): boolean {
  return kind === 'string' || kind === 'binary';
}

/** The expression type of a table column (for references to it). */
export function columnExprType(column: ColumnInfo, source: ColumnSource | null): ExprType {
  const type = column.type;
  const kind = evalKindOf(type.name);
  return makeType(kind, {
    unsigned: type.unsigned,
    scale: kind === 'double' && !type.length ? NOT_FIXED_SCALE : type.scale,
    length: type.length,
    collation: kind === 'string' ? type.collation : BINARY_COLLATION,
    nullable: !column.notNull,
    singlePrecision: type.name === 'float',
    source,
  });
}
