// The column and index definitions of CREATE TABLE, parsed by node-sql-parser (MariaDB dialect)
// and translated into our nodes. This file is the only importer of node-sql-parser. Our front
// (ddl-parser.ts) hands it `CREATE TABLE t (…)` without the table options node-sql-parser lacks,
// with the type spellings it lacks (REAL, DOUBLE PRECISION) already rewritten.

// The MariaDB-only build: a fraction of the full bundle's size and load time.
import nodeSqlParser from 'node-sql-parser/build/mariadb.js';

import type { ColumnDefinition, ExprNode, IndexColumn, IndexDefinition } from '../ast/index.js';
import { notSupported, parseError } from '../errors.js';
import type { TypeName } from '../types/column-type.js';
import { unescapeString } from './lexer.js';
import { hexLiteral, numberLiteral, stringLiteral } from './literals.js';

const parser = new nodeSqlParser.Parser();
const DIALECT = { database: 'MariaDB' };

/* node-sql-parser's AST is untyped JSON; these are the fields we read. */
interface AnyNode {
  [key: string]: unknown;
}

const TYPE_NAMES: Record<string, TypeName> = {
  TINYINT: 'tinyint',
  BOOL: 'tinyint',
  BOOLEAN: 'tinyint',
  SMALLINT: 'smallint',
  MEDIUMINT: 'mediumint',
  INT: 'int',
  INTEGER: 'int',
  BIGINT: 'bigint',
  DECIMAL: 'decimal',
  NUMERIC: 'decimal',
  DEC: 'decimal',
  FLOAT: 'float',
  DOUBLE: 'double',
  CHAR: 'char',
  VARCHAR: 'varchar',
  TINYTEXT: 'tinytext',
  TEXT: 'text',
  MEDIUMTEXT: 'mediumtext',
  LONGTEXT: 'longtext',
  BINARY: 'binary',
  VARBINARY: 'varbinary',
  TINYBLOB: 'tinyblob',
  BLOB: 'blob',
  MEDIUMBLOB: 'mediumblob',
  LONGBLOB: 'longblob',
  DATE: 'date',
  DATETIME: 'datetime',
  TIMESTAMP: 'timestamp',
  TIME: 'time',
  YEAR: 'year',
};

export interface TableBody {
  columns: ColumnDefinition[];
  indexes: IndexDefinition[];
}

const HEADER = 'CREATE TABLE t ';

/**
 * Parses the parenthesized definitions `(…)` of a CREATE TABLE; bodyOffset is where they start in
 * the statement, so that a syntax error names the statement's own text.
 */
export function parseTableBody(body: string, statement: string, bodyOffset: number): TableBody {
  let ast: AnyNode;
  try {
    const result = parser.astify(HEADER + body, DIALECT) as unknown;
    ast = (Array.isArray(result) ? result[0] : result) as AnyNode;
  } catch (error) {
    const location = (error as { location?: { start?: { offset?: number } } }).location;
    const at = Math.max(0, (location?.start?.offset ?? HEADER.length) - HEADER.length);
    throw parseError(statement, Math.min(statement.length, bodyOffset + at));
  }
  const definitions = (ast.create_definitions as AnyNode[] | null) ?? [];
  const columns: ColumnDefinition[] = [];
  const indexes: IndexDefinition[] = [];
  for (const def of definitions) {
    if (def.resource === 'column') columns.push(translateColumn(def));
    else indexes.push(translateIndex(def));
  }
  return { columns, indexes };
}

/** Column attributes we read; any other one present is refused with 1235 (never ignored). */
const COLUMN_KEYS = new Set([
  'column',
  'definition',
  'resource',
  'nullable',
  'default_val',
  'auto_increment',
  'unique',
  'primary_key',
  'comment',
  'character_set',
  'collate',
  'on_update',
]);
const UNSUPPORTED_COLUMN_KEYS: Record<string, string> = {
  generated: 'generated columns',
  check: 'CHECK constraints',
  reference_definition: 'FOREIGN KEY',
  column_format: 'COLUMN_FORMAT',
  storage: 'STORAGE',
};

function translateColumn(def: AnyNode): ColumnDefinition {
  for (const [key, value] of Object.entries(def)) {
    if (value === null || value === undefined || COLUMN_KEYS.has(key)) continue;
    throw notSupported(UNSUPPORTED_COLUMN_KEYS[key] ?? `column attribute ${key}`);
  }
  const name = String((def.column as AnyNode).column);
  const definition = def.definition as AnyNode;
  const dataType = String(definition.dataType).toUpperCase();
  const type = TYPE_NAMES[dataType];
  if (!type) throw notSupported(`column type ${dataType}`);
  const suffix = ((definition.suffix as string[] | null) ?? []).map((s) => String(s).toUpperCase());
  const isBool = dataType === 'BOOL' || dataType === 'BOOLEAN';
  const defaultNode = (def.default_val as AnyNode | undefined)?.value as AnyNode | undefined;
  const onUpdate =
    (defaultNode?.over as AnyNode | undefined)?.type === 'on update' || def.on_update !== undefined;
  const charset = ((def.character_set as AnyNode | undefined)?.value as AnyNode | undefined)?.value;
  const collation = ((def.collate as AnyNode | undefined)?.collate as AnyNode | undefined)?.name;
  const comment = ((def.comment as AnyNode | undefined)?.value as AnyNode | undefined)?.value;
  const nullable = (def.nullable as AnyNode | undefined)?.type;
  return {
    name,
    type,
    unsigned: suffix.includes('UNSIGNED'),
    zerofill: suffix.includes('ZEROFILL'),
    length: isBool ? 1 : typeof definition.length === 'number' ? definition.length : null,
    scale: typeof definition.scale === 'number' ? definition.scale : null,
    charset: typeof charset === 'string' ? charset.toLowerCase() : null,
    collation: typeof collation === 'string' ? collation.toLowerCase() : null,
    notNull: nullable === 'not null' ? true : nullable === 'null' ? false : null,
    defaultValue: defaultNode ? translateDefault(defaultNode) : null,
    onUpdateCurrentTimestamp: onUpdate,
    autoIncrement: def.auto_increment !== undefined && def.auto_increment !== null,
    primaryKey: def.primary_key !== undefined && def.primary_key !== null,
    unique: def.unique !== undefined && def.unique !== null,
    comment: typeof comment === 'string' ? unescapeString(comment, "'") : null,
  };
}

/** DEFAULT values: literals, NULL, CURRENT_TIMESTAMP, and negated numbers. */
function translateDefault(node: AnyNode): ExprNode {
  switch (node.type) {
    case 'number':
    case 'bigint':
      return numberLiteral(String(node.value));
    case 'single_quote_string':
      return stringLiteral(unescapeString(String(node.value), "'"), null);
    case 'double_quote_string':
      return stringLiteral(unescapeString(String(node.value), '"'), null);
    case 'hex_string':
    case 'full_hex_string':
      return hexLiteral(String(node.value));
    case 'null':
      return { kind: 'Literal', type: 'null', value: null };
    case 'bool':
      return { kind: 'Literal', type: 'bool', value: node.value ? 1 : 0 };
    case 'unary_expr':
      if (node.operator === '-') {
        return { kind: 'Unary', op: 'NEG', operand: translateDefault(node.expr as AnyNode) };
      }
      break;
    case 'function': {
      const parts = ((node.name as AnyNode).name as AnyNode[]).map((n) =>
        String(n.value).toUpperCase(),
      );
      const name = parts.join('.');
      if (['CURRENT_TIMESTAMP', 'NOW', 'LOCALTIMESTAMP', 'LOCALTIME'].includes(name)) {
        return { kind: 'FunctionCall', name: 'CURRENT_TIMESTAMP', args: [] };
      }
      break;
    }
  }
  throw notSupported('this DEFAULT expression');
}

function translateIndex(def: AnyNode): IndexDefinition {
  const constraint = String(def.constraint_type ?? '').toLowerCase();
  if (constraint.startsWith('foreign')) throw notSupported('FOREIGN KEY');
  if (constraint.startsWith('check')) throw notSupported('CHECK constraints');
  const keyword = String(def.keyword ?? '').toLowerCase();
  if (keyword.startsWith('fulltext') || keyword.startsWith('spatial'))
    throw notSupported('FULLTEXT/SPATIAL indexes');
  const primary = constraint.startsWith('primary');
  const unique = primary || constraint.startsWith('unique');
  const columns: IndexColumn[] = ((def.definition as AnyNode[]) ?? []).map((c) => {
    if (c.type !== 'column_ref') throw notSupported('functional key parts');
    const suffix = typeof c.suffix === 'string' ? /\((\d+)\)/.exec(c.suffix) : null;
    return {
      column: String(c.column),
      length: suffix ? Number(suffix[1]) : null,
      descending: String(c.order_by ?? '').toUpperCase() === 'DESC',
    };
  });
  const name =
    typeof def.index === 'string'
      ? def.index
      : typeof def.constraint === 'string' && !primary
        ? def.constraint
        : null;
  const options = (def.index_options as AnyNode[] | null) ?? [];
  const comment = (options.find((o) => o.type === 'comment')?.value as AnyNode | undefined)?.value;
  return {
    name: primary ? 'PRIMARY' : name,
    primary,
    unique,
    columns,
    comment: typeof comment === 'string' ? unescapeString(comment, "'") : null,
  };
}
