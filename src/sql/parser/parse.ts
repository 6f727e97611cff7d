// The parser's entry: a normalized statement in, our AST out. Dispatches on the leading words.

import type { StatementNode } from '../ast/index.js';
import { notSupported, sqlError } from '../errors.js';
import { ER } from '../../server/constants/error-codes.js';
import {
  parseAlterSystem,
  parseAlterUser,
  parseCreateUser,
  parseDo,
  parseDropUser,
  parseFlush,
  parseGrant,
  parseKill,
  parseRevoke,
  parseSet,
  parseShow,
  parseTransactionStatement,
  parseUse,
} from './admin-parser.js';
import { parseAlterTable } from './alter-table-parser.js';
import {
  isViewHead,
  parseCreate,
  parseDrop,
  parseRename,
  parseTruncate,
  parseViewDefinition,
} from './ddl-parser.js';
import { parseAnalyze, parseDelete, parseInsert, parseUpdate } from './dml-parser.js';
import { parseOptimize } from './maintenance-parser.js';
import { normalize } from './normalize.js';
import type { NormalizedStatement } from './normalize.js';
import { parseQuery, parseTableName } from './query-parser.js';
import { TokenCursor } from './token-cursor.js';

export interface ParsedStatement {
  readonly statement: StatementNode;
  /** The meaning depends on lifted literal values: cache by full text, not by key. */
  readonly literalBound: boolean;
  /** Slots of the argument vector (lifted literals and `?`). */
  readonly slotCount: number;
  /** How many of the slots are `?` parameters. */
  readonly paramCount: number;
}

/** Statements MySQL has that we do not (yet): 1235 rather than a syntax error. */
const KNOWN_UNSUPPORTED = new Set([
  'LOCK',
  'UNLOCK',
  'CALL',
  'PREPARE',
  'EXECUTE',
  'DEALLOCATE',
  'HANDLER',
  'LOAD',
  'CHECK',
  'REPAIR',
  'CHECKSUM',
  'XA',
  'INSTALL',
  'UNINSTALL',
  'RESET',
  'PURGE',
  'CHANGE',
  'BINLOG',
  'CACHE',
  'SIGNAL',
  'RESIGNAL',
  'GET',
  'TABLE',
  'VALUES',
  'HELP',
  'SHUTDOWN',
]);

export function parseSql(sql: string): ParsedStatement {
  return parseNormalized(normalize(sql));
}

export function parseNormalized(statement: NormalizedStatement): ParsedStatement {
  const p = new TokenCursor(statement);
  const node = parseWith(p);
  return {
    statement: node,
    literalBound: p.literalBound,
    slotCount: statement.slots.length,
    paramCount: statement.slots.filter((s) => s.literal === null).length,
  };
}

function parseWith(p: TokenCursor): StatementNode {
  const first = p.peek();
  if (first.type === 'eof' || (first.type === 'op' && first.text === ';'))
    throw sqlError(ER.EMPTY_QUERY);
  const verb = first.type === 'word' ? first.text.toUpperCase() : first.text;
  let node: StatementNode;
  switch (verb) {
    case 'SELECT':
    case 'WITH':
    case '(':
      node = parseQuery(p);
      break;
    case 'INSERT':
    case 'REPLACE':
      node = parseInsert(p);
      break;
    case 'UPDATE':
      node = parseUpdate(p);
      break;
    case 'DELETE':
      node = parseDelete(p);
      break;
    case 'CREATE':
      return p.isWord('USER', 1) || (p.isWord('OR', 1) && p.isWord('USER', 3))
        ? parseCreateUser(p)
        : parseCreate(p);
    case 'DROP':
      return p.isWord('USER', 1) ? parseDropUser(p) : parseDrop(p);
    case 'ALTER':
      if (p.isWord('USER', 1)) return parseAlterUser(p);
      if (p.isWord('TABLE', 1) || p.isWord('ONLINE', 1) || p.isWord('IGNORE', 1))
        return parseAlterTable(p);
      if (p.isWord('SYSTEM', 1)) return parseAlterSystem(p);
      if (isViewHead(p, 1)) {
        p.next();
        return parseViewDefinition(p, { orReplace: false, alter: true });
      }
      throw notSupported(`ALTER ${p.peek(1).text.toUpperCase()}`);
    case 'TRUNCATE':
      return parseTruncate(p);
    case 'RENAME':
      return parseRename(p);
    case 'OPTIMIZE':
      node = parseOptimize(p);
      break;
    case 'ANALYZE':
      node = parseAnalyze(p);
      break;
    case 'SET':
      return parseSet(p);
    case 'SHOW':
      return parseShow(p);
    case 'KILL':
      return parseKill(p);
    case 'USE':
      return parseUse(p);
    case 'BEGIN':
    case 'START':
    case 'COMMIT':
    case 'ROLLBACK':
    case 'SAVEPOINT':
    case 'RELEASE':
      return parseTransactionStatement(p);
    case 'GRANT':
      return parseGrant(p);
    case 'REVOKE':
      return parseRevoke(p);
    case 'FLUSH':
      return parseFlush(p);
    case 'DO':
      return parseDo(p);
    case 'EXPLAIN':
    case 'DESCRIBE':
    case 'DESC':
      return parseExplain(p);
    default:
      if (KNOWN_UNSUPPORTED.has(verb)) throw notSupported(verb);
      throw p.error();
  }
  p.expectEnd();
  return node;
}

function parseExplain(p: TokenCursor): StatementNode {
  p.next();
  if (p.acceptWord('FORMAT')) {
    p.expectOp('=');
    const format = p.identifier().toUpperCase();
    if (format !== 'TRADITIONAL') throw notSupported(`EXPLAIN FORMAT=${format}`);
  }
  if (p.isWord('ANALYZE') || p.isWord('EXTENDED') || p.isWord('PARTITIONS')) {
    throw notSupported(`EXPLAIN ${p.peek().text.toUpperCase()}`);
  }
  if (
    ['SELECT', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE', 'WITH'].some((w) => p.isWord(w)) ||
    p.isOp('(')
  ) {
    return { kind: 'Explain', statement: parseWith(p) };
  }
  const table = parseTableName(p);
  let like: string | null = null;
  if (!p.atEnd()) {
    const t = p.peek();
    like = t.type === 'string' ? p.stringConstant() : p.identifier();
  }
  p.expectEnd();
  return {
    kind: 'Show',
    what: 'COLUMNS',
    full: false,
    scope: 'session',
    table,
    database: null,
    like,
    where: null,
    user: null,
    limit: null,
  };
}
