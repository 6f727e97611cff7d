// CREATE USER, ALTER USER / SET PASSWORD, DROP USER, GRANT and REVOKE.

import { ER } from '../../server/constants/error-codes.js';
import type {
  AlterUserNode,
  CreateUserNode,
  DropUserNode,
  GrantNode,
  RevokeNode,
  UserAuth,
  UserSpec,
} from '../ast/index.js';
import {
  authStringFor,
  NATIVE_PASSWORD_PLUGIN,
  SUPPORTED_AUTH_PLUGINS,
} from '../catalog/auth-strings.js';
import { accountName, expandPrivileges, hasPrivilege } from '../catalog/privileges.js';
import type { Privilege, UserRecord } from '../catalog/schema.js';
import { notSupported, sqlError } from '../errors.js';
import type { SqlSession } from './session.js';

function requireGlobal(session: SqlSession, privilege: Privilege): void {
  if (!hasPrivilege(session.account, privilege, null, null))
    throw sqlError(ER.SPECIFIC_ACCESS_DENIED_ERROR, privilege);
}

function find(users: readonly UserRecord[], spec: UserSpec): UserRecord | undefined {
  return users.find(
    (u) => u.user === spec.user && u.host.toLowerCase() === spec.host.toLowerCase(),
  );
}

function authFor(auth: UserAuth, defaultPlugin: string): { plugin: string; authString: string } {
  const plugin = auth.plugin ?? defaultPlugin;
  if (!SUPPORTED_AUTH_PLUGINS.includes(plugin))
    throw sqlError(ER.NOT_SUPPORTED_YET, `authentication plugin '${plugin}'`);
  if (auth.authString !== null) return { plugin, authString: auth.authString };
  return { plugin, authString: authStringFor(plugin, auth.password ?? '') };
}

/** The plugin of new accounts: default_authentication_plugin when the server declares it. */
function defaultPlugin(session: SqlSession): string {
  const settings = session.services.settings;
  return settings.has('default_authentication_plugin')
    ? String(settings.get('default_authentication_plugin'))
    : NATIVE_PASSWORD_PLUGIN;
}

function resolveSelf(session: SqlSession, spec: UserSpec): UserSpec {
  return spec.user === '' && spec.host === ''
    ? { user: session.account.user, host: session.account.host }
    : spec;
}

export async function createUser(node: CreateUserNode, session: SqlSession): Promise<void> {
  requireGlobal(session, 'CREATE USER');
  const failed: string[] = [];
  await session.services.catalog.ddl(async (writer) => {
    const users = session.services.catalog.users();
    for (const auth of node.users) {
      const existing = find(users, auth);
      if (existing && !node.orReplace) {
        if (node.ifNotExists) {
          session.warn('Note', ER.CANNOT_USER.errno, ER.CANNOT_USER.message, [
            'CREATE USER',
            accountName(auth),
          ]);
          continue;
        }
        failed.push(accountName(auth));
        continue;
      }
      writer.putUser({
        user: auth.user,
        host: auth.host,
        ...authFor(auth, defaultPlugin(session)),
        global: [],
        databases: {},
        tables: {},
      });
    }
    if (failed.length) throw sqlError(ER.CANNOT_USER, 'CREATE USER', failed.join(','));
  });
}

export async function alterUser(node: AlterUserNode, session: SqlSession): Promise<void> {
  const changingOthers = node.users.some((u) => {
    const spec = resolveSelf(session, u);
    return spec.user !== session.account.user || spec.host !== session.account.host;
  });
  if (changingOthers) requireGlobal(session, 'CREATE USER');
  const failed: string[] = [];
  await session.services.catalog.ddl(async (writer) => {
    const users = session.services.catalog.users();
    for (const auth of node.users) {
      const spec = resolveSelf(session, auth);
      const existing = find(users, spec);
      if (!existing) {
        if (!node.ifExists) failed.push(accountName(spec));
        continue;
      }
      if (auth.password === null && auth.authString === null && auth.plugin === null) continue;
      writer.putUser({
        ...existing,
        ...authFor(auth, existing.plugin),
      });
    }
    if (failed.length) throw sqlError(ER.CANNOT_USER, 'ALTER USER', failed.join(','));
  });
}

export async function dropUser(node: DropUserNode, session: SqlSession): Promise<void> {
  requireGlobal(session, 'CREATE USER');
  const failed: string[] = [];
  await session.services.catalog.ddl(async (writer) => {
    const users = session.services.catalog.users();
    for (const spec of node.users) {
      const existing = find(users, resolveSelf(session, spec));
      if (!existing) {
        if (!node.ifExists) failed.push(accountName(spec));
        continue;
      }
      writer.deleteUser(existing);
    }
    if (failed.length) throw sqlError(ER.CANNOT_USER, 'DROP USER', failed.join(','));
  });
}

type Level =
  | { kind: 'global' }
  | { kind: 'database'; database: string }
  | { kind: 'table'; database: string; table: string };

function levelOf(session: SqlSession, level: GrantNode['level']): Level {
  if (level.database === '*') {
    if (level.table !== '*') throw sqlError(ER.PARSE_ERROR, level.table, 1);
    return { kind: 'global' };
  }
  const database = level.database ?? session.database;
  if (database === null) throw sqlError(ER.NO_DB_ERROR);
  if (level.table === '*') return { kind: 'database', database };
  if (!session.services.catalog.schema.table(database, level.table))
    throw sqlError(ER.NO_SUCH_TABLE, database, level.table);
  return { kind: 'table', database, table: level.table };
}

function canGrant(session: SqlSession, level: Level): boolean {
  const db = level.kind === 'global' ? null : level.database;
  const table = level.kind === 'table' ? level.table : null;
  return hasPrivilege(session.account, 'GRANT OPTION', db, table);
}

function applyPrivileges(
  user: UserRecord,
  level: Level,
  privileges: Privilege[],
  add: boolean,
): UserRecord {
  const merge = (current: readonly Privilege[] | undefined) => {
    const set = new Set(current ?? []);
    for (const p of privileges) {
      if (add) set.add(p);
      else set.delete(p);
    }
    return [...set];
  };
  if (level.kind === 'global') return { ...user, global: merge(user.global) };
  if (level.kind === 'database')
    return {
      ...user,
      databases: { ...user.databases, [level.database]: merge(user.databases[level.database]) },
    };
  const key = `${level.database}.${level.table}`;
  return { ...user, tables: { ...user.tables, [key]: merge(user.tables[key]) } };
}

export async function grant(node: GrantNode, session: SqlSession): Promise<void> {
  if (node.privileges.includes('PROXY')) throw notSupported('GRANT PROXY');
  const level = levelOf(session, node.level);
  if (!canGrant(session, level)) throw sqlError(ER.SPECIFIC_ACCESS_DENIED_ERROR, 'GRANT OPTION');
  const privileges = expandPrivileges(node.privileges, level.kind);
  if (node.withGrantOption) privileges.push('GRANT OPTION');
  await session.services.catalog.ddl(async (writer) => {
    const users = session.services.catalog.users();
    for (const auth of node.users) {
      let user = find(users, auth);
      if (!user) {
        if (auth.password === null && auth.authString === null)
          throw sqlError(ER.PASSWORD_NO_MATCH);
        requireGlobal(session, 'CREATE USER');
        user = {
          user: auth.user,
          host: auth.host,
          ...authFor(auth, defaultPlugin(session)),
          global: [],
          databases: {},
          tables: {},
        };
      } else if (auth.password !== null || auth.authString !== null)
        user = { ...user, ...authFor(auth, user.plugin) };
      writer.putUser(applyPrivileges(user, level, privileges, true));
    }
  });
}

export async function revoke(node: RevokeNode, session: SqlSession): Promise<void> {
  await session.services.catalog.ddl(async (writer) => {
    const users = session.services.catalog.users();
    for (const spec of node.users) {
      const user = find(users, spec);
      if (!user) throw sqlError(ER.NONEXISTING_GRANT, spec.user, spec.host);
      if (node.allAndGrantOption) {
        requireGlobal(session, 'CREATE USER');
        writer.putUser({ ...user, global: [], databases: {}, tables: {} });
        continue;
      }
      const level = levelOf(session, node.level);
      if (!canGrant(session, level))
        throw sqlError(ER.SPECIFIC_ACCESS_DENIED_ERROR, 'GRANT OPTION');
      writer.putUser(
        applyPrivileges(user, level, expandPrivileges(node.privileges, level.kind), false),
      );
    }
  });
}
