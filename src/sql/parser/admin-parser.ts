// Session, account and server statements: SET (variables, NAMES, CHARACTER SET, TRANSACTION,
// PASSWORD), SHOW, KILL, USE, transactions and savepoints, CREATE/ALTER/DROP USER, GRANT,
// REVOKE, FLUSH and DO.

import type {
  ExprNode,
  IsolationLevel,
  PrivilegeLevel,
  ShowNode,
  ShowWhat,
  StatementNode,
  UserAuth,
  UserSpec,
  VariableAssignment,
} from '../ast/index.js';
import { notSupported } from '../errors.js';
import { parseExpr, parseExprList } from './expression-parser.js';
import { parseTableName } from './query-parser.js';
import type { TokenCursor } from './token-cursor.js';

const DEFAULT_HOST = '%';

export function parseSet(p: TokenCursor): StatementNode {
  p.expectWord('SET');
  if (p.acceptWord('NAMES')) {
    if (p.acceptWord('DEFAULT')) {
      p.expectEnd();
      return { kind: 'SetNames', charset: 'utf8mb4', collation: null, characterSetForm: false };
    }
    const charset = p.name().toLowerCase();
    const collation = p.acceptWord('COLLATE') ? p.name().toLowerCase() : null;
    p.expectEnd();
    return { kind: 'SetNames', charset, collation, characterSetForm: false };
  }
  if (p.acceptWord('CHARACTER', 'SET') || p.acceptWord('CHARSET')) {
    const charset = p.acceptWord('DEFAULT') ? 'utf8mb4' : p.name().toLowerCase();
    p.expectEnd();
    return { kind: 'SetNames', charset, collation: null, characterSetForm: true };
  }
  if (p.acceptWord('PASSWORD')) return parseSetPassword(p);
  let scope: 'session' | 'global' | null = null;
  if (p.isWord('GLOBAL') && p.isWord('TRANSACTION', 1)) scope = 'global';
  if ((p.isWord('SESSION') || p.isWord('LOCAL')) && p.isWord('TRANSACTION', 1)) scope = 'session';
  if (scope) p.next();
  if (p.acceptWord('TRANSACTION')) return parseSetTransaction(p, scope);

  const assignments: VariableAssignment[] = [];
  let currentScope: 'session' | 'global' = 'session';
  do {
    if (p.acceptWord('GLOBAL')) currentScope = 'global';
    else if (p.acceptWord('SESSION') || p.acceptWord('LOCAL')) currentScope = 'session';
    const t = p.next();
    let target: { scope: VariableAssignment['scope']; name: string };
    if (t.type === 'userVar') target = { scope: 'user', name: t.text };
    else if (t.type === 'systemVar') {
      const lower = t.text.toLowerCase();
      const dot = lower.indexOf('.');
      const prefix = dot > 0 ? lower.slice(0, dot) : '';
      if (prefix === 'global') target = { scope: 'global', name: lower.slice(dot + 1) };
      else if (prefix === 'session' || prefix === 'local')
        target = { scope: 'session', name: lower.slice(dot + 1) };
      else target = { scope: currentScope, name: lower };
    } else if (t.type === 'word' || t.type === 'quoted') {
      target = { scope: currentScope, name: t.text.toLowerCase() };
    } else throw p.error(t);
    if (!p.acceptOp('=') && !p.acceptOp(':=')) throw p.error();
    assignments.push({ ...target, value: parseSetValue(p) });
  } while (p.acceptOp(','));
  p.expectEnd();
  return { kind: 'SetVariables', assignments };
}

/** `= DEFAULT`, a bare word (ON, TRADITIONAL, READ-COMMITTED) as a string, or an expression. */
function parseSetValue(p: TokenCursor): ExprNode | null {
  const isEnd = (offset: number) =>
    p.peek(offset).type === 'eof' || p.isOp(',', offset) || p.isOp(';', offset);
  if (p.isWord('DEFAULT') && isEnd(1)) {
    p.next();
    return null;
  }
  const first = p.peek();
  if (first.type === 'word' && !['NULL', 'TRUE', 'FALSE'].includes(first.text.toUpperCase())) {
    let last = 0;
    while (p.isOp('-', last + 1) && p.peek(last + 2).type === 'word') last += 2;
    if (isEnd(last + 1)) {
      const end = p.peek(last).end;
      for (let i = 0; i <= last; i++) p.next();
      return { kind: 'Literal', type: 'string', value: p.sql.slice(first.start, end) };
    }
  }
  return parseExpr(p);
}

function parseSetTransaction(p: TokenCursor, scope: 'session' | 'global' | null): StatementNode {
  let isolation: IsolationLevel | null = null;
  let readOnly: boolean | null = null;
  do {
    if (p.acceptWord('ISOLATION', 'LEVEL')) {
      if (p.acceptWord('READ', 'UNCOMMITTED')) isolation = 'READ-UNCOMMITTED';
      else if (p.acceptWord('READ', 'COMMITTED')) isolation = 'READ-COMMITTED';
      else if (p.acceptWord('REPEATABLE', 'READ')) isolation = 'REPEATABLE-READ';
      else if (p.acceptWord('SERIALIZABLE')) isolation = 'SERIALIZABLE';
      else throw p.error();
    } else if (p.acceptWord('READ', 'ONLY')) readOnly = true;
    else if (p.acceptWord('READ', 'WRITE')) readOnly = false;
    else throw p.error();
  } while (p.acceptOp(','));
  p.expectEnd();
  return { kind: 'SetTransaction', scope, isolation, readOnly };
}

function parseSetPassword(p: TokenCursor): StatementNode {
  let user: UserSpec | null = null;
  if (p.acceptWord('FOR')) user = parseUserSpec(p);
  p.expectOp('=');
  let password: string;
  if (p.acceptWord('PASSWORD')) {
    p.expectOp('(');
    password = p.stringConstant();
    p.expectOp(')');
  } else password = p.stringConstant();
  p.expectEnd();
  const auth: UserAuth = {
    user: user?.user ?? '',
    host: user?.host ?? '',
    password,
    plugin: null,
    authString: null,
  };
  return { kind: 'AlterUser', users: [auth], ifExists: false, currentUser: user === null };
}

export function parseUserSpec(p: TokenCursor): UserSpec {
  if (p.acceptWord('CURRENT_USER')) {
    if (p.acceptOp('(')) p.expectOp(')');
    return { user: '', host: '' };
  }
  const user = p.name();
  const t = p.peek();
  if (t.type === 'userVar' && !t.spaced) {
    p.next();
    return { user, host: t.text };
  }
  return { user, host: DEFAULT_HOST };
}

function parseUserAuth(p: TokenCursor): UserAuth {
  const spec = parseUserSpec(p);
  let password: string | null = null;
  let plugin: string | null = null;
  let authString: string | null = null;
  if (p.acceptWord('IDENTIFIED')) {
    if (p.acceptWord('WITH')) {
      plugin = p.name().toLowerCase();
      if (p.acceptWord('BY')) password = p.stringConstant();
      else if (p.acceptWord('AS')) authString = p.stringConstant();
    } else if (p.acceptWord('BY')) {
      if (p.acceptWord('PASSWORD')) authString = p.stringConstant();
      else password = p.stringConstant();
    } else throw p.error();
  }
  return { ...spec, password, plugin, authString };
}

function expectUserEnd(p: TokenCursor): void {
  if (p.isWord('REQUIRE') || p.isWord('WITH') || p.isWord('PASSWORD') || p.isWord('ACCOUNT')) {
    throw notSupported(`${p.peek().text.toUpperCase()} options for accounts`);
  }
  p.expectEnd();
}

export function parseCreateUser(p: TokenCursor): StatementNode {
  p.expectWord('CREATE');
  const orReplace = p.acceptWord('OR', 'REPLACE');
  p.expectWord('USER');
  const ifNotExists = p.acceptWord('IF', 'NOT', 'EXISTS');
  const users = [parseUserAuth(p)];
  while (p.acceptOp(',')) users.push(parseUserAuth(p));
  expectUserEnd(p);
  return { kind: 'CreateUser', users, ifNotExists, orReplace };
}

/**
 * OceanBase's `ALTER SYSTEM SET name = value [, name = value …]`: the same as SET GLOBAL for each
 * setting. Its TENANT / ZONE / SERVER scoping has no meaning on one node and is refused.
 */
export function parseAlterSystem(p: TokenCursor): StatementNode {
  p.expectWord('ALTER');
  p.expectWord('SYSTEM');
  p.expectWord('SET');
  const assignments: VariableAssignment[] = [];
  do {
    const t = p.next();
    if (t.type !== 'word' && t.type !== 'quoted') throw p.error(t);
    if (!p.acceptOp('=')) throw p.error();
    assignments.push({ scope: 'global', name: t.text.toLowerCase(), value: parseSetValue(p) });
  } while (p.acceptOp(','));
  for (const word of ['TENANT', 'ZONE', 'SERVER', 'SCOPE']) {
    if (p.isWord(word)) throw notSupported(`ALTER SYSTEM SET … ${word}`);
  }
  p.expectEnd();
  return { kind: 'SetVariables', assignments };
}

export function parseAlterUser(p: TokenCursor): StatementNode {
  p.expectWord('ALTER');
  p.expectWord('USER');
  const ifExists = p.acceptWord('IF', 'EXISTS');
  const users = [parseUserAuth(p)];
  while (p.acceptOp(',')) users.push(parseUserAuth(p));
  expectUserEnd(p);
  const currentUser = users.length === 1 && users[0]!.user === '' && users[0]!.host === '';
  return { kind: 'AlterUser', users, ifExists, currentUser };
}

export function parseDropUser(p: TokenCursor): StatementNode {
  p.expectWord('DROP');
  p.expectWord('USER');
  const ifExists = p.acceptWord('IF', 'EXISTS');
  const users = [parseUserSpec(p)];
  while (p.acceptOp(',')) users.push(parseUserSpec(p));
  p.expectEnd();
  return { kind: 'DropUser', users, ifExists };
}

function parsePrivileges(p: TokenCursor): string[] {
  const privileges: string[] = [];
  do {
    const words: string[] = [];
    while (p.peek().type === 'word' && !p.isWord('ON') && !p.isWord('FROM'))
      words.push(p.next().text.toUpperCase());
    if (p.isOp('(')) throw notSupported('column privileges');
    if (words.length === 0) throw p.error();
    let privilege = words.join(' ');
    if (privilege === 'ALL PRIVILEGES') privilege = 'ALL';
    privileges.push(privilege);
  } while (p.acceptOp(','));
  return privileges;
}

function parsePrivilegeLevel(p: TokenCursor): PrivilegeLevel {
  p.acceptWord('TABLE');
  if (p.acceptOp('*')) {
    if (p.acceptOp('.')) {
      p.expectOp('*');
      return { database: '*', table: '*' };
    }
    return { database: null, table: '*' };
  }
  const first = p.identifier();
  if (p.acceptOp('.')) {
    if (p.acceptOp('*')) return { database: first, table: '*' };
    return { database: first, table: p.identifier() };
  }
  return { database: null, table: first };
}

export function parseGrant(p: TokenCursor): StatementNode {
  p.expectWord('GRANT');
  const privileges = parsePrivileges(p);
  p.expectWord('ON');
  const level = parsePrivilegeLevel(p);
  p.expectWord('TO');
  const users = [parseUserAuth(p)];
  while (p.acceptOp(',')) users.push(parseUserAuth(p));
  const withGrantOption = p.acceptWord('WITH', 'GRANT', 'OPTION');
  expectUserEnd(p);
  return { kind: 'Grant', privileges, level, users, withGrantOption };
}

export function parseRevoke(p: TokenCursor): StatementNode {
  p.expectWord('REVOKE');
  const privileges = parsePrivileges(p);
  const allAndGrantOption =
    privileges.length === 2 &&
    privileges[0] === 'ALL' &&
    privileges[1] === 'GRANT OPTION' &&
    p.isWord('FROM');
  const level: PrivilegeLevel = allAndGrantOption
    ? { database: '*', table: '*' }
    : (p.expectWord('ON'), parsePrivilegeLevel(p));
  p.expectWord('FROM');
  const users = [parseUserSpec(p)];
  while (p.acceptOp(',')) users.push(parseUserSpec(p));
  p.expectEnd();
  return { kind: 'Revoke', privileges, level, users, allAndGrantOption };
}

export function parseShow(p: TokenCursor): StatementNode {
  p.expectWord('SHOW');
  const base: Omit<ShowNode, 'what'> = {
    kind: 'Show',
    full: false,
    scope: 'session',
    table: null,
    database: null,
    like: null,
    where: null,
    user: null,
    limit: null,
  };
  const full = p.acceptWord('FULL');
  let scope: 'session' | 'global' = 'session';
  if (p.acceptWord('GLOBAL')) scope = 'global';
  else if (p.acceptWord('SESSION') || p.acceptWord('LOCAL')) scope = 'session';
  const done = (what: ShowWhat, extra: Partial<ShowNode> = {}): StatementNode => {
    const filter = parseShowFilter(p);
    p.expectEnd();
    return { ...base, full, scope, what, ...filter, ...extra };
  };
  if (p.acceptWord('DATABASES') || p.acceptWord('SCHEMAS')) return done('DATABASES');
  if (p.acceptWord('TABLES')) return done('TABLES', { database: fromDatabase(p) });
  if (p.acceptWord('TABLE', 'STATUS')) return done('TABLE_STATUS', { database: fromDatabase(p) });
  if (p.acceptWord('COLUMNS') || p.acceptWord('FIELDS')) {
    if (!p.acceptWord('FROM')) p.expectWord('IN');
    const table = parseTableName(p);
    const database = fromDatabase(p);
    return done('COLUMNS', { table: database ? { ...table, database } : table });
  }
  if (p.acceptWord('INDEX') || p.acceptWord('INDEXES') || p.acceptWord('KEYS')) {
    if (!p.acceptWord('FROM')) p.expectWord('IN');
    const table = parseTableName(p);
    const database = fromDatabase(p);
    return done('INDEX', { table: database ? { ...table, database } : table });
  }
  if (p.acceptWord('CREATE', 'TABLE')) return done('CREATE_TABLE', { table: parseTableName(p) });
  if (p.acceptWord('CREATE', 'VIEW')) return done('CREATE_VIEW', { table: parseTableName(p) });
  if (p.acceptWord('CREATE', 'TRIGGER'))
    return done('CREATE_TRIGGER', { table: parseTableName(p) });
  if (p.acceptWord('TRIGGERS')) return done('TRIGGERS', { database: fromDatabase(p) });
  if (p.acceptWord('CREATE', 'DATABASE') || p.acceptWord('CREATE', 'SCHEMA')) {
    p.acceptWord('IF', 'NOT', 'EXISTS');
    return done('CREATE_DATABASE', { database: p.identifier() });
  }
  if (p.acceptWord('CREATE', 'USER')) return done('CREATE_USER', { user: parseUserSpec(p) });
  if (p.acceptWord('VARIABLES')) return done('VARIABLES', { scope });
  if (p.acceptWord('STATUS')) return done('STATUS', { scope });
  if (p.acceptWord('WARNINGS')) return done('WARNINGS', { limit: showLimit(p) });
  if (p.acceptWord('ERRORS')) return done('ERRORS', { limit: showLimit(p) });
  if (p.acceptWord('COUNT')) {
    p.expectOp('(');
    p.expectOp('*');
    p.expectOp(')');
    if (p.acceptWord('WARNINGS')) return done('COUNT_WARNINGS');
    p.expectWord('ERRORS');
    return done('COUNT_ERRORS');
  }
  if (p.acceptWord('PROCESSLIST')) return done('PROCESSLIST');
  if (p.acceptWord('ENGINES') || p.acceptWord('STORAGE', 'ENGINES')) return done('ENGINES');
  if (p.acceptWord('COLLATION')) return done('COLLATION');
  if (p.acceptWord('CHARACTER', 'SET') || p.acceptWord('CHARSET')) return done('CHARSET');
  if (p.acceptWord('PRIVILEGES')) return done('PRIVILEGES');
  if (p.acceptWord('GRANTS')) {
    const user = p.acceptWord('FOR') ? parseUserSpec(p) : null;
    return done('GRANTS', { user });
  }
  throw notSupported(`SHOW ${p.peek().text.toUpperCase()}`);
}

function fromDatabase(p: TokenCursor): string | null {
  if (p.acceptWord('FROM') || p.acceptWord('IN')) return p.identifier();
  return null;
}

function showLimit(p: TokenCursor): number | null {
  if (!p.acceptWord('LIMIT')) return null;
  let count = p.integerConstant();
  if (p.acceptOp(',')) count = p.integerConstant();
  return count;
}

function parseShowFilter(p: TokenCursor): { like: string | null; where: ExprNode | null } {
  if (p.acceptWord('LIKE')) return { like: p.stringConstant(), where: null };
  if (p.acceptWord('WHERE')) return { like: null, where: parseExpr(p) };
  return { like: null, where: null };
}

export function parseKill(p: TokenCursor): StatementNode {
  p.expectWord('KILL');
  let query = false;
  if (p.acceptWord('QUERY')) query = true;
  else p.acceptWord('CONNECTION');
  const connectionId = parseExpr(p);
  p.expectEnd();
  return { kind: 'Kill', query, connectionId };
}

export function parseUse(p: TokenCursor): StatementNode {
  p.expectWord('USE');
  const name = p.identifier();
  p.expectEnd();
  return { kind: 'UseDatabase', name };
}

export function parseTransactionStatement(p: TokenCursor): StatementNode {
  if (p.acceptWord('BEGIN')) {
    p.acceptWord('WORK');
    p.expectEnd();
    return { kind: 'Begin', readOnly: false, consistentSnapshot: false };
  }
  if (p.acceptWord('START', 'TRANSACTION')) {
    let readOnly = false;
    let consistentSnapshot = false;
    if (!p.atEnd()) {
      do {
        if (p.acceptWord('READ', 'ONLY')) readOnly = true;
        else if (p.acceptWord('READ', 'WRITE')) readOnly = false;
        else if (p.acceptWord('WITH', 'CONSISTENT', 'SNAPSHOT')) consistentSnapshot = true;
        else throw p.error();
      } while (p.acceptOp(','));
    }
    p.expectEnd();
    return { kind: 'Begin', readOnly, consistentSnapshot };
  }
  if (p.acceptWord('COMMIT')) {
    p.acceptWord('WORK');
    if (p.isWord('AND') || p.isWord('RELEASE')) throw notSupported('COMMIT AND CHAIN / RELEASE');
    p.expectEnd();
    return { kind: 'Commit' };
  }
  if (p.acceptWord('ROLLBACK')) {
    p.acceptWord('WORK');
    let savepoint: string | null = null;
    if (p.acceptWord('TO')) {
      p.acceptWord('SAVEPOINT');
      savepoint = p.identifier();
    }
    if (p.isWord('AND') || p.isWord('RELEASE')) throw notSupported('ROLLBACK AND CHAIN / RELEASE');
    p.expectEnd();
    return { kind: 'Rollback', savepoint };
  }
  if (p.acceptWord('SAVEPOINT')) {
    const name = p.identifier();
    p.expectEnd();
    return { kind: 'Savepoint', name, release: false };
  }
  p.expectWord('RELEASE', 'SAVEPOINT');
  const name = p.identifier();
  p.expectEnd();
  return { kind: 'Savepoint', name, release: true };
}

export function parseFlush(p: TokenCursor): StatementNode {
  p.expectWord('FLUSH');
  if (!p.acceptWord('LOCAL')) p.acceptWord('NO_WRITE_TO_BINLOG');
  const t = p.next();
  const what = t.text.toUpperCase();
  if (what !== 'PRIVILEGES' && what !== 'TABLES' && what !== 'STATUS' && what !== 'LOGS') {
    throw notSupported(`FLUSH ${what}`);
  }
  p.expectEnd();
  return { kind: 'Flush', what };
}

export function parseDo(p: TokenCursor): StatementNode {
  p.expectWord('DO');
  const exprs = parseExprList(p);
  p.expectEnd();
  return { kind: 'Do', exprs };
}
