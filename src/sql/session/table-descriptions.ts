// How tables, views and columns are described to clients, shared by information_schema and the
// SHOW statements: a table's status (row count, sizes, options), a column's row of
// information_schema.COLUMNS, its key flag, and a view's columns.

import type { ColumnInfo, TableInfo, ViewInfo } from '../catalog/schema.js';
import { tableStats } from '../catalog/table-stats.js';
import { describeViewColumns } from '../executor/ddl/views.js';
import { evalKindOf, formatColumnType } from '../types/column-type.js';
import type { TypeName } from '../types/column-type.js';
import type { Value } from '../types/value.js';
import { planEnv } from './executables.js';
import type { SqlSession } from './session.js';
import { createOptionsText, defaultText } from './show-create.js';

/** A view's columns, or none (with warning 1356) when its query no longer plans. */
export function viewColumns(session: SqlSession, db: string, view: ViewInfo): ColumnInfo[] {
  try {
    return describeViewColumns(view, db, planEnv(session, []), session.evalContext([], false));
  } catch (error) {
    const e = error as { errno?: number; message?: string };
    if (e.errno === undefined) throw error;
    session.warn('Warning', e.errno, e.message ?? '', []);
    return [];
  }
}

/** '2024-05-01 12:00:00' of a time in ms (UTC, as the catalog keeps it). */
export function timestampText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** InnoDB's table format version and row format, as MySQL reports them. */
const TABLE_VERSION = 10;
export const ROW_FORMAT = 'Dynamic';

/**
 * The columns SHOW TABLE STATUS and information_schema.TABLES share, from Engine to Comment:
 * row count and sizes of a table, or the NULLs and 'VIEW' comment of a view.
 */
export async function tableStatus(session: SqlSession, table: TableInfo): Promise<Value[]> {
  const services = session.services;
  const stats = await tableStats(services.store, table);
  const next =
    table.autoIncrementColumn >= 0 ? await services.catalog.autoIds.peek(table.id, 'auto') : null;
  const o = table.options;
  return [
    o.engine,
    TABLE_VERSION,
    ROW_FORMAT,
    stats.rows,
    stats.rows === 0 ? 0 : Math.round(stats.dataBytes / stats.rows),
    stats.dataBytes,
    0,
    stats.indexBytes,
    0,
    next,
    timestampText(table.createTimeMs),
    null,
    null,
    o.collation,
    null,
    createOptionsText(table),
    o.comment,
  ];
}

/** tableStatus of a view. */
export const VIEW_STATUS: readonly Value[] = [...new Array<Value>(16).fill(null), 'VIEW'];

/** Digits an integer type holds (MySQL's NUMERIC_PRECISION; BIGINT UNSIGNED holds 20). */
const INTEGER_DIGITS: Partial<Record<TypeName, number>> = {
  tinyint: 3,
  smallint: 5,
  mediumint: 7,
  int: 10,
  bigint: 19,
};
/** NUMERIC_PRECISION of FLOAT and DOUBLE: binary digits of the mantissa, as MySQL reports. */
const FLOAT_PRECISION = 12;
const DOUBLE_PRECISION = 22;

function numericPrecision(c: ColumnInfo): number | null {
  const name = c.type.name;
  const digits = INTEGER_DIGITS[name];
  if (digits !== undefined) return name === 'bigint' && c.type.unsigned ? digits + 1 : digits;
  if (name === 'decimal') return c.type.length;
  if (name === 'float') return c.type.length || FLOAT_PRECISION;
  if (name === 'double') return c.type.length || DOUBLE_PRECISION;
  return null;
}

/** Keys the planner may use (a key still being built by CREATE INDEX is left out). */
export function publicIndexes(table: TableInfo) {
  return table.indexes.filter((i) => i.state === 'public');
}

export function columnRow(db: string, table: string, c: ColumnInfo, key: string): Value[] {
  const kind = evalKindOf(c.type.name);
  const isString = kind === 'string';
  return [
    'def',
    db,
    table,
    c.name,
    c.offset + 1,
    defaultText(c),
    c.notNull ? 'NO' : 'YES',
    c.type.name,
    isString || kind === 'binary' ? c.type.length || null : null,
    isString
      ? (c.type.length || 0) * c.type.collation.maxBytesPerChar || null
      : kind === 'binary'
        ? c.type.length || null
        : null,
    numericPrecision(c),
    kind === 'decimal' ? c.type.scale : kind === 'int' ? 0 : null,
    kind === 'datetime' || kind === 'time' ? c.type.scale : null,
    isString ? c.type.collation.charset : null,
    isString ? c.type.collation.name : null,
    formatColumnType(c.type),
    key,
    c.autoIncrement ? 'auto_increment' : c.onUpdateNow ? 'on update current_timestamp()' : '',
    'select,insert,update,references',
    c.comment,
  ];
}

export function columnKey(table: TableInfo, column: ColumnInfo): string {
  for (const index of table.indexes) {
    const position = index.columns.findIndex((c) => c.offset === column.offset);
    if (position < 0) continue;
    if (index.primary) return 'PRI';
  }
  for (const index of table.indexes) {
    if (index.unique && index.columns.length === 1 && index.columns[0]!.offset === column.offset)
      return 'UNI';
  }
  for (const index of table.indexes) if (index.columns[0]!.offset === column.offset) return 'MUL';
  return '';
}
