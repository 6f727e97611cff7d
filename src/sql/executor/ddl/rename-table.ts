// RENAME TABLE a TO b [, c TO d …]: applied left to right (so `a TO tmp, b TO a, tmp TO b` swaps
// two tables) in one catalog change: all renames happen or none. Tables may move to another
// database; views only within theirs (MySQL refuses to move a view, 1450).

import { ER } from '../../../server/constants/error-codes.js';
import type { RenameTableNode } from '../../ast/index.js';
import type { TableInfo, ViewInfo } from '../../catalog/schema.js';
import { sqlError } from '../../errors.js';
import { targetDatabase } from './ddl-env.js';
import { moveTriggersOf } from './triggers.js';
import type { DdlEnv } from './ddl-env.js';

type Relation =
  | { readonly kind: 'table'; readonly info: TableInfo }
  | { readonly kind: 'view'; readonly info: ViewInfo };

export async function renameTables(node: RenameTableNode, env: DdlEnv): Promise<void> {
  await env.catalog.ddl(async (writer, schema) => {
    /** Names as the renames so far left them: a moved name maps to null. */
    const names = new Map<string, Relation | null>();
    const lookup = (database: string, name: string): Relation | null => {
      const key = `${database}\u0000${name}`;
      if (names.has(key)) return names.get(key)!;
      const table = schema.table(database, name);
      if (table) return { kind: 'table', info: table };
      const view = schema.view(database, name);
      return view ? { kind: 'view', info: view } : null;
    };
    const moved = new Map<string, Relation>();
    for (const { from, to } of node.renames) {
      const fromDb = targetDatabase(env, from.database);
      const toDb = targetDatabase(env, to.database);
      const source = lookup(fromDb, from.name);
      if (!source) throw sqlError(ER.NO_SUCH_TABLE, fromDb, from.name);
      const db = schema.database(toDb);
      if (!db) throw sqlError(ER.BAD_DB_ERROR, toDb);
      if (lookup(toDb, to.name)) throw sqlError(ER.TABLE_EXISTS_ERROR, to.name);
      if (source.kind === 'view' && db.id !== source.info.databaseId)
        throw sqlError(ER.FORBID_SCHEMA_CHANGE, fromDb, toDb);
      const renamed: Relation =
        source.kind === 'table'
          ? { kind: 'table', info: { ...source.info, databaseId: db.id, name: to.name } }
          : { kind: 'view', info: { ...source.info, name: to.name } };
      names.set(`${fromDb}\u0000${from.name}`, null);
      names.set(`${toDb}\u0000${to.name}`, renamed);
      moved.set(`${renamed.kind}:${renamed.info.id}`, renamed);
    }
    for (const relation of moved.values()) {
      if (relation.kind === 'view') {
        writer.putView(relation.info);
        continue;
      }
      const original = schema.tableById(relation.info.id)!;
      if (original.databaseId !== relation.info.databaseId) writer.deleteTableEntry(original);
      writer.putTable(relation.info);
      moveTriggersOf(writer, schema, original, relation.info);
    }
  });
}
