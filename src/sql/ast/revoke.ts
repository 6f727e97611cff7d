import type { PrivilegeLevel, UserSpec } from './index.js';

export interface RevokeNode {
  readonly kind: 'Revoke';
  readonly privileges: readonly string[];
  readonly level: PrivilegeLevel;
  readonly users: readonly UserSpec[];
  /** REVOKE ALL PRIVILEGES, GRANT OPTION FROM …. */
  readonly allAndGrantOption: boolean;
}
