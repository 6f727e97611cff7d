// The prepared statements of one connection, with what the protocol keeps for each between
// executions: the parameter types last bound and long data sent since the last execute.

import type { PreparedStatement } from '../sql/api.js';
import type { ErrorSpec } from './constants/error-codes.js';
import type { ParamBinding } from './packets/stmt-execute.js';
import { classifyStatement } from './statement-stats.js';

export interface PreparedEntry {
  readonly statement: PreparedStatement;
  /** The text as prepared, and its type (statement-stats.ts), for monitoring and the slow log. */
  readonly sql: string;
  readonly statementType: number;
  readonly binding: ParamBinding;
  longDataBytes: number;
  /** A COM_STMT_SEND_LONG_DATA problem, reported by the next COM_STMT_EXECUTE. */
  longDataError: ErrorSpec | null;
}

export class PreparedStatements {
  private readonly entries = new Map<number, PreparedEntry>();

  add(statement: PreparedStatement, sql: string): PreparedEntry {
    const entry: PreparedEntry = {
      statement,
      sql,
      statementType: classifyStatement(sql),
      binding: { paramCount: statement.paramCount, types: null, longData: null },
      longDataBytes: 0,
      longDataError: null,
    };
    this.entries.set(statement.id, entry);
    return entry;
  }

  get(id: number): PreparedEntry | undefined {
    return this.entries.get(id);
  }

  delete(id: number): boolean {
    return this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }

  ids(): IterableIterator<number> {
    return this.entries.keys();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets long data (after an execute, or COM_STMT_RESET). */
  static resetLongData(entry: PreparedEntry): void {
    entry.binding.longData = null;
    entry.longDataBytes = 0;
    entry.longDataError = null;
  }
}
