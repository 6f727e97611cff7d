// CREATE TABLE definitions checked and turned into a TableInfo: column types with their
// lengths, collations and defaults, the primary key (the row handle when it is one integer
// column), unique and secondary indexes, AUTO_INCREMENT and the table options. ALTER TABLE
// builds its new definition from the same pieces (buildColumn, assembleTable, tableOptionsInfo).

import { ER } from '../../server/constants/error-codes.js';
import type { ColumnDefinition, CreateTableNode, ExprNode, IndexDefinition } from '../ast/index.js';
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

export function columnType(def: ColumnDefinition, tableCollation: CollationInfo): ColumnType {
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

/** Checks a DEFAULT expression against the column and stores it in the column's representation. */
export function columnDefaultOf(
  node: ExprNode | null,
  column: ColumnInfo,
  ctx: EvalContext,
): ColumnDefault {
  if (!node) return column.notNull || column.autoIncrement ? { kind: 'none' } : { kind: 'null' };
  const kind = evalKindOf(column.type.name);
  if (node.kind === 'FunctionCall') {
    if (kind !== 'datetime') throw sqlError(ER.INVALID_DEFAULT, column.name);
    return { kind: 'now' };
  }
  let literal = node;
  let negate = false;
  if (node.kind === 'Unary' && node.op === 'NEG' && node.operand.kind === 'Literal') {
    literal = node.operand;
    negate = true;
  }
  if (literal.kind !== 'Literal') throw sqlError(ER.INVALID_DEFAULT, column.name);
  if (literal.type === 'null') {
    if (column.notNull) throw sqlError(ER.INVALID_DEFAULT, column.name);
    return { kind: 'null' };
  }
  if (column.autoIncrement) throw sqlError(ER.INVALID_DEFAULT, column.name);
  let value = literalValue(literal);
  if (negate) {
    if (typeof value === 'number') value = -value;
    else if (typeof value === 'bigint') value = -value;
    else if (value !== null && typeof value === 'object' && 'negate' in value)
      value = value.negate();
    else throw sqlError(ER.INVALID_DEFAULT, column.name);
  }
  try {
    const strictCtx: EvalContext = { ...ctx, strict: true };
    return {
      kind: 'value',
      value: coerceToColumn(value, literalType(literal), { column, rowNumber: 1 }, strictCtx),
    };
  } catch {
    throw sqlError(ER.INVALID_DEFAULT, column.name);
  }
}

/** One column definition checked: its type, nullability, default and attributes. */
export function buildColumn(
  def: ColumnDefinition,
  placement: { id: number; offset: number },
  tableCollation: CollationInfo,
  ctx: EvalContext,
): ColumnInfo {
  const type = columnType(def, tableCollation);
  if (def.primaryKey && def.notNull === false) throw sqlError(ER.PRIMARY_CANT_HAVE_NULL);
  const base: ColumnInfo = {
    id: placement.id,
    name: def.name,
    offset: placement.offset,
    type,
    // MySQL makes PRIMARY KEY and AUTO_INCREMENT columns NOT NULL whatever the definition says.
    notNull: def.notNull === true || def.primaryKey || def.autoIncrement,
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
  return { ...base, defaultValue: columnDefaultOf(def.defaultValue, base, ctx) };
}

/** The keys a column definition declares inline (`c INT PRIMARY KEY`, `c INT UNIQUE`). */
export function inlineKeys(def: ColumnDefinition): IndexDefinition[] {
  const columns = [{ column: def.name, length: null, descending: false }];
  if (def.primaryKey)
    return [{ name: 'PRIMARY', primary: true, unique: true, columns, comment: null }];
  if (def.unique) return [{ name: def.name, primary: false, unique: true, columns, comment: null }];
  return [];
}

/** A key of a table being assembled: its definition, and its id when it keeps an existing one. */
export interface KeyDraft {
  readonly definition: IndexDefinition;
  readonly id: number | null;
  readonly state?: IndexInfo['state'];
}

export interface TableAssembly {
  readonly id: number;
  readonly databaseId: number;
  readonly name: string;
  /** In table order; offsets are assigned here. */
  readonly columns: readonly ColumnInfo[];
  readonly keys: readonly KeyDraft[];
  readonly options: TableOptionsInfo;
  readonly nextColumnId: number;
  /** The first id for keys without one. */
  readonly nextIndexId: number;
  readonly createTimeMs: number;
}

/**
 * Checks the keys against the columns and completes the table: key names and ids, primary key
 * columns made NOT NULL, the AUTO_INCREMENT column (which must lead a key), the row handle.
 */
export function assembleTable(input: TableAssembly): TableInfo {
  if (input.columns.length === 0) throw sqlError(ER.TABLE_MUST_HAVE_COLUMNS);
  if (input.columns.length > MAX_COLUMNS) throw notSupported(`more than ${MAX_COLUMNS} columns`);
  const seen = new Set<string>();
  const columns = input.columns.map((c, offset) => {
    const lower = c.name.toLowerCase();
    if (seen.has(lower)) throw sqlError(ER.DUP_FIELDNAME, c.name);
    seen.add(lower);
    return c.offset === offset ? c : { ...c, offset };
  });
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const indexes: IndexInfo[] = [];
  const indexNames = new Set<string>();
  let nextIndexId = input.nextIndexId;
  let primaryCount = 0;
  for (const { definition: def, id, state } of input.keys) {
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
      if (def.primary && !columns[column.offset]!.notNull) {
        const current = columns[column.offset]!;
        const notNull: ColumnInfo = {
          ...current,
          notNull: true,
          defaultValue:
            current.defaultValue.kind === 'null' ? { kind: 'none' } : current.defaultValue,
        };
        columns[column.offset] = notNull;
        byName.set(column.name.toLowerCase(), notNull);
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
      id: id ?? nextIndexId++,
      name,
      primary: def.primary,
      unique: def.unique,
      columns: parts,
      state: state ?? 'public',
      comment: def.comment ?? '',
    });
  }
  if (indexes.length > MAX_INDEXES) throw sqlError(ER.TOO_MANY_KEYS, MAX_INDEXES);
  // MySQL's key order: the primary key, unique keys over NOT NULL columns, other unique keys,
  // then the rest, each group in the order defined.
  const rank = (i: IndexInfo) =>
    i.primary ? 0 : i.unique ? (i.columns.every((p) => columns[p.offset]!.notNull) ? 1 : 2) : 3;
  indexes.sort((a, b) => rank(a) - rank(b));

  const autoColumns = columns.filter((c) => c.autoIncrement);
  if (autoColumns.length > 1) throw sqlError(ER.WRONG_AUTO_KEY);
  const autoIncrementColumn = autoColumns[0]?.offset ?? -1;
  if (
    autoIncrementColumn >= 0 &&
    !indexes.some((i) => i.columns[0]!.offset === autoIncrementColumn)
  ) {
    throw sqlError(ER.WRONG_AUTO_KEY);
  }
  return {
    id: input.id,
    databaseId: input.databaseId,
    name: input.name,
    columns,
    indexes,
    handleColumn: handleColumnOf(columns, indexes),
    autoIncrementColumn,
    nextColumnId: input.nextColumnId,
    nextIndexId: Math.max(nextIndexId, ...indexes.map((i) => i.id + 1)),
    options: input.options,
    updateVersion: 0,
    createTimeMs: input.createTimeMs,
  };
}

/** The integer primary key column that clusters the rows, or -1 (see TableInfo.handleColumn). */
function handleColumnOf(columns: readonly ColumnInfo[], indexes: readonly IndexInfo[]): number {
  const primary = indexes.find((i) => i.primary);
  if (!primary || primary.columns.length !== 1 || primary.columns[0]!.prefixLength !== null)
    return -1;
  const column = columns[primary.columns[0]!.offset]!;
  const isBigUnsigned = column.type.name === 'bigint' && column.type.unsigned;
  return isIntegerType(column.type.name) && !isBigUnsigned ? column.offset : -1;
}

/** Table options as stored. */
export function tableOptionsInfo(
  options: {
    comment: string | null;
    pageCompressed: boolean | null;
    pageCompressionLevel: number | null;
    atomicWrites: TableOptionsInfo['atomicWrites'] | null;
    dataDirectory: string | null;
    autoIncrement: bigint | null;
  },
  collation: CollationInfo,
): TableOptionsInfo {
  return {
    engine: 'InnoDB',
    charset: collation.charset,
    collation: collation.name,
    comment: options.comment ?? '',
    pageCompressed: options.pageCompressed ?? false,
    pageCompressionLevel: options.pageCompressionLevel,
    atomicWrites: options.atomicWrites ?? 'DEFAULT',
    dataDirectory: options.dataDirectory,
    autoIncrementStart: options.autoIncrement,
  };
}

/** InnoDB's errno for option combinations it refuses at CREATE TABLE (HA_WRONG_CREATE_OPTION). */
const WRONG_CREATE_OPTION_ERRNO = 140;

/**
 * PAGE_COMPRESSION_LEVEL needs PAGE_COMPRESSED=1: MariaDB refuses CREATE TABLE with 1005 and
 * ALTER TABLE with 1478.
 */
export function checkPageCompression(
  options: TableOptionsInfo,
  statement: 'create' | 'alter',
  database: string,
  table: string,
): void {
  if (options.pageCompressionLevel === null || options.pageCompressed) return;
  if (statement === 'alter')
    throw sqlError(ER.ILLEGAL_HA_CREATE_OPTION, 'InnoDB', 'PAGE_COMPRESSION_LEVEL');
  throw sqlError(
    ER.CANT_CREATE_TABLE,
    database,
    table,
    WRONG_CREATE_OPTION_ERRNO,
    'Wrong create options',
  );
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
  const options = node.options;
  const dbCollation = collationByName(database.collation) ?? DEFAULT_COLLATION;
  const tableCollation = resolveCollation(options.charset, options.collation, dbCollation);
  const keys: KeyDraft[] = node.indexes.map((definition) => ({ definition, id: null }));
  const columns = node.columns.map((def, offset) => {
    keys.push(...inlineKeys(def).map((definition) => ({ definition, id: null })));
    return buildColumn(def, { id: offset + 1, offset }, tableCollation, ctx);
  });
  const level = options.pageCompressionLevel;
  const optionsInfo = tableOptionsInfo(
    { ...options, pageCompressionLevel: level === 'DEFAULT' ? null : level },
    tableCollation,
  );
  checkPageCompression(optionsInfo, 'create', database.name, node.table.name);
  return assembleTable({
    id: tableId,
    databaseId: database.id,
    name: node.table.name,
    columns,
    keys,
    options: optionsInfo,
    nextColumnId: columns.length + 1,
    nextIndexId: 1,
    createTimeMs: nowMs,
  });
}
