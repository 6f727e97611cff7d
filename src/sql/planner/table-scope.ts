// Name resolution over the tables of a FROM clause: each table's columns occupy consecutive row
// slots starting at its base, so a joined row is one array holding every table's columns.
// References are recorded so that scans decode only the columns a statement reads.

import { ER } from '../../server/constants/error-codes.js';
import type { ColumnRefNode } from '../ast/index.js';
import type { ColumnInfo, TableInfo } from '../catalog/schema.js';
import { sqlError } from '../errors.js';
import { TableCodec } from '../executor/table-codec.js';
import { columnExprType } from '../expr/expr-type.js';
import type { ExprType } from '../expr/expr-type.js';
import type { VirtualTable } from './plan-env.js';
import type { QueryPlan } from './select-plan.js';

interface SourceCommon {
  readonly database: string;
  /** The name the statement uses for the table (its alias, or its name). */
  readonly alias: string;
  readonly slotBase: number;
  /** Column names, by offset. */
  readonly columnNames: readonly string[];
  /** Offsets of the columns the statement reads. */
  readonly used: Set<number>;
  /** Position in the FROM clause (the order of `*`). */
  readonly position: number;
}

/** A stored table. */
export interface TableSource extends SourceCommon {
  readonly kind: 'table';
  readonly table: TableInfo;
  readonly codec: TableCodec;
}

/** A table of information_schema or performance_schema, computed when read. */
export interface VirtualSource extends SourceCommon {
  readonly kind: 'virtual';
  readonly table: TableInfo;
  readonly virtual: VirtualTable;
}

/** A derived table: the rows of a query in FROM. */
export interface DerivedSource extends SourceCommon {
  readonly kind: 'derived';
  readonly plan: QueryPlan;
}

export type SourceTable = TableSource | VirtualSource | DerivedSource;

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

/** How many slots a source's columns take. */
export function sourceWidth(source: SourceTable): number {
  return source.columnNames.length;
}

export interface ResolvedColumn {
  readonly source: SourceTable;
  readonly offset: number;
}

export class TableScope {
  readonly sources: SourceTable[] = [];
  private nextSlot = 0;
  /**
   * Columns that an unqualified name does not reach: the second of two columns a USING or
   * NATURAL join coalesced (keys `alias\0lower-case name`).
   */
  private readonly coalesced = new Set<string>();

  private common(database: string, alias: string, columnNames: readonly string[]): SourceCommon {
    if (this.sources.some((s) => s.alias === alias)) throw sqlError(ER.NONUNIQ_TABLE, alias);
    const common: SourceCommon = {
      database,
      alias,
      slotBase: this.nextSlot,
      columnNames,
      used: new Set(),
      position: this.sources.length,
    };
    this.nextSlot += columnNames.length;
    return common;
  }

  add(database: string, table: TableInfo, alias: string | null): TableSource {
    const names = table.columns.map((c) => c.name);
    const source: TableSource = {
      ...this.common(database, alias ?? table.name, names),
      kind: 'table',
      table,
      codec: codecOf(table),
    };
    this.sources.push(source);
    return source;
  }

  addVirtual(database: string, virtual: VirtualTable, alias: string): VirtualSource {
    const table = virtual.info;
    const source: VirtualSource = {
      ...this.common(
        database,
        alias,
        table.columns.map((c) => c.name),
      ),
      kind: 'virtual',
      table,
      virtual,
    };
    this.sources.push(source);
    return source;
  }

  addDerived(plan: QueryPlan, alias: string): DerivedSource {
    const names = plan.columns.map((c) => c.name);
    const seen = new Set<string>();
    for (const name of names) {
      const lower = name.toLowerCase();
      if (seen.has(lower)) throw sqlError(ER.DUP_FIELDNAME, name);
      seen.add(lower);
    }
    const source: DerivedSource = {
      ...this.common('', alias, names),
      kind: 'derived',
      plan,
    };
    this.sources.push(source);
    return source;
  }

  /** Hides a column from unqualified names (the coalesced twin of a USING column). */
  coalesce(source: SourceTable, offset: number): void {
    this.coalesced.add(source.alias + '\u0000' + source.columnNames[offset]!.toLowerCase());
  }

  isCoalesced(source: SourceTable, offset: number): boolean {
    return this.coalesced.has(source.alias + '\u0000' + source.columnNames[offset]!.toLowerCase());
  }

  get width(): number {
    return this.nextSlot;
  }

  /** Finds the column a reference names; throws 1052 when it is ambiguous. */
  lookup(ref: ColumnRefNode, clause: string): ResolvedColumn | undefined {
    const name = ref.column.toLowerCase();
    let found: ResolvedColumn | undefined;
    for (const source of this.sources) {
      if (ref.table !== null && ref.table !== source.alias) continue;
      if (ref.database !== null && ref.database !== source.database) continue;
      const offset = source.columnNames.findIndex((c) => c.toLowerCase() === name);
      if (offset < 0) continue;
      if (ref.table === null && this.coalesced.size > 0 && this.isCoalesced(source, offset))
        continue;
      if (found) throw sqlError(ER.NON_UNIQ_ERROR, ref.column, clause);
      found = { source, offset };
    }
    return found;
  }

  /** The slot and type of a resolved column, marking it read. */
  columnOf(found: ResolvedColumn): { slot: number; type: ExprType } {
    const { source, offset } = found;
    source.used.add(offset);
    return { slot: source.slotBase + offset, type: sourceColumnType(source, offset) };
  }

  resolve(ref: ColumnRefNode, clause: string): { slot: number; type: ExprType } {
    const found = this.lookup(ref, clause);
    if (!found) throw unknownColumn(ref, clause);
    return this.columnOf(found);
  }
}

/** Error 1054 for a reference that names no column in reach. */
export function unknownColumn(ref: ColumnRefNode, clause: string) {
  const qualified = [ref.table, ref.column].filter((p) => p !== null).join('.');
  return sqlError(ER.BAD_FIELD_ERROR, qualified, clause);
}

/** The expression type of a source's column, with its origin for result-set metadata. */
export function sourceColumnType(source: SourceTable, offset: number): ExprType {
  if (source.kind === 'derived') return source.plan.types[offset]!;
  const column: ColumnInfo = source.table.columns[offset]!;
  return columnExprType(column, {
    database: source.database,
    table: source.alias,
    orgTable: source.table.name,
    column,
  });
}
