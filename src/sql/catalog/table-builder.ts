// CREATE TABLE definitions checked and turned into a TableInfo: column types with their
// lengths, collations and defaults, the primary key (the row handle when it is one integer
// column), unique and secondary indexes, AUTO_INCREMENT and the table options.

import { ER } from '../../server/constants/error-codes.js';
import type { ColumnDefinition, CreateTableNode, IndexDefinition } from '../ast/index.js';
import { notSupported, sqlError } from '../errors.js';
import { literalType, literalValue } from '../expr/compile.js';
import type { EvalContext } from '../expr/eval-context.js';
import {
  collationByName,
  DEFAULT_COLLATION,
  defaultCollationOf,
  normalizeCharset,
} from '../types/collation.js';
import type { CollationInfo } from '../types/collation.js';
import { evalKindOf, isBlobOrText, isIntegerType, makeColumnType } from '../types/column-type.js';
import type { ColumnType } from '../types/column-type.js';
import { MAX_FSP } from '../types/datetime.js';
import { MAX_DECIMAL_PRECISION, MAX_DECIMAL_SCALE } from '../types/decimal.js';
import { coerceToColumn } from '../types/store-coerce.js';
import type {
  ColumnDefault,
  ColumnInfo,
  DatabaseInfo,
  IndexInfo,
  TableInfo,
  TableOptionsInfo,
} from './schema.js';

const DEFAULT_DECIMAL_PRECISION = 10;
const MAX_CHAR_LENGTH = 255;
const MAX_VARCHAR_LENGTH = 65_535;
const MAX_COLUMNS = 4096;
const MAX_INDEXES = 64;
const MAX_INDEX_COLUMNS = 16;
const MAX_DOUBLE_PRECISION = 255;
const MAX_FLOAT_SCALE = 30;

export function resolveCollation(
  charset: string | null,
  collation: string | null,
  fallback: CollationInfo,
): CollationInfo {
  if (collation) {
    const c = collationByName(collation);
    if (!c) throw sqlError(ER.UNKNOWN_COLLATION, collation);
    if (charset && normalizeCharset(charset) !== c.charset)
      throw sqlError(ER.COLLATION_CHARSET_MISMATCH, collation, charset);
    return c;
  }
  if (charset) {
    const c = defaultCollationOf(charset);
    if (!c) throw sqlError(ER.UNKNOWN_CHARACTER_SET, charset);
    return c;
  }
  return fallback;
}

function columnType(def: ColumnDefinition, tableCollation: CollationInfo): ColumnType {
  const name = def.type;
  const kind = evalKindOf(name);
  switch (kind) {
    case 'int':
      return makeColumnType(name, {
        unsigned: def.unsigned || def.zerofill,
        length: def.length ?? 0,
      });
    case 'decimal': {
      const precision = def.length ?? DEFAULT_DECIMAL_PRECISION;
      const scale = def.scale ?? 0;
      if (precision > MAX_DECIMAL_PRECISION)
        throw sqlError(ER.TOO_BIG_PRECISION, precision, def.name, MAX_DECIMAL_PRECISION);
      if (scale > MAX_DECIMAL_SCALE)
        throw sqlError(ER.TOO_BIG_SCALE, scale, def.name, MAX_DECIMAL_SCALE);
      if (scale > precision) throw sqlError(ER.M_BIGGER_THAN_D, def.name);
      return makeColumnType(name, { unsigned: def.unsigned, length: precision, scale });
    }
    case 'double': {
      if (def.length !== null && def.scale === null && name === 'float' && def.length > 24) {
        return makeColumnType('double', { unsigned: def.unsigned });
      }
      if (def.scale !== null) {
        if (def.length! > MAX_DOUBLE_PRECISION)
          throw sqlError(ER.TOO_BIG_PRECISION, def.length!, def.name, MAX_DOUBLE_PRECISION);
        if (def.scale > MAX_FLOAT_SCALE)
          throw sqlError(ER.TOO_BIG_SCALE, def.scale, def.name, MAX_FLOAT_SCALE);
        if (def.scale > def.length!) throw sqlError(ER.M_BIGGER_THAN_D, def.name);
        return makeColumnType(name, {
          unsigned: def.unsigned,
          length: def.length!,
          scale: def.scale,
        });
      }
      return makeColumnType(name, { unsigned: def.unsigned });
    }
    case 'string': {
      const collation = resolveCollation(def.charset, def.collation, tableCollation);
      if (collation.charset === 'binary') {
        return columnType(
          {
            ...def,
            type: name === 'char' ? 'binary' : name === 'varchar' ? 'varbinary' : 'blob',
            charset: null,
            collation: null,
          },
          tableCollation,
        );
      }
      let length = def.length ?? 0;
      if (name === 'char') {
        length = def.length ?? 1;
        if (length > MAX_CHAR_LENGTH)
          throw sqlError(ER.TOO_BIG_FIELDLENGTH, def.name, MAX_CHAR_LENGTH);
      } else if (name === 'varchar') {
        if (def.length === null) throw sqlError(ER.PARSE_ERROR, `${def.name} varchar`, 1);
        if (length > MAX_VARCHAR_LENGTH)
          throw sqlError(ER.TOO_BIG_FIELDLENGTH, def.name, MAX_VARCHAR_LENGTH);
      } else length = 0;
      return makeColumnType(name, { length, collation });
    }
    case 'binary': {
      let length = def.length ?? 0;
      if (name === 'binary') length = def.length ?? 1;
      else if (name === 'varbinary' && def.length === null)
        throw sqlError(ER.PARSE_ERROR, `${def.name} varbinary`, 1);
      else if (name !== 'varbinary') length = 0;
      return makeColumnType(name, { length });
    }
    default: {
      const fsp = def.length ?? 0;
      if (name !== 'date' && name !== 'year' && fsp > MAX_FSP)
        throw sqlError(ER.TOO_BIG_PRECISION, fsp, def.name, MAX_FSP);
      return makeColumnType(name, {
        scale: name === 'date' || name === 'year' ? 0 : fsp,
        unsigned: name === 'year',
      });
    }
  }
}

/** Checks a DEFAULT against the column type and stores it in the column's representation. */
function columnDefault(def: ColumnDefinition, column: ColumnInfo, ctx: EvalContext): ColumnDefault {
  const node = def.defaultValue;
  if (!node) return column.notNull || column.autoIncrement ? { kind: 'none' } : { kind: 'null' };
  const kind = evalKindOf(column.type.name);
  if (node.kind === 'FunctionCall') {
    if (kind !== 'datetime') throw sqlError(ER.INVALID_DEFAULT, def.name);
    return { kind: 'now' };
  }
  let literal = node;
  let negate = false;
  if (node.kind === 'Unary' && node.op === 'NEG' && node.operand.kind === 'Literal') {
    literal = node.operand;
    negate = true;
  }
  if (literal.kind !== 'Literal') throw sqlError(ER.INVALID_DEFAULT, def.name);
  if (literal.type === 'null') {
    if (column.notNull) throw sqlError(ER.INVALID_DEFAULT, def.name);
    return { kind: 'null' };
  }
  if (column.autoIncrement) throw sqlError(ER.INVALID_DEFAULT, def.name);
  let value = literalValue(literal);
  if (negate) {
    if (typeof value === 'number') value = -value;
    else if (typeof value === 'bigint') value = -value;
    else if (value !== null && typeof value === 'object' && 'negate' in value)
      value = value.negate();
    else throw sqlError(ER.INVALID_DEFAULT, def.name);
  }
  try {
    const strictCtx: EvalContext = { ...ctx, strict: true };
    return {
      kind: 'value',
      value: coerceToColumn(value, literalType(literal), { column, rowNumber: 1 }, strictCtx),
    };
  } catch {
    throw sqlError(ER.INVALID_DEFAULT, def.name);
  }
}

export interface TableBuildInput {
  node: CreateTableNode;
  database: DatabaseInfo;
  tableId: number;
  nowMs: number;
  /** Context for checking defaults (strict). */
  ctx: EvalContext;
}

export function buildTable({ node, database, tableId, nowMs, ctx }: TableBuildInput): TableInfo {
  if (node.columns.length === 0) throw sqlError(ER.TABLE_MUST_HAVE_COLUMNS);
  if (node.columns.length > MAX_COLUMNS) throw notSupported(`more than ${MAX_COLUMNS} columns`);
  const options = node.options;
  const dbCollation = collationByName(database.collation) ?? DEFAULT_COLLATION;
  const tableCollation = resolveCollation(options.charset, options.collation, dbCollation);
  const seen = new Set<string>();
  const columns: ColumnInfo[] = [];
  const indexDefs: IndexDefinition[] = [...node.indexes];
  node.columns.forEach((def, offset) => {
    const lower = def.name.toLowerCase();
    if (seen.has(lower)) throw sqlError(ER.DUP_FIELDNAME, def.name);
    seen.add(lower);
    const type = columnType(def, tableCollation);
    const notNull = def.notNull === true || def.primaryKey;
    if (def.primaryKey && def.notNull === false) throw sqlError(ER.PRIMARY_CANT_HAVE_NULL);
    const base: ColumnInfo = {
      id: offset + 1,
      name: def.name,
      offset,
      type,
      notNull,
      defaultValue: { kind: 'none' },
      onUpdateNow: def.onUpdateCurrentTimestamp,
      autoIncrement: def.autoIncrement,
      zerofill: def.zerofill,
      comment: def.comment ?? '',
    };
    if (def.onUpdateCurrentTimestamp && evalKindOf(type.name) !== 'datetime')
      throw sqlError(ER.INVALID_DEFAULT, def.name);
    if (def.autoIncrement && !isIntegerType(type.name) && evalKindOf(type.name) !== 'double') {
      throw sqlError(ER.WRONG_FIELD_SPEC, def.name);
    }
    columns.push({ ...base, defaultValue: columnDefault(def, base, ctx) });
    if (def.primaryKey)
      indexDefs.push({
        name: 'PRIMARY',
        primary: true,
        unique: true,
        columns: [{ column: def.name, length: null, descending: false }],
        comment: null,
      });
    else if (def.unique)
      indexDefs.push({
        name: def.name,
        primary: false,
        unique: true,
        columns: [{ column: def.name, length: null, descending: false }],
        comment: null,
      });
  });

  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const indexes: IndexInfo[] = [];
  const indexNames = new Set<string>();
  let primaryCount = 0;
  for (const def of indexDefs) {
    if (def.primary && ++primaryCount > 1) throw sqlError(ER.MULTIPLE_PRI_KEY);
    if (def.columns.length > MAX_INDEX_COLUMNS) throw sqlError(ER.TOO_MANY_KEYS, MAX_INDEX_COLUMNS);
    const parts = def.columns.map((part) => {
      const column = byName.get(part.column.toLowerCase());
      if (!column) throw sqlError(ER.KEY_COLUMN_DOES_NOT_EXITS, part.column);
      const kind = evalKindOf(column.type.name);
      if (part.length !== null) {
        if (part.length === 0) throw sqlError(ER.KEY_PART_0, part.column);
        const isString = kind === 'string' || kind === 'binary';
        if (
          !isString ||
          (column.type.length > 0 &&
            part.length > column.type.length &&
            !isBlobOrText(column.type.name))
        ) {
          throw sqlError(ER.WRONG_SUB_KEY);
        }
      } else if (isBlobOrText(column.type.name))
        throw sqlError(ER.BLOB_KEY_WITHOUT_LENGTH, column.name);
      if (def.primary && !column.notNull) {
        columns[column.offset] = {
          ...column,
          notNull: true,
          defaultValue:
            column.defaultValue.kind === 'null' ? { kind: 'none' } : column.defaultValue,
        };
      }
      return { offset: column.offset, prefixLength: part.length, descending: part.descending };
    });
    let name = def.primary ? 'PRIMARY' : def.name;
    if (!name) {
      const first = columns[parts[0]!.offset]!.name;
      name = first;
      for (let n = 2; indexNames.has(name.toLowerCase()); n++) name = `${first}_${n}`;
    }
    if (indexNames.has(name.toLowerCase())) throw sqlError(ER.DUP_KEYNAME, name);
    indexNames.add(name.toLowerCase());
    indexes.push({
      id: indexes.length + 1,
      name,
      primary: def.primary,
      unique: def.unique,
      columns: parts,
      state: 'public',
      comment: def.comment ?? '',
    });
  }
  if (indexes.length > MAX_INDEXES) throw sqlError(ER.TOO_MANY_KEYS, MAX_INDEXES);
  // The primary key comes first, as MySQL lists it.
  indexes.sort((a, b) => Number(b.primary) - Number(a.primary));

  const autoColumns = columns.filter((c) => c.autoIncrement);
  if (autoColumns.length > 1) throw sqlError(ER.WRONG_AUTO_KEY);
  const autoIncrementColumn = autoColumns[0]?.offset ?? -1;
  if (
    autoIncrementColumn >= 0 &&
    !indexes.some((i) => i.columns[0]!.offset === autoIncrementColumn)
  ) {
    throw sqlError(ER.WRONG_AUTO_KEY);
  }

  const primary = indexes.find((i) => i.primary);
  let handleColumn = -1;
  if (primary && primary.columns.length === 1 && primary.columns[0]!.prefixLength === null) {
    const column = columns[primary.columns[0]!.offset]!;
    const isBigUnsigned = column.type.name === 'bigint' && column.type.unsigned;
    if (isIntegerType(column.type.name) && !isBigUnsigned) handleColumn = column.offset;
  }

  const tableOptions: TableOptionsInfo = {
    engine: 'InnoDB',
    charset: tableCollation.charset,
    collation: tableCollation.name,
    comment: options.comment ?? '',
    pageCompressed: options.pageCompressed ?? false,
    pageCompressionLevel: options.pageCompressionLevel,
    atomicWrites: options.atomicWrites ?? 'DEFAULT',
    dataDirectory: options.dataDirectory,
    autoIncrementStart: options.autoIncrement,
  };
  if (tableOptions.pageCompressionLevel !== null && !tableOptions.pageCompressed) {
    throw sqlError(ER.ILLEGAL_HA, 'InnoDB', node.table.name);
  }
  return {
    id: tableId,
    databaseId: database.id,
    name: node.table.name,
    columns,
    indexes,
    handleColumn,
    autoIncrementColumn,
    nextColumnId: columns.length + 1,
    nextIndexId: indexes.length + 1,
    options: tableOptions,
    updateVersion: 0,
    createTimeMs: nowMs,
  };
}
