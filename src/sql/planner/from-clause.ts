// The FROM clause resolved: its tables in a TableScope, and its joins normalized for the join
// planner. Inner joins (comma, JOIN, CROSS JOIN) flatten into one group of tables with their ON
// conditions; each LEFT JOIN becomes an attachment of its right side (itself a group) to the
// group, with its ON conditions; a RIGHT JOIN is the LEFT JOIN of its swapped sides. USING and
// NATURAL become equalities, and their columns appear once in `*`, as MySQL shows them.

import { ER } from '../../server/constants/error-codes.js';
import type { ColumnRefNode, ExprNode, FromNode, JoinNode, QueryNode } from '../ast/index.js';
import { sqlError } from '../errors.js';
import { viewQuery } from '../parser/ddl-parser.js';
import { conjuncts } from './access-path.js';
import type { PlanEnv } from './plan-env.js';
import type { QueryPlan } from './select-plan.js';
import type { SourceTable, TableScope } from './table-scope.js';

const INFORMATION_SCHEMA = 'information_schema';
const PERFORMANCE_SCHEMA = 'performance_schema';

/** Tables joined by inner joins, with the tables LEFT JOINed to them. */
export interface JoinGroup {
  readonly leaves: SourceTable[];
  /** Conjuncts of the inner joins' ON clauses (and USING equalities). */
  readonly conditions: ExprNode[];
  readonly attachments: Attachment[];
}

/** The right side of a LEFT JOIN, with the conjuncts of its ON clause. */
export interface Attachment {
  readonly right: JoinGroup;
  readonly on: ExprNode[];
}

/** A column of `*` in the order MySQL lists them. */
export interface StarColumn {
  readonly source: SourceTable;
  readonly offset: number;
}

export interface ResolvedFrom {
  /** null when there is no FROM clause. */
  readonly group: JoinGroup | null;
  readonly star: readonly StarColumn[];
}

/**
 * Plans a derived table's query (with the enclosing query's outer scope); database: the default
 * database it reads in (a view's own), or null for the statement's.
 */
export type PlanDerived = (query: QueryNode, database: string | null) => QueryPlan;

export function resolveFrom(
  from: readonly FromNode[],
  env: PlanEnv,
  scope: TableScope,
  planDerived: PlanDerived,
): ResolvedFrom {
  if (from.length === 0) return { group: null, star: [] };
  const resolver = new FromResolver(env, scope, planDerived);
  const groups = from.map((item) => resolver.flatten(item));
  const group = groups.reduce(mergeGroups);
  const star = from.flatMap((item) => resolver.starOf(item));
  return { group, star };
}

function mergeGroups(a: JoinGroup, b: JoinGroup): JoinGroup {
  return {
    leaves: [...a.leaves, ...b.leaves],
    conditions: [...a.conditions, ...b.conditions],
    attachments: [...a.attachments, ...b.attachments],
  };
}

function columnRef(source: SourceTable, offset: number): ColumnRefNode {
  return {
    kind: 'ColumnRef',
    database: null,
    table: source.alias,
    column: source.columnNames[offset]!,
  };
}

class FromResolver {
  /** The sources of each FROM node, and the USING columns each join coalesced. */
  private readonly sourcesOf = new Map<FromNode, SourceTable[]>();
  private readonly usingOf = new Map<JoinNode, string[]>();

  constructor(
    private readonly env: PlanEnv,
    private readonly scope: TableScope,
    private readonly planDerived: PlanDerived,
  ) {}

  flatten(node: FromNode): JoinGroup {
    switch (node.kind) {
      case 'TableRef':
      case 'DerivedTable': {
        const source = this.addLeaf(node);
        this.sourcesOf.set(node, [source]);
        return { leaves: [source], conditions: [], attachments: [] };
      }
      case 'Join':
        return this.flattenJoin(node);
    }
  }

  private addLeaf(node: Exclude<FromNode, JoinNode>): SourceTable {
    if (node.kind === 'DerivedTable') {
      return this.scope.addDerived(this.planDerived(node.query, null), node.alias);
    }
    const env = this.env;
    const database = node.database ?? env.database;
    if (database === null) throw sqlError(ER.NO_DB_ERROR);
    const lowerDatabase = database.toLowerCase();
    if (lowerDatabase === INFORMATION_SCHEMA || lowerDatabase === PERFORMANCE_SCHEMA) {
      const virtual = env.virtualTable(lowerDatabase, node.name.toUpperCase());
      if (!virtual) throw sqlError(ER.NO_SUCH_TABLE, lowerDatabase, node.name);
      return this.scope.addVirtual(lowerDatabase, virtual, node.alias ?? node.name);
    }
    if (!env.schema.database(database)) throw sqlError(ER.BAD_DB_ERROR, database);
    const table = env.schema.table(database, node.name);
    if (table) return this.scope.add(database, table, node.alias);
    // A view reads as the derived table of its query.
    const view = env.schema.view(database, node.name);
    if (!view) throw sqlError(ER.NO_SUCH_TABLE, database, node.name);
    return this.scope.addDerived(
      this.planDerived(viewQuery(view), database),
      node.alias ?? node.name,
    );
  }

  private flattenJoin(node: JoinNode): JoinGroup {
    const left = this.flatten(node.left);
    const right = this.flatten(node.right);
    const leftSources = this.sourcesOf.get(node.left)!;
    const rightSources = this.sourcesOf.get(node.right)!;
    this.sourcesOf.set(node, [...leftSources, ...rightSources]);
    const outerRight = node.type === 'RIGHT';
    const on: ExprNode[] = conjuncts(node.on);
    const using = node.natural ? this.commonColumns(node) : node.using;
    if (using) {
      this.usingOf.set(node, [...using]);
      for (const name of using) {
        const l = this.findUsingColumn(node.left, name);
        const r = this.findUsingColumn(node.right, name);
        on.push({
          kind: 'Binary',
          op: '=',
          left: columnRef(l.source, l.offset),
          right: columnRef(r.source, r.offset),
        });
        const hidden = outerRight ? l : r;
        this.scope.coalesce(hidden.source, hidden.offset);
      }
    }
    switch (node.type) {
      case 'INNER':
      case 'CROSS': {
        const merged = mergeGroups(left, right);
        return { ...merged, conditions: [...merged.conditions, ...on] };
      }
      case 'LEFT':
        return { ...left, attachments: [...left.attachments, { right, on }] };
      case 'RIGHT':
        return { ...right, attachments: [...right.attachments, { right: left, on }] };
    }
  }

  /** The one column of that name among the side's tables, as USING needs it. */
  private findUsingColumn(side: FromNode, name: string): { source: SourceTable; offset: number } {
    const lower = name.toLowerCase();
    let found: { source: SourceTable; offset: number } | undefined;
    for (const { source, offset } of this.starOf(side)) {
      if (source.columnNames[offset]!.toLowerCase() !== lower) continue;
      if (found) throw sqlError(ER.NON_UNIQ_ERROR, name, 'from clause');
      found = { source, offset };
    }
    if (!found) throw sqlError(ER.BAD_FIELD_ERROR, name, 'from clause');
    return found;
  }

  /** NATURAL JOIN: the column names both sides show in `*`. */
  private commonColumns(node: JoinNode): string[] {
    const rightNames = new Set(
      this.starOf(node.right).map((c) => c.source.columnNames[c.offset]!.toLowerCase()),
    );
    const names: string[] = [];
    for (const { source, offset } of this.starOf(node.left)) {
      const name = source.columnNames[offset]!;
      if (rightNames.has(name.toLowerCase())) names.push(name);
    }
    return names;
  }

  /**
   * The columns `*` lists for a FROM node: a USING join lists its coalesced columns first (from
   * the side that is never NULL-extended), then the other columns of each side.
   */
  starOf(node: FromNode): StarColumn[] {
    if (node.kind !== 'Join') {
      const source = this.sourcesOf.get(node)![0]!;
      return source.columnNames.map((_, offset) => ({ source, offset }));
    }
    const left = this.starOf(node.left);
    const right = this.starOf(node.right);
    const using = this.usingOf.get(node);
    if (!using) return [...left, ...right];
    const names = new Set(using.map((u) => u.toLowerCase()));
    const nameOf = (c: StarColumn) => c.source.columnNames[c.offset]!.toLowerCase();
    // A RIGHT JOIN is the LEFT JOIN of its swapped sides, and lists them so.
    const [preserved, other] = node.type === 'RIGHT' ? [right, left] : [left, right];
    const first = using.map((u) => preserved.find((c) => nameOf(c) === u.toLowerCase())!);
    return [
      ...first,
      ...preserved.filter((c) => !names.has(nameOf(c))),
      ...other.filter((c) => !names.has(nameOf(c))),
    ];
  }
}
