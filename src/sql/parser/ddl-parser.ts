// CREATE/DROP DATABASE, CREATE/DROP/TRUNCATE TABLE, CREATE/DROP INDEX and the index forms of
// ALTER TABLE. CREATE TABLE's head and table options (MariaDB's PAGE_COMPRESSED,
// PAGE_COMPRESSION_LEVEL, ATOMIC_WRITES and DATA DIRECTORY among them) are ours; its
// definitions go to node-sql-parser (create-table-body.ts).

import type {
  CreateTableNode,
  IndexColumn,
  IndexDefinition,
  StatementNode,
  TableOptions,
} from '../ast/index.js';
import { notSupported, sqlError } from '../errors.js';
import { ER } from '../../server/constants/error-codes.js';
import { parseTableBody } from './create-table-body.js';
import { parseTableName } from './query-parser.js';
import type { TokenCursor } from './token-cursor.js';

const ATOMIC_WRITES_VALUES = ['ON', 'OFF', 'DEFAULT'] as const;
const SUPPORTED_ENGINE = 'INNODB';

export function parseCreate(p: TokenCursor): StatementNode {
  p.expectWord('CREATE');
  if (p.acceptWord('DATABASE') || p.acceptWord('SCHEMA')) return parseCreateDatabase(p);
  if (p.isWord('TEMPORARY')) throw notSupported('CREATE TEMPORARY TABLE');
  if (p.acceptWord('TABLE')) return parseCreateTable(p);
  if (p.isWord('UNIQUE') || p.isWord('INDEX') || p.isWord('FULLTEXT') || p.isWord('SPATIAL')) {
    return parseCreateIndex(p);
  }
  const what = p.peek().text || 'CREATE';
  throw notSupported(`CREATE ${what.toUpperCase()}`);
}

function parseCreateDatabase(p: TokenCursor): StatementNode {
  const ifNotExists = p.acceptWord('IF', 'NOT', 'EXISTS');
  const name = p.identifier();
  let charset: string | null = null;
  let collation: string | null = null;
  for (;;) {
    p.acceptWord('DEFAULT');
    if (p.acceptWord('CHARACTER', 'SET') || p.acceptWord('CHARSET')) {
      p.acceptOp('=');
      charset = p.name().toLowerCase();
    } else if (p.acceptWord('COLLATE')) {
      p.acceptOp('=');
      collation = p.name().toLowerCase();
    } else break;
  }
  return { kind: 'CreateDatabase', name, ifNotExists, charset, collation };
}

function parseCreateTable(p: TokenCursor): CreateTableNode {
  const ifNotExists = p.acceptWord('IF', 'NOT', 'EXISTS');
  const table = parseTableName(p);
  const emptyOptions = tableOptions(p, true);
  if (p.acceptWord('LIKE') || (p.isOp('(') && p.isWord('LIKE', 1))) {
    const paren = p.acceptOp('(');
    if (paren) p.expectWord('LIKE');
    const like = parseTableName(p);
    if (paren) p.expectOp(')');
    return {
      kind: 'CreateTable',
      table,
      ifNotExists,
      columns: [],
      indexes: [],
      options: emptyOptions,
      like,
    };
  }
  if (!p.isOp('(')) throw p.error();
  const body = bodyText(p);
  const { columns, indexes } = parseTableBody(body.text, p.sql, body.start);
  const options = tableOptions(p, false);
  if (p.isWord('AS') || p.isWord('SELECT') || p.isWord('IGNORE') || p.isWord('REPLACE')) {
    throw notSupported('CREATE TABLE … SELECT');
  }
  if (p.isWord('PARTITION')) throw notSupported('PARTITION BY');
  p.expectEnd();
  return { kind: 'CreateTable', table, ifNotExists, columns, indexes, options, like: null };
}

/** The parenthesized definitions, with REAL and DOUBLE PRECISION spelled as DOUBLE. */
function bodyText(p: TokenCursor): { text: string; start: number } {
  const open = p.next();
  let depth = 1;
  let text = '';
  let at = open.start;
  for (;;) {
    const t = p.next();
    if (t.type === 'eof') throw p.error(t);
    if (t.type === 'op' && t.text === '(') depth++;
    else if (t.type === 'op' && t.text === ')' && --depth === 0) {
      text += p.sql.slice(at, t.end);
      return { text, start: open.start };
    } else if (t.type === 'word' && t.text.toUpperCase() === 'REAL') {
      text += p.sql.slice(at, t.start) + 'DOUBLE';
      at = t.end;
    } else if (t.type === 'word' && t.text.toUpperCase() === 'PRECISION') {
      text += p.sql.slice(at, t.start);
      at = t.end;
    }
  }
}

function tableOptions(p: TokenCursor, headOnly: boolean): TableOptions {
  const options = {
    engine: null as string | null,
    charset: null as string | null,
    collation: null as string | null,
    comment: null as string | null,
    autoIncrement: null as bigint | null,
    pageCompressed: null as boolean | null,
    pageCompressionLevel: null as number | null,
    atomicWrites: null as TableOptions['atomicWrites'],
    dataDirectory: null as string | null,
  };
  if (headOnly) return options;
  for (;;) {
    p.acceptOp(',');
    const t = p.peek();
    if (t.type !== 'word') break;
    const word = t.text.toUpperCase();
    if (
      word === 'AS' ||
      word === 'SELECT' ||
      word === 'PARTITION' ||
      word === 'IGNORE' ||
      word === 'REPLACE'
    )
      break;
    p.next();
    switch (word) {
      case 'ENGINE': {
        p.acceptOp('=');
        const engine = p.name();
        if (engine.toUpperCase() !== SUPPORTED_ENGINE)
          throw sqlError(ER.UNKNOWN_STORAGE_ENGINE, engine);
        options.engine = 'InnoDB';
        break;
      }
      case 'DEFAULT':
        continue;
      case 'CHARSET':
      case 'CHARACTER':
        if (word === 'CHARACTER') p.expectWord('SET');
        p.acceptOp('=');
        options.charset = p.name().toLowerCase();
        break;
      case 'COLLATE':
        p.acceptOp('=');
        options.collation = p.name().toLowerCase();
        break;
      case 'COMMENT':
        p.acceptOp('=');
        options.comment = p.stringConstant();
        break;
      case 'AUTO_INCREMENT':
        p.acceptOp('=');
        options.autoIncrement = BigInt(p.integerConstant());
        break;
      case 'PAGE_COMPRESSED': {
        p.acceptOp('=');
        const value = optionWord(p);
        if (value !== '0' && value !== '1')
          throw sqlError(ER.WRONG_VALUE_FOR_VAR, 'PAGE_COMPRESSED', value);
        options.pageCompressed = value === '1';
        break;
      }
      case 'PAGE_COMPRESSION_LEVEL': {
        p.acceptOp('=');
        const value = Number(optionWord(p));
        if (!Number.isInteger(value) || value < 1 || value > 9) {
          throw sqlError(ER.WRONG_VALUE_FOR_VAR, 'PAGE_COMPRESSION_LEVEL', String(value));
        }
        options.pageCompressionLevel = value;
        break;
      }
      case 'ATOMIC_WRITES': {
        p.acceptOp('=');
        const value = optionWord(p).toUpperCase();
        const known = ATOMIC_WRITES_VALUES.find((v) => v === value);
        if (!known) throw sqlError(ER.WRONG_VALUE_FOR_VAR, 'ATOMIC_WRITES', value);
        options.atomicWrites = known;
        break;
      }
      case 'DATA':
        p.expectWord('DIRECTORY');
        p.acceptOp('=');
        options.dataDirectory = p.stringConstant();
        break;
      default:
        throw notSupported(`table option ${word}`);
    }
  }
  return options;
}

/** An option value: a number, a word or a string. */
function optionWord(p: TokenCursor): string {
  const t = p.peek();
  if (t.type === 'string') return p.stringConstant();
  if (t.type === 'number') return String(p.integerConstant());
  if (t.type === 'word') return p.identifier();
  throw p.error();
}

function parseIndexColumns(p: TokenCursor): IndexColumn[] {
  p.expectOp('(');
  const columns: IndexColumn[] = [];
  do {
    const column = p.identifier();
    let length: number | null = null;
    if (p.acceptOp('(')) {
      length = p.integerConstant();
      p.expectOp(')');
    }
    const descending = p.acceptWord('DESC');
    if (!descending) p.acceptWord('ASC');
    columns.push({ column, length, descending });
  } while (p.acceptOp(','));
  p.expectOp(')');
  return columns;
}

function skipIndexType(p: TokenCursor): void {
  while (p.acceptWord('USING')) p.identifier();
}

function parseCreateIndex(p: TokenCursor): StatementNode {
  if (p.isWord('FULLTEXT') || p.isWord('SPATIAL')) throw notSupported('FULLTEXT/SPATIAL indexes');
  const unique = p.acceptWord('UNIQUE');
  p.expectWord('INDEX');
  const ifNotExists = p.acceptWord('IF', 'NOT', 'EXISTS');
  const name = p.identifier();
  skipIndexType(p);
  p.expectWord('ON');
  const table = parseTableName(p);
  const columns = parseIndexColumns(p);
  skipIndexType(p);
  let comment: string | null = null;
  if (p.acceptWord('COMMENT')) comment = p.stringConstant();
  p.expectEnd();
  const index: IndexDefinition = { name, primary: false, unique, columns, comment };
  return { kind: 'CreateIndex', table, index, ifNotExists };
}

export function parseDrop(p: TokenCursor): StatementNode {
  p.expectWord('DROP');
  if (p.acceptWord('DATABASE') || p.acceptWord('SCHEMA')) {
    const ifExists = p.acceptWord('IF', 'EXISTS');
    const name = p.identifier();
    p.expectEnd();
    return { kind: 'DropDatabase', name, ifExists };
  }
  if (p.isWord('TEMPORARY')) p.next();
  if (p.acceptWord('TABLE') || p.acceptWord('TABLES')) {
    const ifExists = p.acceptWord('IF', 'EXISTS');
    const tables = [parseTableName(p)];
    while (p.acceptOp(',')) tables.push(parseTableName(p));
    if (!p.acceptWord('RESTRICT')) p.acceptWord('CASCADE');
    p.expectEnd();
    return { kind: 'DropTable', tables, ifExists };
  }
  if (p.acceptWord('INDEX')) {
    const ifExists = p.acceptWord('IF', 'EXISTS');
    const name = p.identifier();
    p.expectWord('ON');
    const table = parseTableName(p);
    p.expectEnd();
    return { kind: 'DropIndex', table, name, ifExists };
  }
  const what = p.peek().text || 'DROP';
  throw notSupported(`DROP ${what.toUpperCase()}`);
}

export function parseTruncate(p: TokenCursor): StatementNode {
  p.expectWord('TRUNCATE');
  p.acceptWord('TABLE');
  const table = parseTableName(p);
  p.expectEnd();
  return { kind: 'TruncateTable', table };
}

/** ALTER TABLE t ADD [UNIQUE] INDEX|KEY … and DROP INDEX|KEY …; other forms are not yet here. */
export function parseAlterTable(p: TokenCursor): StatementNode {
  p.expectWord('ALTER');
  p.expectWord('TABLE');
  const table = parseTableName(p);
  if (p.acceptWord('ADD')) {
    const unique = p.acceptWord('UNIQUE');
    if (p.acceptWord('INDEX') || p.acceptWord('KEY') || unique) {
      const ifNotExists = p.acceptWord('IF', 'NOT', 'EXISTS');
      const name = p.isOp('(') ? null : p.identifier();
      skipIndexType(p);
      const columns = parseIndexColumns(p);
      skipIndexType(p);
      p.expectEnd();
      return {
        kind: 'CreateIndex',
        table,
        index: { name, primary: false, unique, columns, comment: null },
        ifNotExists,
      };
    }
  } else if (p.acceptWord('DROP') && (p.acceptWord('INDEX') || p.acceptWord('KEY'))) {
    const ifExists = p.acceptWord('IF', 'EXISTS');
    const name = p.identifier();
    p.expectEnd();
    return { kind: 'DropIndex', table, name, ifExists };
  }
  throw notSupported('this form of ALTER TABLE');
}
