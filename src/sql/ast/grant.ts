import type { UserAuth } from './index.js';

/** Privilege level: `*.*` (both null… database '*'), `db.*`, `db.table` or `table`. */
export interface PrivilegeLevel {
  /** '*' for every database; null for the current one. */
  readonly database: string | null;
  /** '*' for every table. */
  readonly table: string;
}

export interface GrantNode {
  readonly kind: 'Grant';
  /** Upper case ('SELECT', 'ALL', 'CREATE USER', …). */
  readonly privileges: readonly string[];
  readonly level: PrivilegeLevel;
  readonly users: readonly UserAuth[];
  readonly withGrantOption: boolean;
}
