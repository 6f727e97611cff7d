// CREATE/DROP DATABASE, CREATE/DROP/TRUNCATE/RENAME TABLE, CREATE/DROP INDEX, CREATE/ALTER/DROP
// VIEW and CREATE/DROP TRIGGER. CREATE TABLE's head is ours and its table options are in
// table-options-parser.ts; its column and key definitions go to node-sql-parser
// (create-table-body.ts). ALTER TABLE is in alter-table-parser.ts.

import type {
  ColumnDefinition,
  CreateTableNode,
  CreateViewNode,
  IndexColumn,
  IndexDefinition,
  QueryNode,
  StatementNode,
  UserSpec,
} from '../ast/index.js';
import type { ViewInfo } from '../catalog/schema.js';
import { notSupported, sqlError } from '../errors.js';
import { ER } from '../../server/constants/error-codes.js';
import { parseUserSpec } from './admin-parser.js';
import { parseTableBody } from './create-table-body.js';
import { emptyTableOptions, parseTableOptions } from './table-options-parser.js';
import { normalize } from './normalize.js';
import { parseQuery, parseTableName, startsQuery } from './query-parser.js';
import { TokenCursor } from './token-cursor.js';

export function parseCreate(p: TokenCursor): StatementNode {
  p.expectWord('CREATE');
  if (p.acceptWord('DATABASE') || p.acceptWord('SCHEMA')) return parseCreateDatabase(p);
  if (p.isWord('TEMPORARY')) throw notSupported('CREATE TEMPORARY TABLE');
  if (p.acceptWord('TABLE')) return parseCreateTable(p);
  if (p.isWord('UNIQUE') || p.isWord('INDEX') || p.isWord('FULLTEXT') || p.isWord('SPATIAL')) {
    return parseCreateIndex(p);
  }
  const orReplace = p.acceptWord('OR', 'REPLACE');
  if (isTriggerHead(p)) return parseCreateTrigger(p, orReplace);
  if (isViewHead(p)) return parseViewDefinition(p, { orReplace, alter: false });
  const what = p.peek().text || 'CREATE';
  throw notSupported(`CREATE ${orReplace ? 'OR REPLACE ' : ''}${what.toUpperCase()}`);
}

/** VIEW, or the view attributes that may come before it. */
export function isViewHead(p: TokenCursor, offset = 0): boolean {
  return (
    p.isWord('VIEW', offset) ||
    p.isWord('ALGORITHM', offset) ||
    p.isWord('DEFINER', offset) ||
    (p.isWord('SQL', offset) && p.isWord('SECURITY', offset + 1))
  );
}

/** Tokens a DEFINER clause may take before TRIGGER (DEFINER = CURRENT_USER ( ) is the longest). */
const MAX_DEFINER_TOKENS = 6;
/** The one trigger body we run: nothing. */
const EMPTY_TRIGGER_BODY = 'BEGIN END';

function isTriggerHead(p: TokenCursor): boolean {
  if (p.isWord('TRIGGER')) return true;
  if (!p.isWord('DEFINER')) return false;
  for (let i = 1; i <= MAX_DEFINER_TOKENS; i++) if (p.isWord('TRIGGER', i)) return true;
  return false;
}

/**
 * CREATE [OR REPLACE] [DEFINER = user] TRIGGER [IF NOT EXISTS] [db.]name {BEFORE | AFTER}
 * {INSERT | UPDATE | DELETE} ON table FOR EACH ROW BEGIN END.
 */
function parseCreateTrigger(p: TokenCursor, orReplace: boolean): StatementNode {
  let definer: UserSpec | null = null;
  if (p.acceptWord('DEFINER')) {
    p.expectOp('=');
    definer = parseUserSpec(p);
  }
  p.expectWord('TRIGGER');
  const ifNotExists = p.acceptWord('IF', 'NOT', 'EXISTS');
  const trigger = parseTableName(p);
  const timing = p.acceptWord('BEFORE') ? 'BEFORE' : (p.expectWord('AFTER'), 'AFTER');
  const eventWord = p.identifier().toUpperCase();
  if (eventWord !== 'INSERT' && eventWord !== 'UPDATE' && eventWord !== 'DELETE') throw p.error();
  p.expectWord('ON');
  const table = parseTableName(p);
  p.expectWord('FOR', 'EACH', 'ROW');
  if (p.isWord('FOLLOWS') || p.isWord('PRECEDES'))
    throw notSupported(`CREATE TRIGGER … ${p.peek().text.toUpperCase()}`);
  const body = p.rest().trim().replace(/;$/, '').trim();
  if (body.replace(/\s+/g, ' ').toUpperCase() !== EMPTY_TRIGGER_BODY)
    throw notSupported('trigger bodies other than BEGIN END');
  return {
    kind: 'CreateTrigger',
    trigger,
    table,
    timing,
    event: eventWord,
    orReplace,
    ifNotExists,
    definer,
    body,
    text: p.sql.trim().replace(/;$/, ''),
  };
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
  const base = {
    kind: 'CreateTable' as const,
    table,
    ifNotExists,
    columns: [] as ColumnDefinition[],
    indexes: [] as IndexDefinition[],
    like: null,
    query: null,
    ignoreDuplicates: false,
  };
  if (p.acceptWord('LIKE') || (p.isOp('(') && p.isWord('LIKE', 1))) {
    const paren = p.acceptOp('(');
    if (paren) p.expectWord('LIKE');
    const like = parseTableName(p);
    if (paren) p.expectOp(')');
    p.expectEnd();
    return { ...base, options: emptyTableOptions(), like };
  }
  let columns: ColumnDefinition[] = [];
  let indexes: IndexDefinition[] = [];
  if (p.isOp('(') && !startsQuery(p)) {
    const open = p.position;
    skipParenthesized(p);
    ({ columns, indexes } = parseTableBody(
      definitionText(p, open, p.position),
      p.sql,
      p.statement.tokens[open]!.start,
    ));
  }
  const options = parseTableOptions(p);
  if (p.isWord('PARTITION')) throw notSupported('PARTITION BY');
  if (p.isWord('WITH') && p.isWord('SYSTEM', 1)) throw notSupported('WITH SYSTEM VERSIONING');
  let ignoreDuplicates = false;
  if (p.acceptWord('IGNORE')) ignoreDuplicates = true;
  else if (p.isWord('REPLACE')) throw notSupported('CREATE TABLE … REPLACE SELECT');
  const as = p.acceptWord('AS');
  if (as || startsQuery(p)) {
    if (!startsQuery(p)) throw p.error();
    const query = parseQuery(p);
    p.expectEnd();
    return { ...base, columns, indexes, options, query, ignoreDuplicates };
  }
  if (ignoreDuplicates) throw p.error();
  if (columns.length === 0 && indexes.length === 0) throw p.error();
  p.expectEnd();
  return { ...base, columns, indexes, options };
}

/** Moves past a parenthesized group (the cursor is at its '('). */
function skipParenthesized(p: TokenCursor): void {
  p.expectOp('(');
  let depth = 1;
  while (depth > 0) {
    const t = p.next();
    if (t.type === 'eof') throw p.error(t);
    if (t.type === 'op' && t.text === '(') depth++;
    else if (t.type === 'op' && t.text === ')') depth--;
  }
}

/**
 * The text of tokens [from, to) for node-sql-parser, with REAL and DOUBLE PRECISION spelled as
 * DOUBLE (spellings it lacks).
 */
export function definitionText(p: TokenCursor, from: number, to: number): string {
  const tokens = p.statement.tokens;
  let text = '';
  let at = tokens[from]!.start;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    const word = t.type === 'word' ? t.text.toUpperCase() : '';
    if (word === 'REAL') {
      text += p.sql.slice(at, t.start) + 'DOUBLE';
      at = t.end;
    } else if (word === 'PRECISION') {
      text += p.sql.slice(at, t.start);
      at = t.end;
    }
  }
  return text + p.sql.slice(at, tokens[to - 1]!.end);
}

/** One column definition (`c INT NOT NULL …`) ending before a top-level ',' or ')', or stop words. */
export function parseColumnDefinition(
  p: TokenCursor,
  stopWords: readonly string[],
): ColumnDefinition {
  const from = p.position;
  let depth = 0;
  for (;;) {
    const t = p.peek();
    if (t.type === 'eof' || (t.type === 'op' && t.text === ';')) break;
    if (t.type === 'op' && t.text === '(') depth++;
    else if (t.type === 'op' && t.text === ')') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && t.type === 'op' && t.text === ',') break;
    else if (depth === 0 && p.position > from && stopWords.some((w) => p.isWord(w))) break;
    p.next();
  }
  if (p.position === from) throw p.error();
  const open = p.statement.tokens[from]!.start;
  const { columns, indexes } = parseTableBody(
    `(${definitionText(p, from, p.position)})`,
    p.sql,
    open - 1,
  );
  if (columns.length !== 1 || indexes.length !== 0) throw p.error(p.statement.tokens[from]);
  return columns[0]!;
}

export function parseIndexColumns(p: TokenCursor): IndexColumn[] {
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

/** USING BTREE|HASH and the other index options we keep: COMMENT. */
export function parseIndexOptions(p: TokenCursor): { comment: string | null } {
  let comment: string | null = null;
  for (;;) {
    if (p.acceptWord('USING')) p.identifier();
    else if (p.acceptWord('COMMENT')) comment = p.stringConstant();
    else if (p.acceptWord('KEY_BLOCK_SIZE')) {
      p.acceptOp('=');
      p.integerConstant();
    } else if (p.isWord('VISIBLE') || p.isWord('INVISIBLE') || p.isWord('IGNORED')) {
      throw notSupported(`${p.peek().text.toUpperCase()} indexes`);
    } else return { comment };
  }
}

function parseCreateIndex(p: TokenCursor): StatementNode {
  if (p.isWord('FULLTEXT') || p.isWord('SPATIAL')) throw notSupported('FULLTEXT/SPATIAL indexes');
  const unique = p.acceptWord('UNIQUE');
  p.expectWord('INDEX');
  const ifNotExists = p.acceptWord('IF', 'NOT', 'EXISTS');
  const name = p.identifier();
  parseIndexOptions(p);
  p.expectWord('ON');
  const table = parseTableName(p);
  const columns = parseIndexColumns(p);
  const { comment } = parseIndexOptions(p);
  if (p.isWord('ALGORITHM') || p.isWord('LOCK'))
    throw notSupported('CREATE INDEX … ALGORITHM/LOCK');
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
  if (p.acceptWord('TRIGGER')) {
    const ifExists = p.acceptWord('IF', 'EXISTS');
    const trigger = parseTableName(p);
    p.expectEnd();
    return { kind: 'DropTrigger', trigger, ifExists };
  }
  if (p.acceptWord('VIEW')) {
    const ifExists = p.acceptWord('IF', 'EXISTS');
    const views = [parseTableName(p)];
    while (p.acceptOp(',')) views.push(parseTableName(p));
    if (!p.acceptWord('RESTRICT')) p.acceptWord('CASCADE');
    p.expectEnd();
    return { kind: 'DropView', views, ifExists };
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

/** RENAME TABLE a TO b [, c TO d …]. */
export function parseRename(p: TokenCursor): StatementNode {
  p.expectWord('RENAME');
  if (!p.acceptWord('TABLE') && !p.acceptWord('TABLES')) {
    throw notSupported(`RENAME ${p.peek().text.toUpperCase()}`);
  }
  const renames: Array<{ from: ReturnType<typeof parseTableName>; to: typeof from }> = [];
  let from: ReturnType<typeof parseTableName>;
  do {
    from = parseTableName(p);
    if (p.isWord('WAIT') || p.isWord('NOWAIT')) throw notSupported('RENAME TABLE … WAIT/NOWAIT');
    p.expectWord('TO');
    renames.push({ from, to: parseTableName(p) });
  } while (p.acceptOp(','));
  p.expectEnd();
  return { kind: 'RenameTable', renames };
}

/**
 * [ALGORITHM = …] [DEFINER = user] [SQL SECURITY …] VIEW name [(columns)] AS query
 * [WITH [CASCADED | LOCAL] CHECK OPTION], after CREATE [OR REPLACE] or ALTER.
 */
export function parseViewDefinition(
  p: TokenCursor,
  mode: { orReplace: boolean; alter: boolean },
): CreateViewNode {
  let algorithm: CreateViewNode['algorithm'] = 'UNDEFINED';
  let security: CreateViewNode['security'] = 'DEFINER';
  let definer: CreateViewNode['definer'] = null;
  if (p.acceptWord('ALGORITHM')) {
    p.expectOp('=');
    const value = p.identifier().toUpperCase();
    if (value !== 'UNDEFINED' && value !== 'MERGE' && value !== 'TEMPTABLE') throw p.error();
    algorithm = value;
  }
  if (p.acceptWord('DEFINER')) {
    p.expectOp('=');
    definer = parseUserSpec(p);
  }
  if (p.acceptWord('SQL', 'SECURITY')) {
    const value = p.identifier().toUpperCase();
    if (value !== 'DEFINER' && value !== 'INVOKER') throw p.error();
    security = value;
  }
  p.expectWord('VIEW');
  if (p.isWord('IF')) throw notSupported('CREATE VIEW IF NOT EXISTS');
  const view = parseTableName(p);
  let columns: string[] | null = null;
  if (p.acceptOp('(')) {
    columns = [p.identifier()];
    while (p.acceptOp(',')) columns.push(p.identifier());
    p.expectOp(')');
  }
  p.expectWord('AS');
  if (!startsQuery(p)) throw p.error();
  const start = p.position;
  const query = parseQuery(p);
  const end = p.position;
  const tokens = p.statement.tokens;
  for (let i = start; i < end; i++) {
    const type = tokens[i]!.type;
    if (type === 'userVar' || type === 'param') throw sqlError(ER.VIEW_SELECT_VARIABLE);
  }
  let checkOption: CreateViewNode['checkOption'] = 'NONE';
  if (p.acceptWord('WITH')) {
    checkOption = 'CASCADED';
    if (p.acceptWord('LOCAL')) checkOption = 'LOCAL';
    else p.acceptWord('CASCADED');
    p.expectWord('CHECK', 'OPTION');
    throw notSupported('WITH CHECK OPTION');
  }
  p.expectEnd();
  return {
    kind: 'CreateView',
    view,
    orReplace: mode.orReplace,
    alter: mode.alter,
    columns,
    query,
    definition: p.textBetween(start, end),
    algorithm,
    definer,
    security,
    checkOption,
  };
}

const viewQueries = new WeakMap<ViewInfo, QueryNode>();

/**
 * The view's query as our AST with its column list applied as aliases, parsed once per view
 * version. The definition is parsed as the CREATE VIEW it came from, so that its literals stay
 * literals (a query alone would have them lifted into parameters).
 */
export function viewQuery(view: ViewInfo): QueryNode {
  let query = viewQueries.get(view);
  if (query) return query;
  const p = new TokenCursor(normalize(`CREATE VIEW v AS ${view.definition}`));
  p.expectWord('CREATE');
  query = renameColumns(parseViewDefinition(p, { orReplace: false, alter: false }).query, view);
  viewQueries.set(view, query);
  return query;
}

/** `CREATE VIEW v (a, b) AS SELECT x, y …` reads as `SELECT x AS a, y AS b …`. */
function renameColumns(query: QueryNode, view: ViewInfo): QueryNode {
  const names = view.columns;
  if (names === null) return query;
  if (query.kind === 'SetOperation') return { ...query, left: renameColumns(query.left, view) };
  if (query.items.length !== names.length) throw sqlError(ER.VIEW_WRONG_LIST);
  return { ...query, items: query.items.map((item, i) => ({ ...item, alias: names[i]! })) };
}
