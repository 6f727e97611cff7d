import type { QueryNode, TableRefNode, UserSpec } from './index.js';

/** CREATE [OR REPLACE] VIEW and ALTER VIEW. */
export interface CreateViewNode {
  readonly kind: 'CreateView';
  readonly view: TableRefNode;
  readonly orReplace: boolean;
  /** ALTER VIEW: the view must exist. */
  readonly alter: boolean;
  /** Column names given as `v (a, b)`, or null. */
  readonly columns: readonly string[] | null;
  readonly query: QueryNode;
  /** The query as written, kept as the view's definition. */
  readonly definition: string;
  readonly algorithm: 'UNDEFINED' | 'MERGE' | 'TEMPTABLE';
  /** DEFINER = user, or null for the current account. */
  readonly definer: UserSpec | null;
  readonly security: 'DEFINER' | 'INVOKER';
  readonly checkOption: 'NONE' | 'CASCADED' | 'LOCAL';
}
