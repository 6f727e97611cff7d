// SELECT statements: select list, FROM with joins and derived tables, WHERE, GROUP BY [WITH
// ROLLUP], HAVING, ORDER BY, LIMIT, FOR UPDATE / LOCK IN SHARE MODE, and UNION/INTERSECT/EXCEPT.

import type {
  ExprNode,
  FromNode,
  JoinType,
  LimitClause,
  OrderItem,
  QueryNode,
  SelectItem,
  SelectNode,
  TableRefNode,
} from '../ast/index.js';
import { ER } from '../../server/constants/error-codes.js';
import { notSupported, sqlError } from '../errors.js';
import { parseExpr } from './expression-parser.js';
import { isReserved } from './keywords.js';
import type { TokenCursor } from './token-cursor.js';

const SELECT_MODIFIERS = [
  'SQL_NO_CACHE',
  'SQL_CACHE',
  'SQL_CALC_FOUND_ROWS',
  'HIGH_PRIORITY',
  'STRAIGHT_JOIN',
  'SQL_SMALL_RESULT',
  'SQL_BIG_RESULT',
  'SQL_BUFFER_RESULT',
];

/** Whether a query (SELECT or a parenthesized one) starts here. */
export function startsQuery(p: TokenCursor): boolean {
  let offset = 0;
  while (p.isOp('(', offset)) offset++;
  return p.isWord('SELECT', offset) || p.isWord('WITH', offset);
}

export function parseQuery(p: TokenCursor): QueryNode {
  if (p.isWord('WITH')) throw notSupported('WITH (common table expressions)');
  const terms: Term[] = [];
  let left = parseIntersection(p, terms);
  for (;;) {
    let op: 'UNION' | 'EXCEPT' | null = null;
    if (p.acceptWord('UNION')) op = 'UNION';
    else if (p.acceptWord('EXCEPT')) op = 'EXCEPT';
    if (!op) break;
    const all = setQuantifier(p);
    const right = parseIntersection(p, terms);
    left = { kind: 'SetOperation', op, all, left, right, orderBy: [], limit: null };
  }
  if (left.kind !== 'SetOperation') return left;
  // ORDER BY and LIMIT after the last SELECT (not in parentheses) belong to the whole; before it
  // they need parentheses.
  const last = terms[terms.length - 1]!;
  let orderBy: OrderItem[] = [];
  let limit: LimitClause | null = null;
  if (!last.parenthesized && last.node.kind === 'Select') {
    orderBy = [...last.node.orderBy];
    limit = last.node.limit;
    if (orderBy.length || limit) {
      left = replaceTerm(left, last.node, { ...last.node, orderBy: [], limit: null });
    }
  }
  for (const term of terms.slice(0, -1)) {
    if (!term.parenthesized && term.node.kind === 'Select') {
      if (term.node.orderBy.length) throw sqlError(ER.WRONG_USAGE, 'UNION', 'ORDER BY');
      if (term.node.limit) throw sqlError(ER.WRONG_USAGE, 'UNION', 'LIMIT');
    }
  }
  if (p.acceptWord('ORDER', 'BY')) {
    if (orderBy.length) throw p.error();
    orderBy = parseOrderBy(p);
  }
  if (p.isWord('LIMIT')) {
    if (limit) throw p.error();
    limit = parseLimit(p);
  }
  return orderBy.length || limit ? { ...left, orderBy, limit } : left;
}

/** One operand of a set operation as written. */
interface Term {
  readonly node: QueryNode;
  readonly parenthesized: boolean;
}

/** The tree with one operand replaced. */
function replaceTerm(tree: QueryNode, from: QueryNode, to: QueryNode): QueryNode {
  if (tree === from) return to;
  if (tree.kind !== 'SetOperation') return tree;
  return {
    ...tree,
    left: replaceTerm(tree.left, from, to),
    right: replaceTerm(tree.right, from, to),
  };
}

/** INTERSECT binds tighter than UNION and EXCEPT (as in MariaDB 10.4 and MySQL 8.0.31). */
function parseIntersection(p: TokenCursor, terms: Term[]): QueryNode {
  let left = parseQueryTerm(p, terms);
  while (p.acceptWord('INTERSECT')) {
    const all = setQuantifier(p);
    const right = parseQueryTerm(p, terms);
    left = { kind: 'SetOperation', op: 'INTERSECT', all, left, right, orderBy: [], limit: null };
  }
  return left;
}

function setQuantifier(p: TokenCursor): boolean {
  const all = p.acceptWord('ALL');
  if (!all) p.acceptWord('DISTINCT');
  return all;
}

function parseQueryTerm(p: TokenCursor, terms: Term[]): QueryNode {
  if (p.acceptOp('(')) {
    const inner = parseQuery(p);
    p.expectOp(')');
    terms.push({ node: inner, parenthesized: true });
    return inner;
  }
  const node = parseSelect(p);
  terms.push({ node, parenthesized: false });
  return node;
}

export function parseSelect(p: TokenCursor): SelectNode {
  p.expectWord('SELECT');
  let distinct = false;
  for (;;) {
    if (p.acceptWord('DISTINCT') || p.acceptWord('DISTINCTROW')) distinct = true;
    else if (p.acceptWord('ALL')) continue;
    else if (SELECT_MODIFIERS.some((m) => p.isWord(m))) p.next();
    else break;
  }
  const items: SelectItem[] = [];
  do items.push(parseSelectItem(p));
  while (p.acceptOp(','));
  if (p.isWord('INTO')) throw notSupported('SELECT … INTO');
  const from = p.acceptWord('FROM') ? parseFromList(p) : [];
  const where = p.acceptWord('WHERE') ? parseExpr(p) : null;
  let groupBy: ExprNode[] = [];
  let withRollup = false;
  if (p.acceptWord('GROUP', 'BY')) {
    groupBy = parseGroupItems(p);
    withRollup = p.acceptWord('WITH', 'ROLLUP');
  }
  const having = p.acceptWord('HAVING') ? parseExpr(p) : null;
  if (p.isWord('WINDOW')) throw notSupported('WINDOW');
  const orderBy = p.acceptWord('ORDER', 'BY') ? parseOrderBy(p) : [];
  const limit = parseLimit(p);
  let lock: SelectNode['lock'] = null;
  if (p.acceptWord('FOR', 'UPDATE')) lock = 'FOR UPDATE';
  else if (p.acceptWord('LOCK', 'IN', 'SHARE', 'MODE') || p.acceptWord('FOR', 'SHARE')) {
    lock = 'LOCK IN SHARE MODE';
  }
  if (lock && (p.acceptWord('NOWAIT') || p.acceptWord('SKIP', 'LOCKED'))) {
    throw notSupported('NOWAIT / SKIP LOCKED');
  }
  return {
    kind: 'Select',
    distinct,
    items,
    from,
    where,
    groupBy,
    withRollup,
    having,
    orderBy,
    limit,
    lock,
  };
}

function parseSelectItem(p: TokenCursor): SelectItem {
  const start = p.position;
  const expr = parseExpr(p);
  const end = p.position;
  let alias: string | null = null;
  if (p.acceptWord('AS')) alias = p.name();
  else {
    const t = p.peek();
    if (t.type === 'quoted' || (t.type === 'string' && !p.isSlot(t))) alias = p.name();
    else if (t.type === 'word' && !isReserved(t.text)) alias = p.identifier();
  }
  if (alias === null && p.hasSlotBetween(start, end)) p.literalBound = true;
  return { expr, alias, text: p.textBetween(start, end) };
}

/** A literal integer in ORDER BY / GROUP BY is a column position, so it is read as a constant. */
function parsePositionalOrExpr(p: TokenCursor): ExprNode {
  const t = p.peek();
  const next = p.peek(1);
  const alone =
    next.type === 'eof' ||
    (next.type === 'op' && (next.text === ',' || next.text === ')' || next.text === ';')) ||
    (next.type === 'word' &&
      ['ASC', 'DESC', 'LIMIT', 'HAVING', 'WITH', 'ORDER', 'FOR', 'LOCK', 'UNION'].includes(
        next.text.toUpperCase(),
      ));
  if (t.type === 'number' && alone && p.isSlot(t)) return p.slotLiteral()!;
  return parseExpr(p);
}

function parseGroupItems(p: TokenCursor): ExprNode[] {
  const items = [parsePositionalOrExpr(p)];
  for (;;) {
    if (p.acceptWord('ASC') || p.acceptWord('DESC')) continue;
    if (!p.acceptOp(',')) return items;
    items.push(parsePositionalOrExpr(p));
  }
}

export function parseOrderBy(p: TokenCursor): OrderItem[] {
  const items: OrderItem[] = [];
  do {
    const expr = parsePositionalOrExpr(p);
    let descending = false;
    if (p.acceptWord('DESC')) descending = true;
    else p.acceptWord('ASC');
    items.push({ expr, descending });
  } while (p.acceptOp(','));
  return items;
}

export function parseLimit(p: TokenCursor): LimitClause | null {
  if (!p.acceptWord('LIMIT')) return null;
  const first = parseLimitValue(p);
  if (p.acceptOp(',')) return { count: parseLimitValue(p), offset: first };
  if (p.acceptWord('OFFSET')) return { count: first, offset: parseLimitValue(p) };
  return { count: first, offset: null };
}

function parseLimitValue(p: TokenCursor): ExprNode {
  const t = p.peek();
  if (p.isSlot(t)) return p.param();
  if (t.type === 'number' && /^\d+$/.test(t.text)) {
    p.next();
    const n = Number(t.text);
    return { kind: 'Literal', type: 'int', value: Number.isSafeInteger(n) ? n : BigInt(t.text) };
  }
  throw p.error();
}

export function parseFromList(p: TokenCursor): FromNode[] {
  if (p.acceptWord('DUAL')) return [];
  const list = [parseJoined(p)];
  while (p.acceptOp(',')) list.push(parseJoined(p));
  return list;
}

/** The join keyword at the cursor (consumed), or null when none follows. */
function parseJoinKeyword(p: TokenCursor): { type: JoinType; natural: boolean } | null {
  if (p.acceptWord('NATURAL')) {
    let type: JoinType = 'INNER';
    if (p.acceptWord('LEFT')) type = 'LEFT';
    else if (p.acceptWord('RIGHT')) type = 'RIGHT';
    else p.acceptWord('INNER');
    if (type !== 'INNER') p.acceptWord('OUTER');
    p.expectWord('JOIN');
    return { type, natural: true };
  }
  if (p.acceptWord('JOIN') || p.acceptWord('INNER', 'JOIN') || p.acceptWord('STRAIGHT_JOIN'))
    return { type: 'INNER', natural: false };
  if (p.acceptWord('CROSS', 'JOIN')) return { type: 'CROSS', natural: false };
  if (p.acceptWord('LEFT', 'OUTER', 'JOIN') || p.acceptWord('LEFT', 'JOIN'))
    return { type: 'LEFT', natural: false };
  if (p.acceptWord('RIGHT', 'OUTER', 'JOIN') || p.acceptWord('RIGHT', 'JOIN'))
    return { type: 'RIGHT', natural: false };
  return null;
}

function parseJoined(p: TokenCursor): FromNode {
  let left = parseTableFactor(p);
  for (;;) {
    const keyword = parseJoinKeyword(p);
    if (!keyword) return left;
    const { type, natural } = keyword;
    const right = parseTableFactor(p);
    let on: ExprNode | null = null;
    let using: string[] | null = null;
    if (!natural && p.acceptWord('ON')) on = parseExpr(p);
    else if (!natural && p.acceptWord('USING')) {
      p.expectOp('(');
      using = [p.identifier()];
      while (p.acceptOp(',')) using.push(p.identifier());
      p.expectOp(')');
    } else if (!natural && (type === 'LEFT' || type === 'RIGHT')) throw p.error();
    left = { kind: 'Join', type, left, right, on, using, natural };
  }
}

function parseTableFactor(p: TokenCursor): FromNode {
  if (p.isOp('(')) {
    if (startsQuery(p)) {
      p.expectOp('(');
      const query = parseQuery(p);
      p.expectOp(')');
      p.acceptWord('AS');
      const t = p.peek();
      if (t.type !== 'quoted' && (t.type !== 'word' || isReserved(t.text))) {
        throw sqlError(ER.DERIVED_MUST_HAVE_ALIAS);
      }
      return { kind: 'DerivedTable', query, alias: p.identifier() };
    }
    p.next();
    // `(t1, t2)` is the cross join of the list.
    let inner = parseJoined(p);
    while (p.acceptOp(',')) {
      const right = parseJoined(p);
      inner = {
        kind: 'Join',
        type: 'CROSS',
        left: inner,
        right,
        on: null,
        using: null,
        natural: false,
      };
    }
    p.expectOp(')');
    return inner;
  }
  const table = parseTableName(p);
  let alias: string | null = null;
  if (p.acceptWord('AS')) alias = p.identifier();
  else {
    const t = p.peek();
    if (t.type === 'quoted' || (t.type === 'word' && !isReserved(t.text))) alias = p.identifier();
  }
  while (p.isWord('USE') || p.isWord('FORCE') || p.isWord('IGNORE')) {
    if (!(p.isWord('INDEX', 1) || p.isWord('KEY', 1))) break;
    p.next();
    p.next();
    if (p.acceptWord('FOR')) {
      if (!p.acceptWord('JOIN') && !p.acceptWord('GROUP', 'BY')) p.expectWord('ORDER', 'BY');
    }
    p.expectOp('(');
    while (!p.acceptOp(')')) p.next();
  }
  return { ...table, alias };
}

/** `name` or `db.name`. */
export function parseTableName(p: TokenCursor): TableRefNode {
  const first = p.identifier();
  if (p.acceptOp('.'))
    return { kind: 'TableRef', database: first, name: p.identifier(), alias: null };
  return { kind: 'TableRef', database: null, name: first, alias: null };
}

/** Expressions of a VALUES row. */
export function parseValuesRow(p: TokenCursor): ExprNode[] {
  p.expectOp('(');
  if (p.acceptOp(')')) return [];
  const row: ExprNode[] = [];
  do row.push(p.standaloneParam() ?? parseExpr(p));
  while (p.acceptOp(','));
  p.expectOp(')');
  return row;
}
