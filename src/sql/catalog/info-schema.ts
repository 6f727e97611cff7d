// An immutable snapshot of every database, table, view and trigger at one schema version.
// Database, table, view and trigger names compare case-sensitively (lower_case_table_names = 0,
// as on Linux); tables and views of a database share one namespace, triggers have their own.

import type { DatabaseInfo, TableInfo, TriggerInfo, ViewInfo } from './schema.js';

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);

export class InfoSchema {
  private readonly databasesByName = new Map<string, DatabaseInfo>();
  private readonly databasesById = new Map<number, DatabaseInfo>();
  private readonly tablesByDatabase = new Map<number, Map<string, TableInfo>>();
  private readonly tablesById = new Map<number, TableInfo>();
  private readonly viewsByDatabase = new Map<number, Map<string, ViewInfo>>();
  private readonly triggersByDatabase = new Map<number, Map<string, TriggerInfo>>();

  constructor(
    readonly version: number,
    databases: readonly DatabaseInfo[],
    tables: readonly TableInfo[],
    views: readonly ViewInfo[] = [],
    triggers: readonly TriggerInfo[] = [],
  ) {
    for (const db of databases) {
      this.databasesByName.set(db.name, db);
      this.databasesById.set(db.id, db);
      this.tablesByDatabase.set(db.id, new Map());
      this.viewsByDatabase.set(db.id, new Map());
      this.triggersByDatabase.set(db.id, new Map());
    }
    for (const table of tables) {
      this.tablesByDatabase.get(table.databaseId)?.set(table.name, table);
      this.tablesById.set(table.id, table);
    }
    for (const view of views) this.viewsByDatabase.get(view.databaseId)?.set(view.name, view);
    for (const trigger of triggers)
      this.triggersByDatabase.get(trigger.databaseId)?.set(trigger.name, trigger);
  }

  database(name: string): DatabaseInfo | undefined {
    return this.databasesByName.get(name);
  }

  databases(): DatabaseInfo[] {
    return [...this.databasesByName.values()].sort(byName);
  }

  table(database: string, name: string): TableInfo | undefined {
    const db = this.databasesByName.get(database);
    return db ? this.tablesByDatabase.get(db.id)?.get(name) : undefined;
  }

  tables(database: string): TableInfo[] {
    const db = this.databasesByName.get(database);
    if (!db) return [];
    return [...this.tablesByDatabase.get(db.id)!.values()].sort(byName);
  }

  tableById(id: number): TableInfo | undefined {
    return this.tablesById.get(id);
  }

  allTables(): TableInfo[] {
    return [...this.tablesById.values()];
  }

  view(database: string, name: string): ViewInfo | undefined {
    const db = this.databasesByName.get(database);
    return db ? this.viewsByDatabase.get(db.id)?.get(name) : undefined;
  }

  views(database: string): ViewInfo[] {
    const db = this.databasesByName.get(database);
    if (!db) return [];
    return [...this.viewsByDatabase.get(db.id)!.values()].sort(byName);
  }

  trigger(database: string, name: string): TriggerInfo | undefined {
    const db = this.databasesByName.get(database);
    return db ? this.triggersByDatabase.get(db.id)?.get(name) : undefined;
  }

  /** Triggers of a database in creation order, or of one of its tables. */
  triggers(database: string, table?: string): TriggerInfo[] {
    const db = this.databasesByName.get(database);
    if (!db) return [];
    return [...this.triggersByDatabase.get(db.id)!.values()]
      .filter((t) => table === undefined || t.table === table)
      .sort((a, b) => a.id - b.id);
  }

  /** Whether a table or a view holds the name. */
  hasRelation(database: string, name: string): boolean {
    return this.table(database, name) !== undefined || this.view(database, name) !== undefined;
  }

  databaseOf(table: { databaseId: number }): DatabaseInfo {
    return this.databasesById.get(table.databaseId)!;
  }
}
