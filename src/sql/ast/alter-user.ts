import type { UserAuth } from './index.js';

/** ALTER USER … IDENTIFIED BY, and SET PASSWORD [FOR user] = '…'. */
export interface AlterUserNode {
  readonly kind: 'AlterUser';
  readonly users: readonly UserAuth[];
  readonly ifExists: boolean;
  /** SET PASSWORD without FOR: the current user. */
  readonly currentUser: boolean;
}
