// The column a query's result column becomes in CREATE TABLE … SELECT (and what a view's column
// is described as): a plain column reference keeps its column's type, nullability, default and
// comment; an expression gets the type MySQL derives from its result type (an integer of display
// width ≤ 11 is INT, wider BIGINT; DECIMAL keeps precision and scale; strings VARCHAR of the
// longest value; NULL is BINARY(0)), NOT NULL when the expression can never be NULL.

import type { ColumnDefinition, ExprNode } from '../../ast/index.js';
import type { ColumnInfo } from '../../catalog/schema.js';
import type { ExprType } from '../../expr/expr-type.js';
import { MAX_DECIMAL_PRECISION, MAX_DECIMAL_SCALE } from '../../types/decimal.js';
import type { TypeName } from '../../types/column-type.js';
import { MAX_FSP } from '../../types/datetime.js';
import type { Decimal } from '../../types/decimal.js';
import type { Value } from '../../types/value.js';

/** Integers this wide or narrower are INT (MySQL's MY_INT32_NUM_DECIMAL_DIGITS). */
const INT_DISPLAY_DIGITS = 11;
/** VARCHAR holds at most this many utf8mb4 characters (65,535 bytes); longer strings are TEXT. */
const MAX_VARCHAR_CHARS = 16_383;
const MAX_VARBINARY_BYTES = 65_535;
/**
 * A string expression whose length the planner does not know (string functions) gets room for
 * this many characters, or its longest value.
 */
const UNKNOWN_STRING_LENGTH = 255;
/** Display width of a DOUBLE without a fixed scale (as MySQL prints it). */
const NOT_FIXED_SCALE = 31;

function base(name: string): Omit<ColumnDefinition, 'type' | 'length' | 'scale' | 'unsigned'> {
  return {
    name,
    zerofill: false,
    charset: null,
    collation: null,
    notNull: null,
    defaultValue: null,
    onUpdateCurrentTimestamp: false,
    autoIncrement: false,
    primaryKey: false,
    unique: false,
    comment: null,
  };
}

/** The definition that recreates a column (CREATE TABLE … SELECT of a plain column). */
function fromColumn(name: string, column: ColumnInfo): ColumnDefinition {
  const type = column.type;
  const d = column.defaultValue;
  let defaultValue: ExprNode | null = null;
  if (d.kind === 'now')
    defaultValue = { kind: 'FunctionCall', name: 'CURRENT_TIMESTAMP', args: [] };
  else if (d.kind === 'value') defaultValue = literalOf(d.value);
  return {
    ...base(name),
    type: type.name,
    unsigned: type.unsigned,
    zerofill: column.zerofill,
    length: type.length || null,
    scale: type.name === 'decimal' || type.length ? type.scale : null,
    collation: type.collation.name === 'binary' ? null : type.collation.name,
    notNull: column.notNull,
    defaultValue,
    onUpdateCurrentTimestamp: column.onUpdateNow,
    comment: column.comment || null,
  };
}

/** A stored default value as the literal that stores it again. */
function literalOf(value: Value): ExprNode {
  if (value === null) return { kind: 'Literal', type: 'null', value: null };
  if (typeof value === 'bigint') return { kind: 'Literal', type: 'int', value };
  if (typeof value === 'number')
    return { kind: 'Literal', type: Number.isInteger(value) ? 'int' : 'double', value };
  if (Buffer.isBuffer(value)) return { kind: 'Literal', type: 'binary', value };
  if (typeof value === 'string') return { kind: 'Literal', type: 'string', value };
  return { kind: 'Literal', type: 'decimal', value: value as Decimal };
}

/**
 * The column for result column `name` of type `type`; longest: the longest value the query
 * returned in it (characters for strings, bytes for binary strings), which a string column must
 * hold whatever its computed length.
 */
export function resultColumnDefinition(
  name: string,
  type: ExprType,
  longest: number,
): ColumnDefinition {
  const column = type.source?.column;
  if (column) return fromColumn(name, column);
  const notNull = !type.nullable && type.kind !== 'null';
  const typed = (typeName: TypeName, fields: Partial<ColumnDefinition> = {}): ColumnDefinition => ({
    ...base(name),
    type: typeName,
    unsigned: false,
    length: null,
    scale: null,
    notNull,
    ...fields,
  });
  switch (type.kind) {
    case 'null':
      return typed('binary', { length: 0, notNull: false });
    case 'int':
      return typed(type.length > INT_DISPLAY_DIGITS ? 'bigint' : 'int', {
        unsigned: type.unsigned,
        length: type.length || null,
      });
    case 'decimal': {
      const scale = Math.min(type.scale, MAX_DECIMAL_SCALE);
      const precision = Math.min(Math.max(type.length, scale, 1), MAX_DECIMAL_PRECISION);
      return typed('decimal', { unsigned: type.unsigned, length: precision, scale });
    }
    case 'double':
      return type.singlePrecision
        ? typed('float')
        : type.scale < NOT_FIXED_SCALE && type.length > 0
          ? typed('double', { length: type.length, scale: type.scale })
          : typed('double');
    case 'string': {
      const length = Math.max(type.length || UNKNOWN_STRING_LENGTH, longest);
      const collation = type.collation.name;
      if (length <= MAX_VARCHAR_CHARS) return typed('varchar', { length, collation });
      return typed(length <= 0xffffff ? 'mediumtext' : 'longtext', { collation });
    }
    case 'binary': {
      const length = Math.max(type.length || UNKNOWN_STRING_LENGTH, longest);
      if (length <= MAX_VARBINARY_BYTES) return typed('varbinary', { length });
      return typed(length <= 0xffffff ? 'mediumblob' : 'longblob');
    }
    case 'date':
      return typed('date');
    case 'datetime':
      return typed('datetime', { length: Math.min(type.scale, MAX_FSP) || null });
    case 'time':
      return typed('time', { length: Math.min(type.scale, MAX_FSP) || null });
  }
}
