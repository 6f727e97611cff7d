import type { StatementNode } from './index.js';

export interface ExplainNode {
  readonly kind: 'Explain';
  readonly statement: StatementNode;
}
