// CREATE TRIGGER and DROP TRIGGER. A trigger belongs to a table of its database and goes with it
// (DROP TABLE drops it, RENAME TABLE renames its table). The parser accepts only a body that runs
// nothing (BEGIN END), so there is nothing to fire.

import { ER } from '../../../server/constants/error-codes.js';
import type { CreateTriggerNode, DropTriggerNode } from '../../ast/index.js';
import type { CatalogWriter } from '../../catalog/catalog.js';
import type { InfoSchema } from '../../catalog/info-schema.js';
import type { TableInfo } from '../../catalog/schema.js';
import { sqlError } from '../../errors.js';
import { targetDatabase } from './ddl-env.js';
import type { DdlEnv } from './ddl-env.js';
import { definerText } from './views.js';

export async function createTrigger(
  node: CreateTriggerNode,
  env: DdlEnv,
  definer: { user: string; host: string },
  sqlMode: string,
): Promise<void> {
  const dbName = targetDatabase(env, node.table.database);
  const triggerDb = node.trigger.database ?? dbName;
  if (triggerDb !== dbName) throw sqlError(ER.TRG_IN_WRONG_SCHEMA);
  await env.catalog.ddl(async (writer, schema) => {
    const db = schema.database(dbName);
    if (!db) throw sqlError(ER.BAD_DB_ERROR, dbName);
    if (!schema.table(dbName, node.table.name)) {
      if (schema.view(dbName, node.table.name))
        throw sqlError(ER.WRONG_OBJECT, dbName, node.table.name, 'BASE TABLE');
      throw sqlError(ER.NO_SUCH_TABLE, dbName, node.table.name);
    }
    const existing = schema.trigger(dbName, node.trigger.name);
    if (existing && !node.orReplace) {
      if (!node.ifNotExists) throw sqlError(ER.TRG_ALREADY_EXISTS);
      env.note(ER.TRG_ALREADY_EXISTS);
      return;
    }
    if (existing) writer.deleteTrigger(existing);
    writer.putTrigger({
      id: await writer.nextId(),
      databaseId: db.id,
      name: node.trigger.name,
      table: node.table.name,
      timing: node.timing,
      event: node.event,
      body: node.body,
      statement: node.text,
      definer: definerText(definer.user, definer.host),
      sqlMode,
      clientCharset: env.clientCharset,
      connectionCollation: env.connectionCollation,
      createTimeMs: env.ctx.nowMs,
    });
  });
}

export async function dropTrigger(node: DropTriggerNode, env: DdlEnv): Promise<void> {
  const dbName = targetDatabase(env, node.trigger.database);
  await env.catalog.ddl(async (writer, schema) => {
    const trigger = schema.trigger(dbName, node.trigger.name);
    if (!trigger) {
      if (!node.ifExists) throw sqlError(ER.TRG_DOES_NOT_EXIST);
      env.note(ER.TRG_DOES_NOT_EXIST);
      return;
    }
    writer.deleteTrigger(trigger);
  });
}

/** Drops a table's triggers with it (in the statement that drops the table). */
export function dropTriggersOf(writer: CatalogWriter, schema: InfoSchema, table: TableInfo): void {
  const db = schema.databaseOf(table).name;
  for (const trigger of schema.triggers(db, table.name)) writer.deleteTrigger(trigger);
}

/**
 * Moves a table's triggers along when the table is renamed; a table with triggers cannot move to
 * another database (MySQL: 1435).
 */
export function moveTriggersOf(
  writer: CatalogWriter,
  schema: InfoSchema,
  table: TableInfo,
  moved: { databaseId: number; name: string },
): void {
  const db = schema.databaseOf(table).name;
  const triggers = schema.triggers(db, table.name);
  if (triggers.length === 0) return;
  if (moved.databaseId !== table.databaseId) throw sqlError(ER.TRG_IN_WRONG_SCHEMA);
  for (const trigger of triggers) writer.putTrigger({ ...trigger, table: moved.name });
}
