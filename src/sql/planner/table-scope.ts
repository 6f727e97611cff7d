// Name resolution over the tables of a FROM clause: each table's columns occupy consecutive row
// slots starting at its base. References are recorded so that scans decode only the columns a
// statement reads.

import { ER } from '../../server/constants/error-codes.js';
import type { ColumnRefNode } from '../ast/index.js';
import type { ColumnInfo, TableInfo } from '../catalog/schema.js';
import { sqlError } from '../errors.js';
import { TableCodec } from '../executor/table-codec.js';
import { columnExprType } from '../expr/expr-type.js';
import type { ExprType } from '../expr/expr-type.js';

export interface SourceTable {
  readonly database: string;
  readonly table: TableInfo;
  /** The name the statement uses for the table (its alias, or its name). */
  readonly alias: string;
  readonly slotBase: number;
  readonly codec: TableCodec;
  /** Offsets of the columns the statement reads. */
  readonly used: Set<number>;
}

const codecCache = new WeakMap<TableInfo, TableCodec>();

/** One codec per table version (TableInfo objects are replaced on every change). */
export function codecOf(table: TableInfo): TableCodec {
  let codec = codecCache.get(table);
  if (!codec) {
    codec = new TableCodec(table);
    codecCache.set(table, codec);
  }
  return codec;
}

export class TableScope {
  readonly sources: SourceTable[] = [];
  private nextSlot = 0;

  add(database: string, table: TableInfo, alias: string | null): SourceTable {
    const name = alias ?? table.name;
    if (this.sources.some((s) => s.alias === name)) throw sqlError(ER.NONUNIQ_TABLE, name);
    const source: SourceTable = {
      database,
      table,
      alias: name,
      slotBase: this.nextSlot,
      codec: codecOf(table),
      used: new Set(),
    };
    this.sources.push(source);
    this.nextSlot += table.columns.length;
    return source;
  }

  get width(): number {
    return this.nextSlot;
  }

  /** Finds the column a reference names; throws 1054 or 1052 as MySQL does. */
  lookup(
    ref: ColumnRefNode,
    clause: string,
  ): { source: SourceTable; column: ColumnInfo } | undefined {
    const name = ref.column.toLowerCase();
    let found: { source: SourceTable; column: ColumnInfo } | undefined;
    for (const source of this.sources) {
      if (ref.table !== null && ref.table !== source.alias) continue;
      if (ref.database !== null && ref.database !== source.database) continue;
      const column = source.table.columns.find((c) => c.name.toLowerCase() === name);
      if (!column) continue;
      if (found) throw sqlError(ER.NON_UNIQ_ERROR, ref.column, clause);
      found = { source, column };
    }
    return found;
  }

  resolve(ref: ColumnRefNode, clause: string): { slot: number; type: ExprType } {
    const found = this.lookup(ref, clause);
    if (!found) {
      const qualified = [ref.table, ref.column].filter((p) => p !== null).join('.');
      throw sqlError(ER.BAD_FIELD_ERROR, qualified, clause);
    }
    const { source, column } = found;
    source.used.add(column.offset);
    return {
      slot: source.slotBase + column.offset,
      type: columnExprType(column, {
        database: source.database,
        table: source.alias,
        orgTable: source.table.name,
        column,
      }),
    };
  }
}
