/**
 * A value supplied at execution: a `?` of a prepared statement, or a literal that the statement
 * cache lifted out of the text so that statements differing only in literals share one plan.
 */
export interface ParamNode {
  readonly kind: 'Param';
  /** Position in the statement's argument vector. */
  readonly index: number;
}
