import type { ExprNode } from './index.js';

export interface VariableAssignment {
  readonly scope: 'user' | 'session' | 'global';
  /** Lower case for system variables. */
  readonly name: string;
  /** null for `= DEFAULT`. */
  readonly value: ExprNode | null;
}

export interface SetVariablesNode {
  readonly kind: 'SetVariables';
  readonly assignments: readonly VariableAssignment[];
}
