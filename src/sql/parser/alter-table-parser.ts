// ALTER TABLE: a comma-separated list of alterations (columns, keys, renames, table options)
// with ALGORITHM and LOCK clauses, as MariaDB spells them. Column definitions go through
// node-sql-parser like CREATE TABLE's (ddl-parser.ts parseColumnDefinition).

import type {
  AlterAction,
  AlterAlgorithm,
  AlterLock,
  AlterTableNode,
  ColumnPosition,
  ExprNode,
  IndexDefinition,
} from '../ast/index.js';
import { notSupported } from '../errors.js';
import { parseColumnDefinition, parseIndexColumns, parseIndexOptions } from './ddl-parser.js';
import { parseExpr } from './expression-parser.js';
import { parseTableName } from './query-parser.js';
import { parseTableOptions } from './table-options-parser.js';
import type { TokenCursor } from './token-cursor.js';

const ALGORITHMS: readonly AlterAlgorithm[] = ['DEFAULT', 'COPY', 'INPLACE', 'NOCOPY', 'INSTANT'];
const LOCKS: readonly AlterLock[] = ['DEFAULT', 'NONE', 'SHARED', 'EXCLUSIVE'];
/** Words that end a column definition inside ALTER TABLE. */
const POSITION_WORDS = ['FIRST', 'AFTER'];
/** Spellings of CURRENT_TIMESTAMP a DEFAULT may use. */
const NOW_FUNCTIONS = new Set(['CURRENT_TIMESTAMP', 'NOW', 'LOCALTIME', 'LOCALTIMESTAMP']);

export function parseAlterTable(p: TokenCursor): AlterTableNode {
  p.expectWord('ALTER');
  if (p.acceptWord('ONLINE')) throw notSupported('ALTER ONLINE TABLE');
  if (p.acceptWord('IGNORE')) throw notSupported('ALTER IGNORE TABLE');
  p.expectWord('TABLE');
  if (p.isWord('IF', 0) && p.isWord('EXISTS', 1)) throw notSupported('ALTER TABLE IF EXISTS');
  const table = parseTableName(p);
  const actions: AlterAction[] = [];
  let algorithm: AlterAlgorithm = 'DEFAULT';
  let lock: AlterLock = 'DEFAULT';
  if (!p.atEnd()) {
    do {
      if (p.acceptWord('ALGORITHM')) {
        p.acceptOp('=');
        algorithm = oneOf(p, ALGORITHMS);
      } else if (p.acceptWord('LOCK')) {
        p.acceptOp('=');
        lock = oneOf(p, LOCKS);
      } else parseAction(p, actions);
    } while (p.acceptOp(','));
  }
  if (p.isWord('PARTITION')) throw notSupported('ALTER TABLE … PARTITION');
  p.expectEnd();
  return { kind: 'AlterTable', table, actions, algorithm, lock };
}

function oneOf<T extends string>(p: TokenCursor, values: readonly T[]): T {
  const word = p.identifier().toUpperCase();
  const found = values.find((v) => v === word);
  if (!found) throw p.error();
  return found;
}

function parseAction(p: TokenCursor, actions: AlterAction[]): void {
  const t = p.peek();
  const word = t.type === 'word' ? t.text.toUpperCase() : '';
  switch (word) {
    case 'ADD':
      p.next();
      parseAdd(p, actions);
      return;
    case 'DROP':
      p.next();
      actions.push(parseDropAction(p));
      return;
    case 'MODIFY': {
      p.next();
      p.acceptWord('COLUMN');
      const ifExists = p.acceptWord('IF', 'EXISTS');
      const column = parseColumnDefinition(p, POSITION_WORDS);
      const position = parsePosition(p);
      actions.push({ kind: 'changeColumn', name: column.name, column, position, ifExists });
      return;
    }
    case 'CHANGE': {
      p.next();
      p.acceptWord('COLUMN');
      const ifExists = p.acceptWord('IF', 'EXISTS');
      const name = p.identifier();
      const column = parseColumnDefinition(p, POSITION_WORDS);
      const position = parsePosition(p);
      actions.push({ kind: 'changeColumn', name, column, position, ifExists });
      return;
    }
    case 'ALTER': {
      p.next();
      if (p.isWord('INDEX') || p.isWord('KEY')) throw notSupported('ALTER INDEX … VISIBLE');
      p.acceptWord('COLUMN');
      const name = p.identifier();
      if (p.acceptWord('SET', 'DEFAULT')) {
        actions.push({ kind: 'columnDefault', name, value: parseDefaultValue(p) });
      } else if (p.acceptWord('DROP', 'DEFAULT')) {
        actions.push({ kind: 'columnDefault', name, value: null });
      } else throw p.error();
      return;
    }
    case 'RENAME':
      p.next();
      actions.push(parseRenameAction(p));
      return;
    case 'CONVERT': {
      p.next();
      p.expectWord('TO');
      if (!p.acceptWord('CHARSET')) p.expectWord('CHARACTER', 'SET');
      const charset = p.name().toLowerCase();
      const collation = p.acceptWord('COLLATE') ? p.name().toLowerCase() : null;
      actions.push({ kind: 'convertCharset', charset, collation });
      return;
    }
    case 'FORCE':
      p.next();
      actions.push({ kind: 'force' });
      return;
    case 'PARTITION':
      throw notSupported('ALTER TABLE … PARTITION');
    case 'ORDER':
    case 'DISCARD':
    case 'IMPORT':
    case 'ENABLE':
    case 'DISABLE':
    case 'COALESCE':
    case 'REORGANIZE':
    case 'REMOVE':
    case 'TRUNCATE':
    case 'EXCHANGE':
    case 'ANALYZE':
    case 'CHECK':
    case 'OPTIMIZE':
    case 'REBUILD':
    case 'REPAIR':
    case 'WITH':
    case 'WITHOUT':
      throw notSupported(`ALTER TABLE … ${word}`);
  }
  const options = parseTableOptions(p, true);
  if (Object.values(options).every((v) => v === null)) throw p.error();
  actions.push({ kind: 'tableOptions', options });
}

function parsePosition(p: TokenCursor): ColumnPosition {
  if (p.acceptWord('FIRST')) return { first: true };
  if (p.acceptWord('AFTER')) return { after: p.identifier() };
  return null;
}

function parseAdd(p: TokenCursor, actions: AlterAction[]): void {
  if (p.isWord('FULLTEXT') || p.isWord('SPATIAL')) throw notSupported('FULLTEXT/SPATIAL indexes');
  if (p.isWord('PARTITION')) throw notSupported('ALTER TABLE … ADD PARTITION');
  if (p.isWord('PERIOD') || p.isWord('SYSTEM')) throw notSupported('system versioning');
  let constraintName: string | null = null;
  if (p.acceptWord('CONSTRAINT')) {
    if (!p.isWord('PRIMARY') && !p.isWord('UNIQUE') && !p.isWord('FOREIGN') && !p.isWord('CHECK'))
      constraintName = p.identifier();
  }
  if (p.isWord('FOREIGN')) throw notSupported('FOREIGN KEY');
  if (p.isWord('CHECK')) throw notSupported('CHECK constraints');
  if (p.acceptWord('PRIMARY', 'KEY')) {
    parseIndexOptions(p);
    const columns = parseIndexColumns(p);
    const { comment } = parseIndexOptions(p);
    const index: IndexDefinition = {
      name: 'PRIMARY',
      primary: true,
      unique: true,
      columns,
      comment,
    };
    actions.push({ kind: 'addIndex', index, ifNotExists: false });
    return;
  }
  const unique = p.acceptWord('UNIQUE');
  if (p.acceptWord('INDEX') || p.acceptWord('KEY') || unique) {
    const ifNotExists = p.acceptWord('IF', 'NOT', 'EXISTS');
    const name = p.isOp('(') || p.isWord('USING') ? constraintName : p.identifier();
    parseIndexOptions(p);
    const columns = parseIndexColumns(p);
    const { comment } = parseIndexOptions(p);
    const index: IndexDefinition = { name, primary: false, unique, columns, comment };
    actions.push({ kind: 'addIndex', index, ifNotExists });
    return;
  }
  if (constraintName !== null) throw p.error();
  p.acceptWord('COLUMN');
  const ifNotExists = p.acceptWord('IF', 'NOT', 'EXISTS');
  if (p.acceptOp('(')) {
    do {
      const column = parseColumnDefinition(p, POSITION_WORDS);
      actions.push({ kind: 'addColumn', column, position: null, ifNotExists });
    } while (p.acceptOp(','));
    p.expectOp(')');
    return;
  }
  const column = parseColumnDefinition(p, POSITION_WORDS);
  actions.push({ kind: 'addColumn', column, position: parsePosition(p), ifNotExists });
}

function parseDropAction(p: TokenCursor): AlterAction {
  if (p.acceptWord('PRIMARY', 'KEY')) return { kind: 'dropPrimaryKey' };
  if (p.acceptWord('INDEX') || p.acceptWord('KEY')) {
    const ifExists = p.acceptWord('IF', 'EXISTS');
    return { kind: 'dropIndex', name: p.identifier(), ifExists };
  }
  if (p.isWord('FOREIGN') || p.isWord('CONSTRAINT') || p.isWord('CHECK'))
    throw notSupported(`ALTER TABLE … DROP ${p.peek().text.toUpperCase()}`);
  if (p.isWord('PARTITION')) throw notSupported('ALTER TABLE … DROP PARTITION');
  p.acceptWord('COLUMN');
  const ifExists = p.acceptWord('IF', 'EXISTS');
  const name = p.identifier();
  if (!p.acceptWord('RESTRICT')) p.acceptWord('CASCADE');
  return { kind: 'dropColumn', name, ifExists };
}

function parseRenameAction(p: TokenCursor): AlterAction {
  if (p.acceptWord('COLUMN')) {
    const from = p.identifier();
    p.expectWord('TO');
    return { kind: 'renameColumn', from, to: p.identifier() };
  }
  if (p.acceptWord('INDEX') || p.acceptWord('KEY')) {
    const from = p.identifier();
    p.expectWord('TO');
    return { kind: 'renameIndex', from, to: p.identifier() };
  }
  if (!p.acceptWord('TO')) p.acceptWord('AS');
  return { kind: 'renameTable', to: parseTableName(p) };
}

/** SET DEFAULT's value: a literal, a negated number, NULL or CURRENT_TIMESTAMP. */
function parseDefaultValue(p: TokenCursor): ExprNode {
  const start = p.peek();
  const value = parseExpr(p);
  if (value.kind === 'FunctionCall') {
    if (!NOW_FUNCTIONS.has(value.name.toUpperCase()) || value.args.length > 1)
      throw notSupported('this DEFAULT expression');
    return { kind: 'FunctionCall', name: 'CURRENT_TIMESTAMP', args: [] };
  }
  const isLiteral =
    value.kind === 'Literal' ||
    (value.kind === 'Unary' && value.op === 'NEG' && value.operand.kind === 'Literal');
  if (!isLiteral) throw notSupported(`DEFAULT ${p.sql.slice(start.start, p.peek().start).trim()}`);
  return value;
}
