// Expressions, with MySQL's operator precedence (lowest first): OR ||, XOR, AND &&, NOT,
// comparison / IS / LIKE / IN / BETWEEN, |, &, << >>, + -, * / DIV % MOD, ^, unary - ~ !, BINARY,
// COLLATE.

import type {
  AggregateName,
  BinaryOperator,
  CastTarget,
  CastTargetName,
  ComparisonOperator,
  ExprNode,
  IntervalUnit,
  OrderItem,
} from '../ast/index.js';
import { notSupported } from '../errors.js';
import { isReserved } from './keywords.js';
import { numberLiteral, stringLiteral, tokenLiteral } from './literals.js';
import { parseOrderBy, parseQuery, startsQuery } from './query-parser.js';
import type { TokenCursor } from './token-cursor.js';

const COMPARISONS: Record<string, ComparisonOperator> = {
  '=': '=',
  '<=>': '<=>',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

const AGGREGATES: Record<string, AggregateName> = {
  COUNT: 'COUNT',
  SUM: 'SUM',
  AVG: 'AVG',
  MIN: 'MIN',
  MAX: 'MAX',
  GROUP_CONCAT: 'GROUP_CONCAT',
  BIT_AND: 'BIT_AND',
  BIT_OR: 'BIT_OR',
  BIT_XOR: 'BIT_XOR',
  STD: 'STD',
  STDDEV: 'STD',
  STDDEV_POP: 'STD',
  VARIANCE: 'VARIANCE',
  VAR_POP: 'VARIANCE',
};

/** Functions callable without parentheses, as MySQL allows. */
const NILADIC = new Set([
  'CURRENT_TIMESTAMP',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_USER',
  'LOCALTIME',
  'LOCALTIMESTAMP',
  'UTC_TIMESTAMP',
  'UTC_DATE',
  'UTC_TIME',
]);

const INTERVAL_UNITS = new Set<IntervalUnit>([
  'MICROSECOND',
  'SECOND',
  'MINUTE',
  'HOUR',
  'DAY',
  'WEEK',
  'MONTH',
  'QUARTER',
  'YEAR',
]);

const CHARSET_INTRODUCERS = new Set([
  '_utf8mb4',
  '_utf8',
  '_utf8mb3',
  '_latin1',
  '_binary',
  '_ascii',
]);
const DEFAULT_GROUP_CONCAT_SEPARATOR = ',';

export function parseExpr(p: TokenCursor): ExprNode {
  return parseOr(p);
}

/** Comma-separated expressions. */
export function parseExprList(p: TokenCursor): ExprNode[] {
  const list = [parseExpr(p)];
  while (p.acceptOp(',')) list.push(parseExpr(p));
  return list;
}

function binary(op: BinaryOperator, left: ExprNode, right: ExprNode): ExprNode {
  return { kind: 'Binary', op, left, right };
}

function parseOr(p: TokenCursor): ExprNode {
  let left = parseXor(p);
  while (p.acceptWord('OR') || p.acceptOp('||')) left = binary('OR', left, parseXor(p));
  return left;
}

function parseXor(p: TokenCursor): ExprNode {
  let left = parseAnd(p);
  while (p.acceptWord('XOR')) left = binary('XOR', left, parseAnd(p));
  return left;
}

function parseAnd(p: TokenCursor): ExprNode {
  let left = parseNot(p);
  while (p.acceptWord('AND') || p.acceptOp('&&')) left = binary('AND', left, parseNot(p));
  return left;
}

function parseNot(p: TokenCursor): ExprNode {
  if (p.acceptWord('NOT')) return { kind: 'Unary', op: 'NOT', operand: parseNot(p) };
  return parseIsTruth(p);
}

function parseIsTruth(p: TokenCursor): ExprNode {
  let expr = parseBoolPrimary(p);
  for (;;) {
    const negated = p.isWord('IS') && p.isWord('NOT', 1);
    const offset = negated ? 2 : 1;
    if (!p.isWord('IS')) break;
    const truth = ['TRUE', 'FALSE', 'UNKNOWN'].find((w) => p.isWord(w, offset));
    if (!truth) break;
    p.next();
    if (negated) p.next();
    p.next();
    expr = { kind: 'IsTruth', expr, truth: truth as 'TRUE' | 'FALSE' | 'UNKNOWN', negated };
  }
  return expr;
}

function parseBoolPrimary(p: TokenCursor): ExprNode {
  let left = parsePredicate(p);
  for (;;) {
    if (p.isWord('IS')) {
      const negated = p.isWord('NOT', 1);
      if (!p.isWord('NULL', negated ? 2 : 1)) break;
      p.next();
      if (negated) p.next();
      p.next();
      left = { kind: 'IsNull', expr: left, negated };
      continue;
    }
    const t = p.peek();
    const op = t.type === 'op' ? COMPARISONS[t.text] : undefined;
    if (!op) break;
    p.next();
    if ((p.isWord('ANY') || p.isWord('SOME') || p.isWord('ALL')) && p.isOp('(', 1)) {
      const quantifier = p.next().text.toUpperCase() === 'ALL' ? 'ALL' : 'ANY';
      p.expectOp('(');
      if (!startsQuery(p)) throw p.error();
      const query = parseQuery(p);
      p.expectOp(')');
      left = { kind: 'QuantifiedComparison', op, quantifier, expr: left, query };
      continue;
    }
    left = binary(op, left, parsePredicate(p));
  }
  return left;
}

function parsePredicate(p: TokenCursor): ExprNode {
  const expr = parseBitOr(p);
  const negated =
    p.isWord('NOT') && ['IN', 'BETWEEN', 'LIKE', 'REGEXP', 'RLIKE'].some((w) => p.isWord(w, 1));
  if (negated) p.next();
  if (p.acceptWord('IN')) {
    p.expectOp('(');
    if (startsQuery(p)) {
      const query = parseQuery(p);
      p.expectOp(')');
      return { kind: 'InSubquery', expr, query, negated };
    }
    const list = parseExprList(p);
    p.expectOp(')');
    return { kind: 'InList', expr, list, negated };
  }
  if (p.acceptWord('BETWEEN')) {
    const low = parseBitOr(p);
    p.expectWord('AND');
    const high = parsePredicate(p);
    return { kind: 'Between', expr, low, high, negated };
  }
  if (p.acceptWord('LIKE')) {
    const pattern = parseBitOr(p);
    const escape = p.acceptWord('ESCAPE') ? parseUnary(p) : null;
    return { kind: 'Like', expr, pattern, escape, negated };
  }
  if (p.acceptWord('REGEXP') || p.acceptWord('RLIKE')) {
    return { kind: 'Regexp', expr, pattern: parseBitOr(p), negated };
  }
  if (negated) throw p.error();
  return expr;
}

function parseBitOr(p: TokenCursor): ExprNode {
  let left = parseBitAnd(p);
  while (p.acceptOp('|')) left = binary('|', left, parseBitAnd(p));
  return left;
}

function parseBitAnd(p: TokenCursor): ExprNode {
  let left = parseShift(p);
  while (p.acceptOp('&')) left = binary('&', left, parseShift(p));
  return left;
}

function parseShift(p: TokenCursor): ExprNode {
  let left = parseAdditive(p);
  for (;;) {
    if (p.acceptOp('<<')) left = binary('<<', left, parseAdditive(p));
    else if (p.acceptOp('>>')) left = binary('>>', left, parseAdditive(p));
    else return left;
  }
}

function parseAdditive(p: TokenCursor): ExprNode {
  let left = parseMultiplicative(p);
  for (;;) {
    const op = p.isOp('+') ? '+' : p.isOp('-') ? '-' : null;
    if (!op) return left;
    p.next();
    const right = parseMultiplicative(p);
    if (right.kind === 'Interval') {
      left = {
        kind: 'FunctionCall',
        name: op === '+' ? 'DATE_ADD' : 'DATE_SUB',
        args: [left, right],
      };
    } else left = binary(op, left, right);
  }
}

function parseMultiplicative(p: TokenCursor): ExprNode {
  let left = parseBitXor(p);
  for (;;) {
    let op: BinaryOperator | null = null;
    if (p.acceptOp('*')) op = '*';
    else if (p.acceptOp('/')) op = '/';
    else if (p.acceptOp('%') || p.acceptWord('MOD')) op = '%';
    else if (p.acceptWord('DIV')) op = 'DIV';
    if (!op) return left;
    left = binary(op, left, parseBitXor(p));
  }
}

function parseBitXor(p: TokenCursor): ExprNode {
  let left = parseUnary(p);
  while (p.acceptOp('^')) left = binary('^', left, parseUnary(p));
  return left;
}

function parseUnary(p: TokenCursor): ExprNode {
  if (p.acceptOp('-')) {
    const operand = parseUnary(p);
    return { kind: 'Unary', op: 'NEG', operand };
  }
  if (p.acceptOp('+')) return parseUnary(p);
  if (p.acceptOp('~')) return { kind: 'Unary', op: 'BITNOT', operand: parseUnary(p) };
  if (p.acceptOp('!')) return { kind: 'Unary', op: 'NOT', operand: parseUnary(p) };
  if (p.isWord('BINARY') && !p.isOp('(', 1)) {
    p.next();
    return { kind: 'Unary', op: 'BINARY', operand: parseUnary(p) };
  }
  let expr = parsePrimary(p);
  while (p.acceptWord('COLLATE')) expr = { kind: 'Collate', expr, collation: p.name() };
  return expr;
}

function parsePrimary(p: TokenCursor): ExprNode {
  const t = p.peek();
  if (p.isSlot(t)) return p.param();
  switch (t.type) {
    case 'number':
    case 'string':
    case 'hex':
    case 'bit': {
      p.next();
      return tokenLiteral(t)!;
    }
    case 'userVar':
      p.next();
      return { kind: 'Variable', scope: 'user', name: t.text };
    case 'systemVar':
      p.next();
      return systemVariable(t.text);
    case 'op':
      return parseOperatorPrimary(p);
    case 'quoted':
      return parseNameOrCall(p);
    case 'word':
      return parseWordPrimary(p);
    default:
      throw p.error();
  }
}

function systemVariable(text: string): ExprNode {
  const lower = text.toLowerCase();
  const dot = lower.indexOf('.');
  if (dot > 0) {
    const scope = lower.slice(0, dot);
    const name = lower.slice(dot + 1);
    if (scope === 'global') return { kind: 'Variable', scope: 'global', name };
    if (scope === 'session' || scope === 'local')
      return { kind: 'Variable', scope: 'session', name };
  }
  return { kind: 'Variable', scope: 'system', name: lower };
}

function parseOperatorPrimary(p: TokenCursor): ExprNode {
  if (p.acceptOp('*')) return { kind: 'Star', table: null };
  if (!p.acceptOp('(')) throw p.error();
  if (startsQuery(p)) {
    const query = parseQuery(p);
    p.expectOp(')');
    return { kind: 'Subquery', query };
  }
  const items = parseExprList(p);
  p.expectOp(')');
  return items.length === 1 ? items[0]! : { kind: 'RowExpr', items };
}

function parseWordPrimary(p: TokenCursor): ExprNode {
  const t = p.peek();
  const upper = t.text.toUpperCase();
  const next = p.peek(1);
  switch (upper) {
    case 'NULL':
      p.next();
      return { kind: 'Literal', type: 'null', value: null };
    case 'TRUE':
    case 'FALSE':
      p.next();
      return { kind: 'Literal', type: 'bool', value: upper === 'TRUE' ? 1 : 0 };
    case 'CASE':
      return parseCase(p);
    case 'EXISTS': {
      p.next();
      p.expectOp('(');
      const query = parseQuery(p);
      p.expectOp(')');
      return { kind: 'Exists', query, negated: false };
    }
    case 'CAST':
      return parseCast(p);
    case 'CONVERT':
      return parseConvert(p);
    case 'INTERVAL': {
      p.next();
      const value = parseExpr(p);
      return { kind: 'Interval', value, unit: intervalUnit(p) };
    }
    case 'DEFAULT': {
      p.next();
      if (p.acceptOp('(')) {
        const column = p.identifier();
        p.expectOp(')');
        return { kind: 'DefaultValue', column };
      }
      return { kind: 'DefaultValue', column: null };
    }
    case 'VALUES':
    case 'VALUE':
      if (next.type === 'op' && next.text === '(') {
        p.next();
        p.next();
        const column = p.identifier();
        p.expectOp(')');
        return { kind: 'ValuesRef', column };
      }
      break;
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      if (next.type === 'string') {
        p.next();
        p.next();
        const type = upper === 'DATE' ? 'date' : upper === 'TIME' ? 'time' : 'datetime';
        return { kind: 'Literal', type, value: next.text };
      }
      break;
    case 'N':
      if (next.type === 'string' && !next.spaced) {
        p.next();
        p.next();
        return stringLiteral(next.text, 'utf8mb3');
      }
      break;
    case 'MATCH':
      throw notSupported('MATCH … AGAINST');
  }
  if (CHARSET_INTRODUCERS.has(t.text.toLowerCase()) && next.type === 'string') {
    p.next();
    p.next();
    return stringLiteral(next.text, t.text.toLowerCase().slice(1));
  }
  if (NILADIC.has(upper) && !(next.type === 'op' && next.text === '(')) {
    p.next();
    return { kind: 'FunctionCall', name: upper, args: [] };
  }
  if (isReserved(upper) && !(next.type === 'op' && next.text === '(')) throw p.error();
  return parseNameOrCall(p);
}

function parseNameOrCall(p: TokenCursor): ExprNode {
  const first = p.next();
  if (first.type === 'word' && p.isOp('(')) return parseCall(p, first.text.toUpperCase());
  const parts = [first.text];
  while (p.isOp('.')) {
    p.next();
    if (p.acceptOp('*')) {
      if (parts.length > 2) throw p.error();
      return { kind: 'Star', table: parts[parts.length - 1]! };
    }
    parts.push(p.identifier());
  }
  if (parts.length > 3) throw p.error();
  const column = parts[parts.length - 1]!;
  const table = parts.length >= 2 ? parts[parts.length - 2]! : null;
  const database = parts.length === 3 ? parts[0]! : null;
  return { kind: 'ColumnRef', database, table, column };
}

function parseCall(p: TokenCursor, name: string): ExprNode {
  p.expectOp('(');
  const aggregate = AGGREGATES[name];
  if (aggregate) return parseAggregate(p, aggregate);
  switch (name) {
    case 'TRIM':
      return parseTrim(p);
    case 'SUBSTRING':
    case 'SUBSTR':
    case 'MID':
      return parseSubstring(p);
    case 'EXTRACT': {
      const unit = intervalUnit(p);
      p.expectWord('FROM');
      const from = parseExpr(p);
      p.expectOp(')');
      return { kind: 'FunctionCall', name: 'EXTRACT', args: [unitLiteral(unit), from] };
    }
    case 'POSITION': {
      const needle = parseBitOr(p);
      p.expectWord('IN');
      const haystack = parseExpr(p);
      p.expectOp(')');
      return { kind: 'FunctionCall', name: 'LOCATE', args: [needle, haystack] };
    }
    case 'TIMESTAMPDIFF':
    case 'TIMESTAMPADD': {
      const unit = intervalUnit(p);
      p.expectOp(',');
      const rest = parseExprList(p);
      p.expectOp(')');
      return { kind: 'FunctionCall', name, args: [unitLiteral(unit), ...rest] };
    }
  }
  const args = p.isOp(')') ? [] : parseExprList(p);
  if (name === 'CHAR' && p.acceptWord('USING')) p.name();
  p.expectOp(')');
  return { kind: 'FunctionCall', name, args };
}

function unitLiteral(unit: IntervalUnit): ExprNode {
  return { kind: 'Literal', type: 'string', value: unit };
}

function parseAggregate(p: TokenCursor, name: AggregateName): ExprNode {
  const distinct = p.acceptWord('DISTINCT');
  if (!distinct) p.acceptWord('ALL');
  let args: ExprNode[];
  if (name === 'COUNT' && p.isOp('*')) {
    p.next();
    args = [];
  } else args = parseExprList(p);
  let orderBy: OrderItem[] = [];
  let separator = DEFAULT_GROUP_CONCAT_SEPARATOR;
  if (name === 'GROUP_CONCAT') {
    if (p.acceptWord('ORDER', 'BY')) orderBy = parseOrderBy(p);
    if (p.acceptWord('SEPARATOR')) separator = p.stringConstant();
  }
  p.expectOp(')');
  if (p.isWord('OVER')) throw notSupported('window functions');
  if (args.length > 1 && !(name === 'GROUP_CONCAT' || (name === 'COUNT' && distinct))) {
    throw p.error();
  }
  return { kind: 'Aggregate', name, args, distinct, separator, orderBy };
}

function parseTrim(p: TokenCursor): ExprNode {
  let mode = 'BOTH';
  if (p.acceptWord('BOTH')) mode = 'BOTH';
  else if (p.acceptWord('LEADING')) mode = 'LEADING';
  else if (p.acceptWord('TRAILING')) mode = 'TRAILING';
  let remove: ExprNode | null = null;
  let from: ExprNode;
  if (p.acceptWord('FROM')) from = parseExpr(p);
  else {
    const first = parseExpr(p);
    if (p.acceptWord('FROM')) {
      remove = first;
      from = parseExpr(p);
    } else from = first;
  }
  p.expectOp(')');
  const modeLiteral: ExprNode = { kind: 'Literal', type: 'string', value: mode };
  const spaces: ExprNode = { kind: 'Literal', type: 'string', value: ' ' };
  return { kind: 'FunctionCall', name: 'TRIM', args: [from, remove ?? spaces, modeLiteral] };
}

function parseSubstring(p: TokenCursor): ExprNode {
  const str = parseExpr(p);
  const args = [str];
  if (p.acceptWord('FROM')) {
    args.push(parseExpr(p));
    if (p.acceptWord('FOR')) args.push(parseExpr(p));
  } else {
    while (p.acceptOp(',')) args.push(parseExpr(p));
  }
  p.expectOp(')');
  return { kind: 'FunctionCall', name: 'SUBSTRING', args };
}

function parseCase(p: TokenCursor): ExprNode {
  p.expectWord('CASE');
  const operand = p.isWord('WHEN') ? null : parseExpr(p);
  const whens: Array<{ when: ExprNode; then: ExprNode }> = [];
  while (p.acceptWord('WHEN')) {
    const when = parseExpr(p);
    p.expectWord('THEN');
    whens.push({ when, then: parseExpr(p) });
  }
  if (whens.length === 0) throw p.error();
  const otherwise = p.acceptWord('ELSE') ? parseExpr(p) : null;
  p.expectWord('END');
  return { kind: 'Case', operand, whens, otherwise };
}

function parseCast(p: TokenCursor): ExprNode {
  p.next();
  p.expectOp('(');
  const expr = parseExpr(p);
  p.expectWord('AS');
  const target = parseCastTarget(p);
  p.expectOp(')');
  return { kind: 'Cast', expr, target };
}

function parseConvert(p: TokenCursor): ExprNode {
  p.next();
  p.expectOp('(');
  const expr = parseExpr(p);
  if (p.acceptWord('USING')) {
    const charset = p.name().toLowerCase();
    p.expectOp(')');
    const name: CastTargetName = charset === 'binary' ? 'BINARY' : 'CHAR';
    return { kind: 'Cast', expr, target: { name, length: null, scale: null, charset } };
  }
  p.expectOp(',');
  const target = parseCastTarget(p);
  p.expectOp(')');
  return { kind: 'Cast', expr, target };
}

const CAST_NAMES: Record<string, CastTargetName> = {
  SIGNED: 'SIGNED',
  UNSIGNED: 'UNSIGNED',
  INT: 'SIGNED',
  INTEGER: 'SIGNED',
  DECIMAL: 'DECIMAL',
  DEC: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  DOUBLE: 'DOUBLE',
  REAL: 'DOUBLE',
  FLOAT: 'FLOAT',
  CHAR: 'CHAR',
  NCHAR: 'CHAR',
  VARCHAR: 'CHAR',
  BINARY: 'BINARY',
  DATE: 'DATE',
  DATETIME: 'DATETIME',
  TIME: 'TIME',
};

export function parseCastTarget(p: TokenCursor): CastTarget {
  const word = p.peek();
  const name = word.type === 'word' ? CAST_NAMES[word.text.toUpperCase()] : undefined;
  if (!name) throw p.error();
  p.next();
  if ((name === 'SIGNED' || name === 'UNSIGNED') && !p.acceptWord('INTEGER')) p.acceptWord('INT');
  let length: number | null = null;
  let scale: number | null = null;
  if (p.acceptOp('(')) {
    length = p.integerConstant();
    if (p.acceptOp(',')) scale = p.integerConstant();
    p.expectOp(')');
  }
  if (name === 'DOUBLE') p.acceptWord('PRECISION');
  let charset: string | null = null;
  if (p.acceptWord('CHARACTER', 'SET') || p.acceptWord('CHARSET')) charset = p.name().toLowerCase();
  return { name, length, scale, charset };
}

function intervalUnit(p: TokenCursor): IntervalUnit {
  const t = p.next();
  const unit = t.text.toUpperCase() as IntervalUnit;
  if (t.type !== 'word' || !INTERVAL_UNITS.has(unit)) {
    throw notSupported(`interval unit '${t.text}'`);
  }
  return unit;
}

/** A number token read as a constant (used by DDL for lengths and defaults). */
export function numberConstant(text: string): ExprNode {
  return numberLiteral(text);
}
