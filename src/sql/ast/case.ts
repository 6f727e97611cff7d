import type { ExprNode } from './index.js';

export interface CaseWhen {
  readonly when: ExprNode;
  readonly then: ExprNode;
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END`. */
export interface CaseNode {
  readonly kind: 'Case';
  readonly operand: ExprNode | null;
  readonly whens: readonly CaseWhen[];
  readonly otherwise: ExprNode | null;
}
