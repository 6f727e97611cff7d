// Our SQL syntax tree: immutable nodes, one kind per file. Consumers dispatch on `kind` through a
// Record keyed by every kind (see ExprHandlers and StatementHandlers), so adding a node kind fails
// the build until each consumer handles it.

import type { AggregateNode } from './aggregate.js';
import type { AlterTableNode } from './alter-table.js';
import type { AlterUserNode } from './alter-user.js';
import type { AnalyzeTableNode } from './analyze-table.js';
import type { BeginNode } from './begin.js';
import type { BetweenNode } from './between.js';
import type { BinaryNode } from './binary.js';
import type { CaseNode } from './case.js';
import type { CastNode } from './cast.js';
import type { CollateNode } from './collate.js';
import type { ColumnRefNode } from './column-ref.js';
import type { CommitNode } from './commit.js';
import type { CreateDatabaseNode } from './create-database.js';
import type { CreateIndexNode } from './create-index.js';
import type { CreateTableNode } from './create-table.js';
import type { CreateTriggerNode } from './create-trigger.js';
import type { CreateUserNode } from './create-user.js';
import type { CreateViewNode } from './create-view.js';
import type { DefaultValueNode } from './default-value.js';
import type { DeleteNode } from './delete.js';
import type { DerivedTableNode } from './derived-table.js';
import type { DoNode } from './do.js';
import type { DropDatabaseNode } from './drop-database.js';
import type { DropIndexNode } from './drop-index.js';
import type { DropTableNode } from './drop-table.js';
import type { DropTriggerNode } from './drop-trigger.js';
import type { DropUserNode } from './drop-user.js';
import type { DropViewNode } from './drop-view.js';
import type { ExistsNode } from './exists.js';
import type { ExplainNode } from './explain.js';
import type { FlushNode } from './flush.js';
import type { FunctionCallNode } from './function-call.js';
import type { GrantNode } from './grant.js';
import type { InListNode } from './in-list.js';
import type { InSubqueryNode } from './in-subquery.js';
import type { InsertNode } from './insert.js';
import type { IntervalNode } from './interval.js';
import type { IsNullNode } from './is-null.js';
import type { IsTruthNode } from './is-truth.js';
import type { JoinNode } from './join.js';
import type { KillNode } from './kill.js';
import type { LikeNode } from './like.js';
import type { LiteralNode } from './literal.js';
import type { ParamNode } from './param.js';
import type { QuantifiedComparisonNode } from './quantified-comparison.js';
import type { RegexpNode } from './regexp.js';
import type { RenameTableNode } from './rename-table.js';
import type { RevokeNode } from './revoke.js';
import type { RollbackNode } from './rollback.js';
import type { RowExprNode } from './row-expr.js';
import type { SavepointNode } from './savepoint.js';
import type { SelectNode } from './select.js';
import type { SetNamesNode } from './set-names.js';
import type { SetOperationNode } from './set-operation.js';
import type { SetTransactionNode } from './set-transaction.js';
import type { SetVariablesNode } from './set-variables.js';
import type { ShowNode } from './show.js';
import type { StarNode } from './star.js';
import type { SubqueryNode } from './subquery.js';
import type { TableRefNode } from './table-ref.js';
import type { TruncateTableNode } from './truncate-table.js';
import type { OptimizeTableNode } from './optimize-table.js';
import type { UnaryNode } from './unary.js';
import type { UpdateNode } from './update.js';
import type { UseDatabaseNode } from './use-database.js';
import type { ValuesRefNode } from './values-ref.js';
import type { VariableNode } from './variable.js';

export type * from './aggregate.js';
export type * from './alter-table.js';
export type * from './alter-user.js';
export type * from './analyze-table.js';
export type * from './assignment.js';
export type * from './begin.js';
export type * from './between.js';
export type * from './binary.js';
export type * from './case.js';
export type * from './cast.js';
export type * from './collate.js';
export type * from './column-definition.js';
export type * from './column-ref.js';
export type * from './commit.js';
export type * from './create-database.js';
export type * from './create-index.js';
export type * from './create-table.js';
export type * from './create-trigger.js';
export type * from './create-user.js';
export type * from './create-view.js';
export type * from './default-value.js';
export type * from './delete.js';
export type * from './derived-table.js';
export type * from './do.js';
export type * from './drop-database.js';
export type * from './drop-index.js';
export type * from './drop-table.js';
export type * from './drop-trigger.js';
export type * from './drop-user.js';
export type * from './drop-view.js';
export type * from './exists.js';
export type * from './explain.js';
export type * from './flush.js';
export type * from './function-call.js';
export type * from './grant.js';
export type * from './in-list.js';
export type * from './in-subquery.js';
export type * from './index-definition.js';
export type * from './insert.js';
export type * from './interval.js';
export type * from './is-null.js';
export type * from './is-truth.js';
export type * from './join.js';
export type * from './kill.js';
export type * from './like.js';
export type * from './literal.js';
export type * from './order-item.js';
export type * from './param.js';
export type * from './quantified-comparison.js';
export type * from './regexp.js';
export type * from './rename-table.js';
export type * from './revoke.js';
export type * from './rollback.js';
export type * from './row-expr.js';
export type * from './savepoint.js';
export type * from './select.js';
export type * from './set-names.js';
export type * from './set-operation.js';
export type * from './set-transaction.js';
export type * from './set-variables.js';
export type * from './show.js';
export type * from './star.js';
export type * from './subquery.js';
export type * from './table-options.js';
export type * from './table-ref.js';
export type * from './truncate-table.js';
export type * from './unary.js';
export type * from './update.js';
export type * from './use-database.js';
export type * from './values-ref.js';
export type * from './variable.js';

export type ExprNode =
  | LiteralNode
  | ParamNode
  | ColumnRefNode
  | StarNode
  | UnaryNode
  | BinaryNode
  | BetweenNode
  | InListNode
  | InSubqueryNode
  | QuantifiedComparisonNode
  | ExistsNode
  | SubqueryNode
  | IsNullNode
  | IsTruthNode
  | LikeNode
  | RegexpNode
  | FunctionCallNode
  | AggregateNode
  | CaseNode
  | CastNode
  | VariableNode
  | CollateNode
  | IntervalNode
  | DefaultValueNode
  | ValuesRefNode
  | RowExprNode;

export type QueryNode = SelectNode | SetOperationNode;

export type FromNode = TableRefNode | JoinNode | DerivedTableNode;

export type StatementNode =
  | SelectNode
  | SetOperationNode
  | InsertNode
  | UpdateNode
  | DeleteNode
  | CreateDatabaseNode
  | DropDatabaseNode
  | CreateTableNode
  | DropTableNode
  | TruncateTableNode
  | OptimizeTableNode
  | AnalyzeTableNode
  | CreateIndexNode
  | DropIndexNode
  | AlterTableNode
  | RenameTableNode
  | CreateViewNode
  | DropViewNode
  | CreateTriggerNode
  | DropTriggerNode
  | UseDatabaseNode
  | SetVariablesNode
  | SetNamesNode
  | SetTransactionNode
  | ShowNode
  | KillNode
  | BeginNode
  | CommitNode
  | RollbackNode
  | SavepointNode
  | CreateUserNode
  | AlterUserNode
  | DropUserNode
  | GrantNode
  | RevokeNode
  | ExplainNode
  | FlushNode
  | DoNode;

export type ExprKind = ExprNode['kind'];
export type StatementKind = StatementNode['kind'];

/** One handler per expression kind; a missing kind is a compile error. */
export type ExprHandlers<R, C> = {
  [K in ExprKind]: (node: Extract<ExprNode, { kind: K }>, context: C) => R;
};

/** One handler per statement kind; a missing kind is a compile error. */
export type StatementHandlers<R, C> = {
  [K in StatementKind]: (node: Extract<StatementNode, { kind: K }>, context: C) => R;
};

/** Calls the handler for the node's kind. */
export function dispatchExpr<R, C>(handlers: ExprHandlers<R, C>, node: ExprNode, context: C): R {
  return (handlers[node.kind] as (node: ExprNode, context: C) => R)(node, context);
}

export function dispatchStatement<R, C>(
  handlers: StatementHandlers<R, C>,
  node: StatementNode,
  context: C,
): R {
  return (handlers[node.kind] as (node: StatementNode, context: C) => R)(node, context);
}
