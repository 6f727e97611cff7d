// Accounts and privileges: MySQL's host matching (exact hosts before patterns with % and _),
// and privilege checks at global, database and table level.

import { ER } from '../../server/constants/error-codes.js';
import { sqlError } from '../errors.js';
import type { Privilege, UserRecord } from './schema.js';

/** What GRANT ALL means at each level. */
export const GLOBAL_PRIVILEGES: readonly Privilege[] = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'INDEX',
  'ALTER',
  'CREATE USER',
  'PROCESS',
  'SUPER',
  'RELOAD',
  'SHOW DATABASES',
  'REFERENCES',
  'CREATE VIEW',
  'SHOW VIEW',
  'SHUTDOWN',
];
export const DATABASE_PRIVILEGES: readonly Privilege[] = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'INDEX',
  'ALTER',
  'REFERENCES',
  'CREATE VIEW',
  'SHOW VIEW',
];
export const TABLE_PRIVILEGES: readonly Privilege[] = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'INDEX',
  'ALTER',
  'REFERENCES',
  'CREATE VIEW',
  'SHOW VIEW',
];

const ALL_NAMES = new Set<string>([...GLOBAL_PRIVILEGES, 'GRANT OPTION']);
const LOOPBACK_ADDRESSES = new Set(['localhost', '127.0.0.1', '::1']);

/** Validates privilege names of GRANT/REVOKE for a level and expands ALL. */
export function expandPrivileges(
  names: readonly string[],
  level: 'global' | 'database' | 'table',
): Privilege[] {
  const allowed =
    level === 'global'
      ? GLOBAL_PRIVILEGES
      : level === 'database'
        ? DATABASE_PRIVILEGES
        : TABLE_PRIVILEGES;
  const out = new Set<Privilege>();
  for (const name of names) {
    if (name === 'ALL') {
      for (const p of allowed) out.add(p);
      continue;
    }
    if (name === 'USAGE') continue;
    if (!ALL_NAMES.has(name)) throw sqlError(ER.SYNTAX_ERROR);
    if (name !== 'GRANT OPTION' && !allowed.includes(name as Privilege))
      throw sqlError(ER.ILLEGAL_GRANT_FOR_TABLE);
    out.add(name as Privilege);
  }
  return [...out];
}

function likeHost(pattern: string, host: string): boolean {
  if (pattern === '%') return true;
  const regex = new RegExp(
    '^' +
      pattern
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.') +
      '$',
    'i',
  );
  return regex.test(host);
}

export function hostMatches(pattern: string, host: string): boolean {
  if (pattern.toLowerCase() === 'localhost') return LOOPBACK_ADDRESSES.has(host.toLowerCase());
  return likeHost(pattern, host);
}

function hostSpecificity(host: string): number {
  if (host === '%' || host === '') return 0;
  return /[%_]/.test(host) ? 1 : 2;
}

/** The account MySQL would pick for user@host: most specific host first, named users first. */
export function findAccount(
  users: readonly UserRecord[],
  user: string,
  host: string,
): UserRecord | undefined {
  const candidates = users
    .filter((u) => (u.user === user || u.user === '') && hostMatches(u.host, host))
    .sort(
      (a, b) =>
        hostSpecificity(b.host) - hostSpecificity(a.host) ||
        (b.user === '' ? -1 : 0) - (a.user === '' ? -1 : 0),
    );
  return candidates[0];
}

/** Whether the account holds the privilege for the object (database/table may be null). */
export function hasPrivilege(
  account: UserRecord,
  privilege: Privilege,
  database: string | null,
  table: string | null,
): boolean {
  if (account.global.includes(privilege)) return true;
  if (database === null) return false;
  if (account.databases[database]?.includes(privilege)) return true;
  if (table !== null && account.tables[`${database}.${table}`]?.includes(privilege)) return true;
  return false;
}

/** Any privilege at all on the database or one of its tables (for SHOW DATABASES, USE). */
export function hasAnyPrivilegeOn(account: UserRecord, database: string): boolean {
  if (account.global.some((p) => p !== 'GRANT OPTION')) return true;
  if ((account.databases[database] ?? []).length > 0) return true;
  return Object.keys(account.tables).some(
    (k) => k.startsWith(database + '.') && account.tables[k]!.length > 0,
  );
}

export function accountName(account: { user: string; host: string }): string {
  return `'${account.user}'@'${account.host}'`;
}

/** GRANT statements that recreate the account's privileges (SHOW GRANTS). */
export function grantStatements(account: UserRecord): string[] {
  const name = `\`${account.user}\`@\`${account.host}\``;
  const format = (privileges: readonly Privilege[], all: readonly Privilege[], on: string) => {
    const withGrant = privileges.includes('GRANT OPTION');
    const plain = privileges.filter((p) => p !== 'GRANT OPTION');
    const list = all.every((p) => privileges.includes(p))
      ? 'ALL PRIVILEGES'
      : plain.join(', ') || 'USAGE';
    return `GRANT ${list} ON ${on} TO ${name}${withGrant ? ' WITH GRANT OPTION' : ''}`;
  };
  const out = [format(account.global, GLOBAL_PRIVILEGES, '*.*')];
  if (account.authString !== '' && out[0])
    out[0] += ` IDENTIFIED BY PASSWORD '${account.authString}'`;
  for (const [db, privileges] of Object.entries(account.databases)) {
    if (privileges.length) out.push(format(privileges, DATABASE_PRIVILEGES, `\`${db}\`.*`));
  }
  for (const [key, privileges] of Object.entries(account.tables)) {
    const dot = key.indexOf('.');
    if (privileges.length)
      out.push(
        format(privileges, TABLE_PRIVILEGES, `\`${key.slice(0, dot)}\`.\`${key.slice(dot + 1)}\``),
      );
  }
  return out;
}
