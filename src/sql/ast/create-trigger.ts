import type { TableRefNode, UserSpec } from './index.js';

/**
 * CREATE TRIGGER. Only a body that runs nothing (`BEGIN END`) is supported, so a trigger is kept
 * and listed but never has an effect (any other body is refused with 1235).
 */
export interface CreateTriggerNode {
  readonly kind: 'CreateTrigger';
  /** [db.]name: a trigger lives in its table's database. */
  readonly trigger: TableRefNode;
  readonly table: TableRefNode;
  readonly timing: 'BEFORE' | 'AFTER';
  readonly event: 'INSERT' | 'UPDATE' | 'DELETE';
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly definer: UserSpec | null;
  /** The body as written. */
  readonly body: string;
  /** The statement as written (SHOW CREATE TRIGGER). */
  readonly text: string;
}
