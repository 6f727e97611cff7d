import type { ExprNode } from './index.js';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | 'DIV' | '%';
export type ComparisonOperator = '=' | '<=>' | '<>' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = 'AND' | 'OR' | 'XOR';
export type BitOperator = '&' | '|' | '^' | '<<' | '>>';
export type BinaryOperator =
  ArithmeticOperator | ComparisonOperator | LogicalOperator | BitOperator;

export interface BinaryNode {
  readonly kind: 'Binary';
  readonly op: BinaryOperator;
  readonly left: ExprNode;
  readonly right: ExprNode;
}
