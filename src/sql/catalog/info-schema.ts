// An immutable snapshot of every database and table at one schema version. Database and table
// names compare case-sensitively (lower_case_table_names = 0, as on Linux).

import type { DatabaseInfo, TableInfo } from './schema.js';

export class InfoSchema {
  private readonly databasesByName = new Map<string, DatabaseInfo>();
  private readonly databasesById = new Map<number, DatabaseInfo>();
  private readonly tablesByDatabase = new Map<number, Map<string, TableInfo>>();
  private readonly tablesById = new Map<number, TableInfo>();

  constructor(
    readonly version: number,
    databases: readonly DatabaseInfo[],
    tables: readonly TableInfo[],
  ) {
    for (const db of databases) {
      this.databasesByName.set(db.name, db);
      this.databasesById.set(db.id, db);
      this.tablesByDatabase.set(db.id, new Map());
    }
    for (const table of tables) {
      this.tablesByDatabase.get(table.databaseId)?.set(table.name, table);
      this.tablesById.set(table.id, table);
    }
  }

  database(name: string): DatabaseInfo | undefined {
    return this.databasesByName.get(name);
  }

  databases(): DatabaseInfo[] {
    return [...this.databasesByName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  table(database: string, name: string): TableInfo | undefined {
    const db = this.databasesByName.get(database);
    return db ? this.tablesByDatabase.get(db.id)?.get(name) : undefined;
  }

  tables(database: string): TableInfo[] {
    const db = this.databasesByName.get(database);
    if (!db) return [];
    return [...this.tablesByDatabase.get(db.id)!.values()].sort((a, b) =>
      a.name < b.name ? -1 : 1,
    );
  }

  tableById(id: number): TableInfo | undefined {
    return this.tablesById.get(id);
  }

  allTables(): TableInfo[] {
    return [...this.tablesById.values()];
  }

  databaseOf(table: TableInfo): DatabaseInfo {
    return this.databasesById.get(table.databaseId)!;
  }
}
