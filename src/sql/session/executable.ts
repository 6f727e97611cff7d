// A statement made ready to run: planned against one schema version and one set of parameter
// types, with the privileges it needs.

import type { ColumnDefinition, StatementResult } from '../api.js';
import type { Privilege } from '../catalog/schema.js';
import type { Value } from '../types/value.js';
import type { SqlSession } from './session.js';

export interface PrivilegeCheck {
  readonly privilege: Privilege;
  /** null: a global privilege. */
  readonly database: string | null;
  readonly table: string | null;
}

export interface Executable {
  /** Schema version the plan was made at, or -1 when it does not depend on the schema. */
  readonly schemaVersion: number;
  readonly privileges: readonly PrivilegeCheck[];
  /** Result columns (empty for statements that return no rows). */
  readonly columns: readonly ColumnDefinition[];
  /** Writes data (runs in a transaction). */
  readonly writes: boolean;
  /**
   * The catalog's privilege version at which the session last found the privileges granted
   * (-1: not yet). Plans belong to one session, so this spares the check on every run.
   */
  privilegeVersion: number;
  /** The result: synchronously when the statement never had to wait. */
  run(session: SqlSession, args: readonly Value[]): StatementResult | Promise<StatementResult>;
}
