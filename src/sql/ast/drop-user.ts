import type { UserSpec } from './index.js';

export interface DropUserNode {
  readonly kind: 'DropUser';
  readonly users: readonly UserSpec[];
  readonly ifExists: boolean;
}
