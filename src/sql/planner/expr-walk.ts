// Walks over expression trees: the direct sub-expressions of each node kind (never the inside of a
// subquery, which has scopes of its own), and the questions the planner asks of a tree.

import type {
  ColumnRefNode,
  ExprKind,
  ExprNode,
  FromNode,
  QueryNode,
  SelectNode,
} from '../ast/index.js';

type ChildrenOf = { [K in ExprKind]: (node: Extract<ExprNode, { kind: K }>) => ExprNode[] };

const NONE: ExprNode[] = [];

const CHILDREN: ChildrenOf = {
  Literal: () => NONE,
  Param: () => NONE,
  ColumnRef: () => NONE,
  Star: () => NONE,
  Variable: () => NONE,
  DefaultValue: () => NONE,
  ValuesRef: () => NONE,
  Unary: (n) => [n.operand],
  Binary: (n) => [n.left, n.right],
  Between: (n) => [n.expr, n.low, n.high],
  InList: (n) => [n.expr, ...n.list],
  InSubquery: (n) => [n.expr],
  QuantifiedComparison: (n) => [n.expr],
  Exists: () => NONE,
  Subquery: () => NONE,
  IsNull: (n) => [n.expr],
  IsTruth: (n) => [n.expr],
  Like: (n) => (n.escape ? [n.expr, n.pattern, n.escape] : [n.expr, n.pattern]),
  Regexp: (n) => [n.expr, n.pattern],
  FunctionCall: (n) => [...n.args],
  Aggregate: (n) => [...n.args, ...n.orderBy.map((o) => o.expr)],
  Case: (n) => {
    const out: ExprNode[] = [];
    if (n.operand) out.push(n.operand);
    for (const w of n.whens) out.push(w.when, w.then);
    if (n.otherwise) out.push(n.otherwise);
    return out;
  },
  Cast: (n) => [n.expr],
  Collate: (n) => [n.expr],
  Interval: (n) => [n.value],
  RowExpr: (n) => [...n.items],
};

export function childrenOf(node: ExprNode): ExprNode[] {
  return (CHILDREN[node.kind] as (n: ExprNode) => ExprNode[])(node);
}

/** Calls visit for the node and every sub-expression, depth first. */
export function walk(node: ExprNode, visit: (node: ExprNode) => void): void {
  visit(node);
  for (const child of childrenOf(node)) walk(child, visit);
}

/** The column references of a tree (outside its subqueries). */
export function columnRefsOf(node: ExprNode): ColumnRefNode[] {
  const refs: ColumnRefNode[] = [];
  walk(node, (n) => {
    if (n.kind === 'ColumnRef') refs.push(n);
  });
  return refs;
}

/** The subqueries a tree holds directly (not those nested inside them). */
export function subqueriesOf(node: ExprNode): QueryNode[] {
  const queries: QueryNode[] = [];
  walk(node, (n) => {
    if (
      n.kind === 'Subquery' ||
      n.kind === 'Exists' ||
      n.kind === 'InSubquery' ||
      n.kind === 'QuantifiedComparison'
    )
      queries.push(n.query);
  });
  return queries;
}

export function hasSubquery(node: ExprNode): boolean {
  return subqueriesOf(node).length > 0;
}

/** Whether the tree holds an aggregate (outside its subqueries). */
export function hasAggregate(node: ExprNode | null): boolean {
  if (node === null) return false;
  let found = false;
  walk(node, (n) => {
    if (n.kind === 'Aggregate') found = true;
  });
  return found;
}

/** Whether the tree reads something that varies between calls (RAND(), @var := …, NOW is fixed). */
export function isVolatile(node: ExprNode): boolean {
  let found = false;
  walk(node, (n) => {
    if (n.kind === 'FunctionCall' && (n.name === 'RAND' || n.name === 'UUID')) found = true;
  });
  return found;
}

/** Rebuilds a tree bottom-up, replacing nodes for which map returns a node. */
export function mapExpr(node: ExprNode, map: (node: ExprNode) => ExprNode | undefined): ExprNode {
  const replaced = map(node);
  if (replaced !== undefined) return replaced;
  const children = childrenOf(node);
  if (children.length === 0) return node;
  const mapped = children.map((c) => mapExpr(c, map));
  if (mapped.every((c, i) => c === children[i])) return node;
  return rebuild(node, mapped);
}

/** A copy of the node with its children (in childrenOf order) replaced. */
function rebuild(node: ExprNode, c: ExprNode[]): ExprNode {
  switch (node.kind) {
    case 'Unary':
      return { ...node, operand: c[0]! };
    case 'Binary':
      return { ...node, left: c[0]!, right: c[1]! };
    case 'Between':
      return { ...node, expr: c[0]!, low: c[1]!, high: c[2]! };
    case 'InList':
      return { ...node, expr: c[0]!, list: c.slice(1) };
    case 'InSubquery':
    case 'QuantifiedComparison':
    case 'IsNull':
    case 'IsTruth':
    case 'Cast':
    case 'Collate':
      return { ...node, expr: c[0]! };
    case 'Like':
      return { ...node, expr: c[0]!, pattern: c[1]!, escape: node.escape ? c[2]! : null };
    case 'Regexp':
      return { ...node, expr: c[0]!, pattern: c[1]! };
    case 'FunctionCall':
      return { ...node, args: c };
    case 'Aggregate':
      return {
        ...node,
        args: c.slice(0, node.args.length),
        orderBy: node.orderBy.map((o, i) => ({ ...o, expr: c[node.args.length + i]! })),
      };
    case 'Case': {
      let i = 0;
      const operand = node.operand ? c[i++]! : null;
      const whens = node.whens.map(() => ({ when: c[i++]!, then: c[i++]! }));
      const otherwise = node.otherwise ? c[i++]! : null;
      return { ...node, operand, whens, otherwise };
    }
    case 'Interval':
      return { ...node, value: c[0]! };
    case 'RowExpr':
      return { ...node, items: c };
    default:
      return node;
  }
}

/** The subqueries in a SELECT's expressions (select list, ON, WHERE, GROUP BY, HAVING, ORDER BY). */
export function nestedQueries(node: SelectNode): QueryNode[] {
  const exprs: ExprNode[] = [...node.items.map((i) => i.expr), ...node.groupBy];
  if (node.where) exprs.push(node.where);
  if (node.having) exprs.push(node.having);
  exprs.push(...node.orderBy.map((o) => o.expr));
  const visitFrom = (from: FromNode): void => {
    if (from.kind !== 'Join') return;
    if (from.on) exprs.push(from.on);
    visitFrom(from.left);
    visitFrom(from.right);
  };
  node.from.forEach(visitFrom);
  return exprs.flatMap(subqueriesOf);
}
