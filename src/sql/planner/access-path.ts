// Access paths for one table, chosen from the WHERE conjuncts that compare an indexed column
// with a value that does not depend on the row: point get on the handle, batch point get for
// handle IN (…), a unique index point lookup, an index range scan (equalities on a prefix of the
// index columns, then a range on the next), a handle range scan, or a full table scan. The
// whole WHERE is still applied to every row read, so a path only has to include every match.

import type { ExprNode } from '../ast/index.js';
import type { IndexInfo } from '../catalog/schema.js';
import type { Compiled } from '../expr/compiled.js';
import { evalKindOf } from '../types/column-type.js';
import type { SourceTable } from './table-scope.js';

export interface Bound {
  readonly value: Compiled;
  readonly inclusive: boolean;
}

export type AccessPath =
  | { readonly kind: 'TableScan' }
  | { readonly kind: 'PointGet'; readonly handle: Compiled }
  | { readonly kind: 'BatchPointGet'; readonly handles: readonly Compiled[] }
  | { readonly kind: 'TableRange'; readonly low: Bound | null; readonly high: Bound | null }
  | {
      readonly kind: 'IndexLookup';
      readonly index: IndexInfo;
      readonly equals: readonly Compiled[];
      readonly low: Bound | null;
      readonly high: Bound | null;
      /** All columns of a unique index are fixed: at most one entry. */
      readonly unique: boolean;
    }
  | { readonly kind: 'IndexIn'; readonly index: IndexInfo; readonly values: readonly Compiled[] };

interface ColumnConditions {
  equal?: Compiled;
  list?: Compiled[];
  low?: Bound;
  high?: Bound;
}

export function conjuncts(node: ExprNode | null): ExprNode[] {
  if (node === null) return [];
  if (node.kind === 'Binary' && node.op === 'AND')
    return [...conjuncts(node.left), ...conjuncts(node.right)];
  return [node];
}

/** Whether the expression reads any column (so it cannot bound a scan before rows are read). */
export function readsColumns(node: ExprNode): boolean {
  switch (node.kind) {
    case 'ColumnRef':
    case 'Star':
    case 'Aggregate':
    case 'ValuesRef':
    case 'DefaultValue':
      return true;
    case 'Literal':
    case 'Param':
    case 'Variable':
      return false;
    case 'Subquery':
    case 'Exists':
      return true;
    default:
      return Object.values(node).some((v) =>
        Array.isArray(v)
          ? v.some(
              (x) =>
                typeof x === 'object' && x !== null && 'kind' in x && readsColumns(x as ExprNode),
            )
          : typeof v === 'object' && v !== null && 'kind' in v && readsColumns(v as ExprNode),
      );
  }
}

const FLIPPED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/** Whether comparing the column with a value of this kind can use the column's key order. */
function keyComparable(columnKind: string, valueKind: string, hexLiteral: boolean): boolean {
  switch (columnKind) {
    case 'int':
    case 'decimal':
    case 'double':
      return valueKind === 'int' || valueKind === 'decimal' || valueKind === 'double' || hexLiteral;
    case 'string':
      return valueKind === 'string';
    case 'binary':
      return valueKind === 'binary' || valueKind === 'string';
    case 'date':
    case 'datetime':
      return valueKind === 'date' || valueKind === 'datetime' || valueKind === 'string';
    case 'time':
      return valueKind === 'time' || valueKind === 'string';
    default:
      return false;
  }
}

export function chooseAccessPath(
  source: SourceTable,
  where: ExprNode | null,
  compile: (node: ExprNode) => Compiled,
): AccessPath {
  const byColumn = new Map<number, ColumnConditions>();
  const columnOf = (node: ExprNode): number | undefined => {
    if (node.kind !== 'ColumnRef') return undefined;
    if (node.table !== null && node.table !== source.alias) return undefined;
    const name = node.column.toLowerCase();
    return source.table.columns.find((c) => c.name.toLowerCase() === name)?.offset;
  };
  const usable = (offset: number, value: Compiled) =>
    keyComparable(
      evalKindOf(source.table.columns[offset]!.type.name),
      value.type.kind,
      value.type.hexLiteral,
    );
  const conditions = (offset: number) => {
    let c = byColumn.get(offset);
    if (!c) {
      c = {};
      byColumn.set(offset, c);
    }
    return c;
  };

  for (const node of conjuncts(where)) {
    if (node.kind === 'Binary' && FLIPPED[node.op]) {
      let column = columnOf(node.left);
      let valueNode = node.right;
      let op = node.op;
      if (column === undefined) {
        column = columnOf(node.right);
        valueNode = node.left;
        op = FLIPPED[op] as typeof op;
      }
      if (column === undefined || readsColumns(valueNode)) continue;
      const value = compile(valueNode);
      if (!usable(column, value)) continue;
      const c = conditions(column);
      if (op === '=') c.equal = value;
      else if (op === '<' || op === '<=') c.high = { value, inclusive: op === '<=' };
      else c.low = { value, inclusive: op === '>=' };
    } else if (node.kind === 'Between' && !node.negated) {
      const column = columnOf(node.expr);
      if (column === undefined || readsColumns(node.low) || readsColumns(node.high)) continue;
      const low = compile(node.low);
      const high = compile(node.high);
      if (!usable(column, low) || !usable(column, high)) continue;
      const c = conditions(column);
      c.low = { value: low, inclusive: true };
      c.high = { value: high, inclusive: true };
    } else if (node.kind === 'InList' && !node.negated) {
      const column = columnOf(node.expr);
      if (column === undefined || node.list.some(readsColumns)) continue;
      const values = node.list.map(compile);
      if (!values.every((v) => usable(column, v))) continue;
      conditions(column).list = values;
    }
  }

  const table = source.table;
  let best: AccessPath = { kind: 'TableScan' };
  let bestScore = 0;
  const consider = (path: AccessPath, score: number) => {
    if (score > bestScore) {
      best = path;
      bestScore = score;
    }
  };
  if (table.handleColumn >= 0) {
    const c = byColumn.get(table.handleColumn);
    if (c?.equal) consider({ kind: 'PointGet', handle: c.equal }, 100);
    else if (c?.list) consider({ kind: 'BatchPointGet', handles: c.list }, 80);
    else if (c?.low || c?.high)
      consider({ kind: 'TableRange', low: c.low ?? null, high: c.high ?? null }, 44);
  }
  for (const index of table.indexes) {
    if (index.state !== 'public' || (index.primary && table.handleColumn >= 0)) continue;
    const equals: Compiled[] = [];
    for (const part of index.columns) {
      const c = byColumn.get(part.offset);
      if (!c?.equal) break;
      equals.push(c.equal);
    }
    const unique = index.unique && equals.length === index.columns.length;
    const next = index.columns[equals.length];
    const range = next ? byColumn.get(next.offset) : undefined;
    if (unique)
      consider({ kind: 'IndexLookup', index, equals, low: null, high: null, unique: true }, 90);
    else if (equals.length === 0 && range?.list && index.columns.length >= 1) {
      consider(
        { kind: 'IndexIn', index, values: range.list },
        index.unique && index.columns.length === 1 ? 79 : 42,
      );
    } else if (equals.length > 0 || range?.low || range?.high) {
      const low = range?.low ?? null;
      const high = range?.high ?? null;
      consider(
        { kind: 'IndexLookup', index, equals, low, high, unique: false },
        40 + 10 * equals.length + (low || high ? 3 : 0),
      );
    }
  }
  return best;
}
