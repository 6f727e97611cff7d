// SHOW CREATE TABLE, SHOW CREATE VIEW and SHOW CREATE DATABASE text, in MariaDB 10.11's
// spelling: the engine's own options print quoted, `PAGE_COMPRESSED`='1'
// `PAGE_COMPRESSION_LEVEL`='6' `ATOMIC_WRITES`='ON', as MariaDB prints engine-defined
// attributes (and as information_schema.TABLES.CREATE_OPTIONS shows them).

import type {
  ColumnInfo,
  DatabaseInfo,
  IndexInfo,
  TableInfo,
  ViewInfo,
} from '../catalog/schema.js';
import { evalKindOf, formatColumnType } from '../types/column-type.js';
import type { Decimal } from '../types/decimal.js';
import { formatDouble } from '../types/format.js';
import type { Value } from '../types/value.js';

export function quoteIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

export function quoteString(text: string): string {
  return "'" + text.replace(/\\/g, '\\\\').replace(/'/g, "''") + "'";
}

/** A default value as SHOW CREATE TABLE and information_schema print it. */
export function defaultText(column: ColumnInfo): string | null {
  const d = column.defaultValue;
  if (d.kind === 'none') return null;
  if (d.kind === 'null') return 'NULL';
  if (d.kind === 'now')
    return column.type.scale ? `current_timestamp(${column.type.scale})` : 'current_timestamp()';
  return valueText(d.value, column);
}

function valueText(value: Value, column: ColumnInfo): string {
  const kind = evalKindOf(column.type.name);
  if (value === null) return 'NULL';
  if (kind === 'int') return String(value);
  if (kind === 'decimal') return (value as Decimal).toString();
  if (kind === 'double') return formatDouble(value as number);
  if (Buffer.isBuffer(value)) return quoteString(value.toString('latin1'));
  return quoteString(String(value));
}

function columnLine(column: ColumnInfo, table: TableInfo): string {
  let line = `  ${quoteIdentifier(column.name)} ${formatColumnType(column.type)}`;
  if (column.zerofill) line += ' zerofill';
  if (
    evalKindOf(column.type.name) === 'string' &&
    column.type.collation.name !== table.options.collation
  ) {
    line += ` CHARACTER SET ${column.type.collation.charset} COLLATE ${column.type.collation.name}`;
  }
  if (column.notNull) line += ' NOT NULL';
  // A nullable TIMESTAMP says so: TIMESTAMP columns were NOT NULL unless declared otherwise.
  else if (column.type.name === 'timestamp') line += ' NULL';
  const d = defaultText(column);
  if (d !== null) line += ` DEFAULT ${d}`;
  if (column.onUpdateNow)
    line += ` ON UPDATE ${column.type.scale ? `current_timestamp(${column.type.scale})` : 'current_timestamp()'}`;
  if (column.autoIncrement) line += ' AUTO_INCREMENT';
  if (column.comment) line += ` COMMENT ${quoteString(column.comment)}`;
  return line;
}

function indexLine(index: IndexInfo, table: TableInfo): string {
  const parts = index.columns
    .map(
      (c) =>
        quoteIdentifier(table.columns[c.offset]!.name) +
        (c.prefixLength !== null ? `(${c.prefixLength})` : '') +
        (c.descending ? ' DESC' : ''),
    )
    .join(',');
  const comment = index.comment ? ` COMMENT ${quoteString(index.comment)}` : '';
  if (index.primary) return `  PRIMARY KEY (${parts})${comment}`;
  return `  ${index.unique ? 'UNIQUE KEY' : 'KEY'} ${quoteIdentifier(index.name)} (${parts})${comment}`;
}

/** The engine-defined table options as MariaDB prints them (CREATE_OPTIONS, SHOW CREATE). */
export function createOptionsText(table: TableInfo): string {
  const o = table.options;
  const options: string[] = [];
  if (o.pageCompressed) options.push("`PAGE_COMPRESSED`='1'");
  if (o.pageCompressionLevel !== null)
    options.push(`\`PAGE_COMPRESSION_LEVEL\`='${o.pageCompressionLevel}'`);
  if (o.atomicWrites !== 'DEFAULT') options.push(`\`ATOMIC_WRITES\`='${o.atomicWrites}'`);
  return options.join(' ');
}

export function showCreateTable(table: TableInfo, nextAutoIncrement: bigint | null): string {
  const lines = [
    ...table.columns.map((c) => columnLine(c, table)),
    ...table.indexes.filter((i) => i.state === 'public').map((i) => indexLine(i, table)),
  ];
  const o = table.options;
  let options = `ENGINE=${o.engine}`;
  if (nextAutoIncrement !== null && nextAutoIncrement > 1n)
    options += ` AUTO_INCREMENT=${nextAutoIncrement}`;
  options += ` DEFAULT CHARSET=${o.charset} COLLATE=${o.collation}`;
  if (o.dataDirectory !== null) options += ` DATA DIRECTORY=${quoteString(o.dataDirectory)}`;
  if (o.comment) options += ` COMMENT=${quoteString(o.comment)}`;
  const engineOptions = createOptionsText(table);
  if (engineOptions) options += ` ${engineOptions}`;
  return `CREATE TABLE ${quoteIdentifier(table.name)} (\n${lines.join(',\n')}\n) ${options}`;
}

/** `'user'@'host'` of a definer kept as 'user@host'. */
function definerClause(definer: string): string {
  const at = definer.lastIndexOf('@');
  return `${quoteIdentifier(definer.slice(0, at))}@${quoteIdentifier(definer.slice(at + 1))}`;
}

export function showCreateView(view: ViewInfo): string {
  const columns =
    view.columns === null ? '' : ` (${view.columns.map((c) => quoteIdentifier(c)).join(',')})`;
  const check = view.checkOption === 'NONE' ? '' : ` WITH ${view.checkOption} CHECK OPTION`;
  return (
    `CREATE ALGORITHM=${view.algorithm} DEFINER=${definerClause(view.definer)} ` +
    `SQL SECURITY ${view.security} VIEW ${quoteIdentifier(view.name)}${columns} AS ` +
    `${view.definition}${check}`
  );
}

export function showCreateDatabase(db: DatabaseInfo): string {
  return `CREATE DATABASE ${quoteIdentifier(db.name)} /*!40100 DEFAULT CHARACTER SET ${db.charset} COLLATE ${db.collation} */`;
}
