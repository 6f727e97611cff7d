// Compiles expression nodes into closures over (row, ctx), resolving types once so that
// evaluation does no type dispatch beyond what the values need. One handler per node kind.

import { ER } from '../../server/constants/error-codes.js';
import type { ExprHandlers, ExprNode, LiteralNode } from '../ast/index.js';
import { dispatchExpr } from '../ast/index.js';
import { notSupported, sqlError } from '../errors.js';
import { collationByName, DEFAULT_COLLATION } from '../types/collation.js';
import type { CollationInfo } from '../types/collation.js';
import {
  formatDate,
  formatDateTime,
  formatTime,
  parseDateTime,
  parseTime,
} from '../types/datetime.js';
import type { Decimal } from '../types/decimal.js';
import { INT64_MAX } from '../types/value.js';
import type { Value } from '../types/value.js';
import { compileArithmetic, compileBitOp, compileNegate } from './arithmetic.js';
import { compileCast } from './cast.js';
import { hashKey, makeComparator } from './compare.js';
import type { Comparator } from './compare.js';
import type { Compiled, CompileScope } from './compiled.js';
import { constantOf } from './compiled.js';
import { toText, truth } from './convert.js';
import type { EvalContext } from './eval-context.js';
import { BOOL_TYPE, makeType, NULL_TYPE } from './expr-type.js';
import type { ExprType } from './expr-type.js';
import { FUNCTIONS } from './functions/index.js';
import { likeMatcher } from './like.js';
import {
  compileExists,
  compileInSubquery,
  compileQuantified,
  compileScalarSubquery,
} from './subquery-predicates.js';
import { converter, unifyTypes } from './unify.js';

export function compileExpr(node: ExprNode, scope: CompileScope): Compiled {
  if (scope.groupValue !== undefined) {
    const grouped = scope.groupValue(node);
    if (grouped !== undefined) return grouped;
  }
  return dispatchExpr(HANDLERS, node, scope);
}

/** The canonical value and type of a typed literal (DATE '…', TIME '…', TIMESTAMP '…'). */
export function temporalLiteral(
  type: 'date' | 'time' | 'datetime',
  text: string,
): { value: string; type: ExprType } {
  if (type === 'time') {
    const micros = parseTime(text);
    if (micros === undefined) throw sqlError(ER.WRONG_VALUE, 'TIME', text);
    const fsp = fractionDigits(text);
    return {
      value: formatTime(micros, fsp),
      type: makeType('time', { scale: fsp, nullable: false }),
    };
  }
  const parts = parseDateTime(text);
  if (!parts) throw sqlError(ER.WRONG_VALUE, type === 'date' ? 'DATE' : 'DATETIME', text);
  if (type === 'date')
    return { value: formatDate(parts), type: makeType('date', { nullable: false }) };
  const fsp = fractionDigits(text);
  return {
    value: formatDateTime(parts, fsp),
    type: makeType('datetime', { scale: fsp, nullable: false }),
  };
}

function fractionDigits(text: string): number {
  const m = /\.(\d+)\s*$/.exec(text);
  return m ? Math.min(6, m[1]!.length) : 0;
}

const SURROGATE = /[\ud800-\udfff]/;
const HIGH_SURROGATE_FIRST = 0xd800;
const HIGH_SURROGATE_LAST = 0xdbff;
const LOW_SURROGATE_FIRST = 0xdc00;
const LOW_SURROGATE_LAST = 0xdfff;

/** Characters (code points) in s, without building an array of them. */
function codePointCount(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let count = s.length;
  // A surrogate pair is one character; a lone surrogate counts as one, as Array.from counts it.
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= HIGH_SURROGATE_FIRST && c <= HIGH_SURROGATE_LAST) {
      const next = s.charCodeAt(i + 1);
      if (next >= LOW_SURROGATE_FIRST && next <= LOW_SURROGATE_LAST) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/**
 * Types of plain literals by kind and length. A multi-row INSERT has thousands of literals of a
 * few shapes; ExprTypes are never changed once made, so equal ones can be one object.
 */
const literalTypes = new Map<string, ExprType>();
const LITERAL_TYPE_CACHE_MAX_LENGTH = 1024;

function sharedLiteralType(key: string, length: number, make: () => ExprType): ExprType {
  if (length > LITERAL_TYPE_CACHE_MAX_LENGTH) return make();
  let type = literalTypes.get(key);
  if (type === undefined) {
    type = make();
    literalTypes.set(key, type);
  }
  return type;
}

export function literalType(node: LiteralNode): ExprType {
  const v = node.value;
  switch (node.type) {
    case 'null':
      return NULL_TYPE;
    case 'int': {
      const unsigned = typeof v === 'bigint' && v > INT64_MAX;
      const length = String(v).length;
      if (unsigned) return makeType('int', { unsigned, nullable: false, length });
      return sharedLiteralType(`i${length}`, length, () =>
        makeType('int', { unsigned: false, nullable: false, length }),
      );
    }
    case 'bool':
      return makeType('int', { nullable: false, length: 1 });
    case 'decimal': {
      const d = v as Decimal;
      return makeType('decimal', { scale: d.scale, length: d.precision() + 2, nullable: false });
    }
    case 'double':
      return makeType('double', { nullable: false });
    case 'string': {
      const length = codePointCount(v as string);
      return sharedLiteralType(`s${length}`, length, () =>
        makeType('string', { nullable: false, length, collation: DEFAULT_COLLATION }),
      );
    }
    case 'binary':
      return makeType('binary', { nullable: false, length: (v as Buffer).length });
    case 'hex':
      return makeType('binary', {
        nullable: false,
        length: (v as Buffer).length,
        hexLiteral: true,
      });
    case 'date':
    case 'time':
    case 'datetime':
      return temporalLiteral(node.type, v as string).type;
  }
}

/** The value a literal evaluates to (typed literals in canonical form). */
export function literalValue(node: LiteralNode): Value {
  if (node.type === 'date' || node.type === 'time' || node.type === 'datetime') {
    return temporalLiteral(node.type, node.value as string).value;
  }
  return node.value;
}

function booleanResult(
  evaluate: (row: Value[], ctx: EvalContext) => Value,
  constant: boolean,
): Compiled {
  return { type: BOOL_TYPE, evaluate, constant };
}

function textOf(node: ExprNode): () => string {
  return () => describe(node);
}

/** A short rendering of an expression for error messages. */
export function describe(node: ExprNode): string {
  switch (node.kind) {
    case 'ColumnRef':
      return [node.database, node.table, node.column]
        .filter((p) => p !== null)
        .map((p) => `\`${p}\``)
        .join('.');
    case 'Literal':
      return String(node.value);
    case 'Binary':
      return `(${describe(node.left)} ${node.op} ${describe(node.right)})`;
    case 'Unary':
      return `${node.op === 'NEG' ? '-' : node.op}${describe(node.operand)}`;
    case 'FunctionCall':
      return `${node.name.toLowerCase()}(${node.args.map(describe).join(',')})`;
    default:
      return node.kind;
  }
}

function compileComparison(op: string, left: Compiled, right: Compiled): Compiled {
  const compare = makeComparator(left.type, right.type);
  const a = left.evaluate;
  const b = right.evaluate;
  const constant = left.constant && right.constant;
  const test = comparisonTest(op);
  if (op === '<=>') {
    return booleanResult((row, ctx) => {
      const x = a(row, ctx);
      const y = b(row, ctx);
      if (x === null || y === null) return x === null && y === null ? 1 : 0;
      return compare(x, y, ctx) === 0 ? 1 : 0;
    }, constant);
  }
  return booleanResult((row, ctx) => {
    const x = a(row, ctx);
    if (x === null) return null;
    const y = b(row, ctx);
    if (y === null) return null;
    return test(compare(x, y, ctx)) ? 1 : 0;
  }, constant);
}

function comparisonTest(op: string): (c: number) => boolean {
  switch (op) {
    case '=':
    case '<=>':
      return (c) => c === 0;
    case '<>':
      return (c) => c !== 0;
    case '<':
      return (c) => c < 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    default:
      return (c) => c >= 0;
  }
}

/** Row comparison (a, b) = (c, d): element-wise, with SQL's NULL rules. */
function compileRowComparison(
  op: string,
  left: readonly Compiled[],
  right: readonly Compiled[],
): Compiled {
  if (left.length !== right.length) throw sqlError(ER.OPERAND_COLUMNS, left.length);
  if (op !== '=' && op !== '<>' && op !== '<=>')
    throw notSupported('row comparison other than = and <>');
  const comparators = left.map((l, i) => makeComparator(l.type, right[i]!.type));
  return booleanResult(
    (row, ctx) => {
      let sawNull = false;
      for (let i = 0; i < left.length; i++) {
        const x = left[i]!.evaluate(row, ctx);
        const y = right[i]!.evaluate(row, ctx);
        if (x === null || y === null) {
          if (op === '<=>') {
            if (x !== y) return 0;
            continue;
          }
          sawNull = true;
          continue;
        }
        if (comparators[i]!(x, y, ctx) !== 0) return op === '<>' ? 1 : 0;
      }
      if (sawNull) return null;
      return op === '<>' ? 0 : 1;
    },
    [...left, ...right].every((c) => c.constant),
  );
}

function compileLogic(op: 'AND' | 'OR' | 'XOR', left: Compiled, right: Compiled): Compiled {
  const a = left.evaluate;
  const b = right.evaluate;
  const ta = left.type;
  const tb = right.type;
  const constant = left.constant && right.constant;
  if (op === 'AND') {
    return booleanResult((row, ctx) => {
      const x = truth(a(row, ctx), ta, ctx);
      if (x === false) return 0;
      const y = truth(b(row, ctx), tb, ctx);
      if (y === false) return 0;
      return x === null || y === null ? null : 1;
    }, constant);
  }
  if (op === 'OR') {
    return booleanResult((row, ctx) => {
      const x = truth(a(row, ctx), ta, ctx);
      if (x === true) return 1;
      const y = truth(b(row, ctx), tb, ctx);
      if (y === true) return 1;
      return x === null || y === null ? null : 0;
    }, constant);
  }
  return booleanResult((row, ctx) => {
    const x = truth(a(row, ctx), ta, ctx);
    const y = truth(b(row, ctx), tb, ctx);
    return x === null || y === null ? null : x !== y ? 1 : 0;
  }, constant);
}

function compileIn(
  expr: ExprNode,
  list: readonly ExprNode[],
  negated: boolean,
  scope: CompileScope,
): Compiled {
  if (expr.kind === 'RowExpr') {
    const left = expr.items.map((i) => compileExpr(i, scope));
    const rows = list.map((item) => {
      if (item.kind !== 'RowExpr') throw sqlError(ER.OPERAND_COLUMNS, left.length);
      return compileRowComparison(
        '=',
        left,
        item.items.map((i) => compileExpr(i, scope)),
      );
    });
    return anyOf(rows, negated);
  }
  const needle = compileExpr(expr, scope);
  const items = list.map((i) => compileExpr(i, scope));
  const comparators: Comparator[] = items.map((i) => makeComparator(needle.type, i.type));
  const evalNeedle = needle.evaluate;
  const allConstant = items.every((i) => i.constant);
  const sameKind = items.every((i) => i.type.kind === needle.type.kind && !i.type.hexLiteral);
  const constant = needle.constant && allConstant;
  if (allConstant && sameKind && items.length > 3) {
    // Constant lists of the needle's kind: one hash lookup instead of a comparison per item.
    const keys = new Set<string>();
    let hasNull = false;
    for (const item of items) {
      const v = item.evaluate([], null as unknown as EvalContext);
      if (v === null) hasNull = true;
      else keys.add(hashKey(v, needle.type));
    }
    return booleanResult((row, ctx) => {
      const x = evalNeedle(row, ctx);
      if (x === null) return null;
      if (keys.has(hashKey(x, needle.type))) return negated ? 0 : 1;
      return hasNull ? null : negated ? 1 : 0;
    }, constant);
  }
  return booleanResult((row, ctx) => {
    const x = evalNeedle(row, ctx);
    if (x === null) return null;
    let sawNull = false;
    for (let i = 0; i < items.length; i++) {
      const y = items[i]!.evaluate(row, ctx);
      if (y === null) {
        sawNull = true;
        continue;
      }
      if (comparators[i]!(x, y, ctx) === 0) return negated ? 0 : 1;
    }
    return sawNull ? null : negated ? 1 : 0;
  }, constant);
}

function anyOf(tests: readonly Compiled[], negated: boolean): Compiled {
  return booleanResult(
    (row, ctx) => {
      let sawNull = false;
      for (const t of tests) {
        const r = t.evaluate(row, ctx);
        if (r === 1) return negated ? 0 : 1;
        if (r === null) sawNull = true;
      }
      return sawNull ? null : negated ? 1 : 0;
    },
    tests.every((t) => t.constant),
  );
}

function collationOf(name: string): CollationInfo {
  const collation = collationByName(name);
  if (!collation) throw sqlError(ER.UNKNOWN_COLLATION, name);
  return collation;
}

const HANDLERS: ExprHandlers<Compiled, CompileScope> = {
  Literal: (node) => constantOf(literalType(node), literalValue(node)),
  Param: (node, scope) => {
    const index = node.index;
    return {
      type: scope.paramType(index),
      constant: false,
      evaluate: (_row, ctx) => ctx.params[index]!,
    };
  },
  ColumnRef: (node, scope) => {
    const resolved = scope.resolveColumn(node);
    if ('evaluate' in resolved) return resolved;
    const { slot, type } = resolved;
    return { type, constant: false, evaluate: (row) => row[slot]! };
  },
  Star: () => {
    throw notSupported("'*' in this position");
  },
  Unary: (node, scope) => {
    const operand = compileExpr(node.operand, scope);
    switch (node.op) {
      case 'NEG':
        return compileNegate(operand, textOf(node));
      case 'PLUS':
        return operand;
      case 'NOT': {
        const evaluate = operand.evaluate;
        const type = operand.type;
        return booleanResult((row, ctx) => {
          const t = truth(evaluate(row, ctx), type, ctx);
          return t === null ? null : t ? 0 : 1;
        }, operand.constant);
      }
      case 'BITNOT':
        return compileBitOp('~', operand, null);
      case 'BINARY':
        return compileCast(operand, { name: 'CHAR', length: null, scale: null, charset: 'binary' });
    }
  },
  Binary: (node, scope) => {
    const op = node.op;
    if (op === 'AND' || op === 'OR' || op === 'XOR') {
      return compileLogic(op, compileExpr(node.left, scope), compileExpr(node.right, scope));
    }
    if (node.left.kind === 'RowExpr' || node.right.kind === 'RowExpr') {
      const items = (n: ExprNode) =>
        (n.kind === 'RowExpr' ? n.items : [n]).map((i) => compileExpr(i, scope));
      return compileRowComparison(op, items(node.left), items(node.right));
    }
    const left = compileExpr(node.left, scope);
    const right = compileExpr(node.right, scope);
    switch (op) {
      case '+':
      case '-':
      case '*':
      case '/':
      case 'DIV':
      case '%':
        return compileArithmetic(op, left, right, textOf(node));
      case '&':
      case '|':
      case '^':
      case '<<':
      case '>>':
        return compileBitOp(op, left, right);
      default:
        return compileComparison(op, left, right);
    }
  },
  Between: (node, scope) => {
    const e = compileExpr(node.expr, scope);
    const low = compileExpr(node.low, scope);
    const high = compileExpr(node.high, scope);
    const cmpLow = makeComparator(e.type, low.type);
    const cmpHigh = makeComparator(e.type, high.type);
    const negated = node.negated;
    return booleanResult(
      (row, ctx) => {
        const x = e.evaluate(row, ctx);
        if (x === null) return null;
        const l = low.evaluate(row, ctx);
        const h = high.evaluate(row, ctx);
        const aboveLow = l === null ? null : cmpLow(x, l, ctx) >= 0;
        const belowHigh = h === null ? null : cmpHigh(x, h, ctx) <= 0;
        if (aboveLow === false || belowHigh === false) return negated ? 1 : 0;
        if (aboveLow === null || belowHigh === null) return null;
        return negated ? 0 : 1;
      },
      e.constant && low.constant && high.constant,
    );
  },
  InList: (node, scope) => compileIn(node.expr, node.list, node.negated, scope),
  InSubquery: (node, scope) => {
    if (node.expr.kind === 'RowExpr') throw notSupported('row constructors with IN subqueries');
    const needle = compileExpr(node.expr, scope);
    return compileInSubquery(needle, scope.subquery(node.query, 'in'), node.negated);
  },
  QuantifiedComparison: (node, scope) => {
    if (node.expr.kind === 'RowExpr') throw sqlError(ER.OPERAND_COLUMNS, 1);
    const needle = compileExpr(node.expr, scope);
    return compileQuantified(needle, node.op, node.quantifier, scope.subquery(node.query, 'in'));
  },
  Exists: (node, scope) => compileExists(scope.subquery(node.query, 'exists'), node.negated),
  Subquery: (node, scope) => compileScalarSubquery(scope.subquery(node.query, 'scalar')),
  IsNull: (node, scope) => {
    const e = compileExpr(node.expr, scope);
    const negated = node.negated;
    return {
      type: makeType('int', { length: 1, nullable: false }),
      constant: e.constant,
      evaluate: (row, ctx) => ((e.evaluate(row, ctx) === null) !== negated ? 1 : 0),
    };
  },
  IsTruth: (node, scope) => {
    const e = compileExpr(node.expr, scope);
    const { truth: wanted, negated } = node;
    return {
      type: makeType('int', { length: 1, nullable: false }),
      constant: e.constant,
      evaluate: (row, ctx) => {
        const t = truth(e.evaluate(row, ctx), e.type, ctx);
        const matches =
          wanted === 'UNKNOWN' ? t === null : wanted === 'TRUE' ? t === true : t === false;
        return matches !== negated ? 1 : 0;
      },
    };
  },
  Like: (node, scope) => {
    const e = compileExpr(node.expr, scope);
    const pattern = compileExpr(node.pattern, scope);
    const escape = node.escape ? compileExpr(node.escape, scope) : null;
    const caseInsensitive =
      e.type.kind === 'string' &&
      e.type.collation.caseInsensitive &&
      pattern.type.kind !== 'binary';
    const match = likeMatcher(caseInsensitive);
    const negated = node.negated;
    return booleanResult((row, ctx) => {
      const x = e.evaluate(row, ctx);
      const p = pattern.evaluate(row, ctx);
      if (x === null || p === null) return null;
      const esc = escape ? toText(escape.evaluate(row, ctx), escape.type) : '\\';
      return match(toText(x, e.type)!, toText(p, pattern.type)!, esc ?? '\\') !== negated ? 1 : 0;
    }, e.constant && pattern.constant);
  },
  Regexp: (node, scope) => {
    const e = compileExpr(node.expr, scope);
    const pattern = compileExpr(node.pattern, scope);
    const flags = e.type.kind === 'string' && e.type.collation.caseInsensitive ? 'iu' : 'u';
    let lastPattern: string | null = null;
    let regex: RegExp | null = null;
    const negated = node.negated;
    return booleanResult((row, ctx) => {
      const x = e.evaluate(row, ctx);
      const p = pattern.evaluate(row, ctx);
      if (x === null || p === null) return null;
      const text = toText(p, pattern.type)!;
      if (text !== lastPattern) {
        try {
          regex = new RegExp(text, flags);
        } catch {
          throw sqlError(ER.WRONG_ARGUMENTS, 'REGEXP');
        }
        lastPattern = text;
      }
      return regex!.test(toText(x, e.type)!) !== negated ? 1 : 0;
    }, e.constant && pattern.constant);
  },
  FunctionCall: (node, scope) => {
    const def = FUNCTIONS.get(node.name);
    if (!def) throw sqlError(ER.SP_DOES_NOT_EXIST, 'FUNCTION', node.name.toLowerCase());
    if (node.args.length < def.minArgs || node.args.length > def.maxArgs) {
      throw sqlError(ER.WRONG_PARAMCOUNT_TO_PROCEDURE, node.name.toLowerCase());
    }
    return def.compile(node.args.map((a) => compileExpr(a, scope)));
  },
  Aggregate: (node, scope) => {
    if (!scope.aggregate) throw sqlError(ER.INVALID_GROUP_FUNC_USE);
    const { slot, type } = scope.aggregate(node);
    return { type, constant: false, evaluate: (row) => row[slot]! };
  },
  Case: (node, scope) => {
    const operand = node.operand ? compileExpr(node.operand, scope) : null;
    const whens = node.whens.map((w) => ({
      when: compileExpr(w.when, scope),
      then: compileExpr(w.then, scope),
    }));
    const otherwise = node.otherwise ? compileExpr(node.otherwise, scope) : null;
    const type = unifyTypes([...whens.map((w) => w.then.type), otherwise?.type ?? NULL_TYPE]);
    const branches = whens.map((w) => ({
      when: w.when,
      then: w.then.evaluate,
      convert: converter(w.then.type, type),
      compare: operand ? makeComparator(operand.type, w.when.type) : null,
    }));
    const elseEval = otherwise?.evaluate ?? null;
    const elseConvert = otherwise ? converter(otherwise.type, type) : null;
    return {
      type,
      constant:
        (operand?.constant ?? true) &&
        whens.every((w) => w.when.constant && w.then.constant) &&
        (otherwise?.constant ?? true),
      evaluate: (row, ctx) => {
        const subject = operand ? operand.evaluate(row, ctx) : null;
        for (const b of branches) {
          const w = b.when.evaluate(row, ctx);
          const hit = b.compare
            ? subject !== null && w !== null && b.compare(subject, w, ctx) === 0
            : truth(w, b.when.type, ctx) === true;
          if (hit) return b.convert(b.then(row, ctx), ctx);
        }
        return elseEval ? elseConvert!(elseEval(row, ctx), ctx) : null;
      },
    };
  },
  Cast: (node, scope) => compileCast(compileExpr(node.expr, scope), node.target),
  Variable: (node, scope) => {
    const type = scope.variableType(node);
    const { name, scope: where } = node;
    if (where === 'user') {
      return { type, constant: false, evaluate: (_row, ctx) => ctx.session.userVariable(name) };
    }
    return {
      type,
      constant: false,
      evaluate: (_row, ctx) => ctx.session.systemVariable(name, where),
    };
  },
  Collate: (node, scope) => {
    const e = compileExpr(node.expr, scope);
    const collation = collationOf(node.collation);
    if (e.type.kind !== 'string')
      throw sqlError(ER.COLLATION_CHARSET_MISMATCH, node.collation, 'binary');
    return { ...e, type: { ...e.type, collation, source: null } };
  },
  Interval: (node, scope) => {
    const value = compileExpr(node.value, scope);
    return Object.assign({ unit: node.unit }, value);
  },
  DefaultValue: (node, scope) => {
    if (!scope.defaultValue) throw notSupported('DEFAULT in this position');
    return scope.defaultValue(node.column);
  },
  ValuesRef: (node, scope) => {
    if (!scope.valuesRef) return constantOf(NULL_TYPE, null);
    return scope.valuesRef(node.column);
  },
  RowExpr: () => {
    throw sqlError(ER.OPERAND_COLUMNS, 1);
  },
};
