// Result-set column definitions (ColumnDefinition41) from expression types, as MySQL describes
// them: a column reference keeps its table, type code and key flags; an expression gets the type
// of its value.

import { ColumnFlag } from '../../server/constants/column-flags.js';
import { ColumnType } from '../../server/constants/column-types.js';
import type { ColumnDefinition } from '../api.js';
import type { ExprType } from '../expr/expr-type.js';
import { NOT_FIXED_SCALE } from '../expr/expr-type.js';
import type { TableInfo } from '../catalog/schema.js';
import { BINARY_COLLATION } from '../types/collation.js';
import type { TypeName } from '../types/column-type.js';

const INT_TYPE_CODES: Partial<Record<TypeName, number>> = {
  tinyint: ColumnType.TINY,
  smallint: ColumnType.SHORT,
  mediumint: ColumnType.INT24,
  int: ColumnType.LONG,
  bigint: ColumnType.LONGLONG,
  year: ColumnType.YEAR,
};
const BLOB_LENGTHS: Partial<Record<TypeName, number>> = {
  tinytext: 255,
  tinyblob: 255,
  text: 65_535,
  blob: 65_535,
  mediumtext: 16_777_215,
  mediumblob: 16_777_215,
  longtext: 4_294_967_295,
  longblob: 4_294_967_295,
};
const DATE_LENGTH = 10;
const DATETIME_LENGTH = 19;
const TIME_LENGTH = 10;
const MAX_COLUMN_LENGTH = 4_294_967_295;

function keyFlags(table: TableInfo, offset: number): number {
  let flags = 0;
  for (const index of table.indexes) {
    const position = index.columns.findIndex((c) => c.offset === offset);
    if (position < 0) continue;
    if (index.primary) flags |= ColumnFlag.PRI_KEY;
    else if (index.unique && index.columns.length === 1) flags |= ColumnFlag.UNIQUE_KEY;
    else if (position === 0) flags |= ColumnFlag.MULTIPLE_KEY;
  }
  return flags;
}

export function resultColumn(name: string, type: ExprType, table?: TableInfo): ColumnDefinition {
  const source = type.source;
  const column = source?.column;
  const collation = type.kind === 'string' ? type.collation : BINARY_COLLATION;
  let flags = 0;
  if (!type.nullable && type.kind !== 'null') flags |= ColumnFlag.NOT_NULL;
  if (type.unsigned) flags |= ColumnFlag.UNSIGNED;
  let code: number;
  let length = type.length;
  let decimals = 0;
  switch (type.kind) {
    case 'null':
      code = ColumnType.NULL;
      flags |= ColumnFlag.BINARY;
      length = 0;
      break;
    case 'int':
      code = (column && INT_TYPE_CODES[column.type.name]) ?? ColumnType.LONGLONG;
      flags |= ColumnFlag.NUM;
      if (column && !column.type.length) length = type.length || 11;
      break;
    case 'decimal':
      code = ColumnType.NEWDECIMAL;
      decimals = type.scale;
      flags |= ColumnFlag.NUM;
      length =
        (column ? column.type.length : type.length) +
        (type.scale > 0 ? 1 : 0) +
        (type.unsigned ? 0 : 1);
      break;
    case 'double':
      code = type.singlePrecision ? ColumnType.FLOAT : ColumnType.DOUBLE;
      decimals = type.scale || NOT_FIXED_SCALE;
      flags |= ColumnFlag.NUM;
      length = type.singlePrecision ? 12 : 22;
      break;
    case 'date':
      code = ColumnType.DATE;
      length = DATE_LENGTH;
      flags |= ColumnFlag.BINARY;
      break;
    case 'datetime':
      code = column?.type.name === 'timestamp' ? ColumnType.TIMESTAMP : ColumnType.DATETIME;
      decimals = type.scale;
      length = DATETIME_LENGTH + (type.scale ? type.scale + 1 : 0);
      flags |= ColumnFlag.BINARY;
      break;
    case 'time':
      code = ColumnType.TIME;
      decimals = type.scale;
      length = TIME_LENGTH + (type.scale ? type.scale + 1 : 0);
      flags |= ColumnFlag.BINARY;
      break;
    default: {
      const blobLength = column ? BLOB_LENGTHS[column.type.name] : undefined;
      if (blobLength !== undefined) {
        code = ColumnType.BLOB;
        flags |= ColumnFlag.BLOB;
        length = blobLength;
      } else {
        code =
          column?.type.name === 'char' || column?.type.name === 'binary'
            ? ColumnType.STRING
            : ColumnType.VAR_STRING;
        length = Math.min(
          MAX_COLUMN_LENGTH,
          (length || 0) * (type.kind === 'string' ? collation.maxBytesPerChar : 1),
        );
      }
      if (type.kind === 'binary') flags |= ColumnFlag.BINARY;
    }
  }
  if (column && table) {
    flags |= keyFlags(table, column.offset);
    if (column.autoIncrement) flags |= ColumnFlag.AUTO_INCREMENT;
    if (column.zerofill) flags |= ColumnFlag.ZEROFILL;
    if (column.type.name === 'timestamp') flags |= ColumnFlag.TIMESTAMP;
    if (column.onUpdateNow) flags |= ColumnFlag.ON_UPDATE_NOW;
    if (column.defaultValue.kind === 'none' && column.notNull) flags |= ColumnFlag.NO_DEFAULT_VALUE;
  }
  return {
    schema: source?.database ?? '',
    table: source?.table ?? '',
    orgTable: source?.orgTable ?? '',
    name,
    orgName: column?.name ?? name,
    characterSet: collation.id,
    columnLength: length,
    type: code,
    flags,
    decimals,
  };
}
