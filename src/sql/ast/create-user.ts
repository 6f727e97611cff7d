import type { UserSpec } from './index.js';

export interface UserAuth extends UserSpec {
  /** IDENTIFIED BY 'password'; null when no password was given. */
  readonly password: string | null;
  /** IDENTIFIED WITH plugin; null for the default. */
  readonly plugin: string | null;
  /** IDENTIFIED [WITH plugin] AS 'auth string' (already hashed). */
  readonly authString: string | null;
}

export interface CreateUserNode {
  readonly kind: 'CreateUser';
  readonly users: readonly UserAuth[];
  readonly ifNotExists: boolean;
  readonly orReplace: boolean;
}
