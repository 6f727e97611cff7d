// Access paths for one table, chosen from the conjuncts that compare an indexed column with a
// value known before the row is read (a constant, or in a join a column of a table read
// earlier, which makes the path a probe per row of those tables): point get on the handle, batch
// point get for handle IN (…), a unique index point lookup, an index range scan (equalities on a
// prefix of the index columns, then a range on the next), a handle range scan, or a full table
// scan. The conditions are still applied to every row read, so a path only has to include every
// match.

import type { ColumnRefNode, ExprNode } from '../ast/index.js';
import type { IndexInfo } from '../catalog/schema.js';
import type { Compiled } from '../expr/compiled.js';
import { evalKindOf } from '../types/column-type.js';
import { walk } from './expr-walk.js';
import type { ResolvedColumn, TableSource } from './table-scope.js';

export interface Bound {
  readonly value: Compiled;
  readonly inclusive: boolean;
}

/** Paths that read a key range can read it backwards (for ORDER BY … DESC, index-order.ts). */
export type AccessPath =
  | { readonly kind: 'TableScan'; readonly reverse?: boolean }
  | { readonly kind: 'PointGet'; readonly handle: Compiled }
  | { readonly kind: 'BatchPointGet'; readonly handles: readonly Compiled[] }
  | {
      readonly kind: 'TableRange';
      readonly low: Bound | null;
      readonly high: Bound | null;
      readonly reverse?: boolean;
    }
  | {
      readonly kind: 'IndexLookup';
      readonly reverse?: boolean;
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
  let reads = false;
  walk(node, (n) => {
    switch (n.kind) {
      case 'ColumnRef':
      case 'Star':
      case 'Aggregate':
      case 'ValuesRef':
      case 'DefaultValue':
      case 'Subquery':
      case 'Exists':
      case 'InSubquery':
      case 'QuantifiedComparison':
        reads = true;
    }
  });
  return reads;
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

/** Where a value of a condition comes from, as seen by the table being read. */
export type ValueSource = 'constant' | 'row' | 'unavailable';

export interface AccessCandidate {
  readonly path: AccessPath;
  /** Preference among paths when no statistics decide (higher is better). */
  readonly score: number;
  /** Some key value reads a column of a table read earlier in the join (a probe per row). */
  readonly dependent: boolean;
}

export interface AccessRequest {
  readonly source: TableSource;
  /** Conjuncts the rows must satisfy (all still applied to every row read). */
  readonly conditions: readonly ExprNode[];
  readonly compile: (node: ExprNode) => Compiled;
  /** The table and column offset a reference names, when it is a column of some table. */
  readonly resolve: (ref: ColumnRefNode) => ResolvedColumn | undefined;
  /** Whether a value expression can be computed before the row is read, and from what. */
  readonly valueSource: (node: ExprNode) => ValueSource;
}

/** The access paths the conditions allow, best score first, ending with the table scan. */
export function accessCandidates(request: AccessRequest): AccessCandidate[] {
  const { source, compile } = request;
  const byColumn = new Map<number, ColumnConditions>();
  const dependentValues = new Set<Compiled>();
  const columnOf = (node: ExprNode): number | undefined => {
    if (node.kind !== 'ColumnRef') return undefined;
    const found = request.resolve(node);
    return found && found.source === source ? found.offset : undefined;
  };
  const valueOf = (node: ExprNode): Compiled | undefined => {
    const from = request.valueSource(node);
    if (from === 'unavailable') return undefined;
    const value = compile(node);
    if (from === 'row') dependentValues.add(value);
    return value;
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

  for (const node of request.conditions) {
    if (node.kind === 'Binary' && FLIPPED[node.op]) {
      let column = columnOf(node.left);
      let valueNode = node.right;
      let op = node.op;
      if (column === undefined || request.valueSource(valueNode) === 'unavailable') {
        column = columnOf(node.right);
        valueNode = node.left;
        op = FLIPPED[op] as typeof op;
      }
      if (column === undefined) continue;
      const value = valueOf(valueNode);
      if (!value || !usable(column, value)) continue;
      const c = conditions(column);
      if (op === '=') {
        if (!c.equal || (dependentValues.has(c.equal) && !dependentValues.has(value)))
          c.equal = value;
      } else if (op === '<' || op === '<=') c.high = { value, inclusive: op === '<=' };
      else c.low = { value, inclusive: op === '>=' };
    } else if (node.kind === 'Between' && !node.negated) {
      const column = columnOf(node.expr);
      if (column === undefined) continue;
      const low = valueOf(node.low);
      const high = valueOf(node.high);
      if (!low || !high || !usable(column, low) || !usable(column, high)) continue;
      const c = conditions(column);
      c.low = { value: low, inclusive: true };
      c.high = { value: high, inclusive: true };
    } else if (node.kind === 'InList' && !node.negated) {
      const column = columnOf(node.expr);
      if (column === undefined) continue;
      const values: Compiled[] = [];
      for (const item of node.list) {
        const value = valueOf(item);
        if (!value || !usable(column, value)) break;
        values.push(value);
      }
      if (values.length !== node.list.length) continue;
      conditions(column).list = values;
    }
  }

  const dependent = (...values: Array<Compiled | undefined>) =>
    values.some((v) => v !== undefined && dependentValues.has(v));
  const table = source.table;
  const candidates: AccessCandidate[] = [];
  const consider = (path: AccessPath, score: number, isDependent: boolean) =>
    candidates.push({ path, score, dependent: isDependent });
  if (table.handleColumn >= 0) {
    const c = byColumn.get(table.handleColumn);
    if (c?.equal) consider({ kind: 'PointGet', handle: c.equal }, 100, dependent(c.equal));
    else if (c?.list)
      consider({ kind: 'BatchPointGet', handles: c.list }, 80, dependent(...c.list));
    else if (c?.low || c?.high)
      consider(
        { kind: 'TableRange', low: c.low ?? null, high: c.high ?? null },
        44,
        dependent(c.low?.value, c.high?.value),
      );
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
      consider(
        { kind: 'IndexLookup', index, equals, low: null, high: null, unique: true },
        90,
        dependent(...equals),
      );
    else if (equals.length === 0 && range?.list && index.columns.length >= 1) {
      consider(
        { kind: 'IndexIn', index, values: range.list },
        index.unique && index.columns.length === 1 ? 79 : 42,
        dependent(...range.list),
      );
    } else if (equals.length > 0 || range?.low || range?.high) {
      const low = range?.low ?? null;
      const high = range?.high ?? null;
      consider(
        { kind: 'IndexLookup', index, equals, low, high, unique: false },
        40 + 10 * equals.length + (low || high ? 3 : 0),
        dependent(...equals, low?.value, high?.value),
      );
    }
  }
  candidates.sort((a, b) => b.score - a.score);
  candidates.push({ path: { kind: 'TableScan' }, score: 0, dependent: false });
  return candidates;
}

/** The best path whose key values are all known before the first row is read. */
export function chooseAccessPath(
  source: TableSource,
  where: ExprNode | null,
  compile: (node: ExprNode) => Compiled,
  resolve: (ref: ColumnRefNode) => ResolvedColumn | undefined,
): AccessPath {
  const candidates = accessCandidates({
    source,
    conditions: conjuncts(where),
    compile,
    resolve,
    valueSource: (node) => (readsColumns(node) ? 'unavailable' : 'constant'),
  });
  return candidates[0]!.path;
}

/**
 * A full scan of an index instead of the table when the index holds every column the statement
 * reads (index entries are smaller than rows, and need no row lookup), or null when none does.
 * Only for plain reads: a locking read locks rows, which it must read.
 */
export function coveringScan(source: TableSource): AccessPath | null {
  let best: IndexInfo | null = null;
  for (const index of source.table.indexes) {
    if (index.state !== 'public' || (index.primary && source.table.handleColumn >= 0)) continue;
    if (source.codec.entryDecoder(index, source.used, source.slotBase) === null) continue;
    if (best === null || index.columns.length < best.columns.length) best = index;
  }
  if (best === null) return null;
  return { kind: 'IndexLookup', index: best, equals: [], low: null, high: null, unique: false };
}
