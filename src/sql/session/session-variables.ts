// A session's system variables: session-scoped settings are copied from the global values when
// the session opens; SET SESSION changes the copy, SET GLOBAL the server-wide value (and not the
// copies of sessions already open, as in MySQL).

import { ER } from '../../server/constants/error-codes.js';
import { coerceSetting, SettingError } from '../../config/index.js';
import { SECRET_SERVER_SETTINGS } from '../../config/variables/server.js';
import type { Settings, SettingDefinition, SettingValue } from '../../config/index.js';
import { sqlError } from '../errors.js';
import { timeZoneOffsetMinutes } from '../types/datetime.js';

/** Names that are one variable under two spellings. */
const ALIASES: Record<string, string> = {
  tx_isolation: 'transaction_isolation',
  transaction_isolation: 'tx_isolation',
  tx_read_only: 'transaction_read_only',
  transaction_read_only: 'tx_read_only',
};

const SQL_MODES = new Set([
  'REAL_AS_FLOAT',
  'PIPES_AS_CONCAT',
  'ANSI_QUOTES',
  'IGNORE_SPACE',
  'ONLY_FULL_GROUP_BY',
  'NO_UNSIGNED_SUBTRACTION',
  'NO_DIR_IN_CREATE',
  'POSTGRESQL',
  'ORACLE',
  'MSSQL',
  'DB2',
  'MAXDB',
  'NO_KEY_OPTIONS',
  'NO_TABLE_OPTIONS',
  'NO_FIELD_OPTIONS',
  'MYSQL323',
  'MYSQL40',
  'ANSI',
  'NO_AUTO_VALUE_ON_ZERO',
  'NO_BACKSLASH_ESCAPES',
  'STRICT_TRANS_TABLES',
  'STRICT_ALL_TABLES',
  'NO_ZERO_IN_DATE',
  'NO_ZERO_DATE',
  'ALLOW_INVALID_DATES',
  'ERROR_FOR_DIVISION_BY_ZERO',
  'TRADITIONAL',
  'NO_AUTO_CREATE_USER',
  'HIGH_NOT_PRECEDENCE',
  'NO_ENGINE_SUBSTITUTION',
  'PAD_CHAR_TO_FULL_LENGTH',
  'EMPTY_STRING_IS_NULL',
  'SIMULTANEOUS_ASSIGNMENT',
  'TIME_ROUND_FRACTIONAL',
]);
/** Modes that change semantics we do not implement: refused rather than ignored. */
const UNSUPPORTED_SQL_MODES = new Set([
  'PIPES_AS_CONCAT',
  'ANSI_QUOTES',
  'NO_BACKSLASH_ESCAPES',
  'EMPTY_STRING_IS_NULL',
  'PAD_CHAR_TO_FULL_LENGTH',
  'ANSI',
  'ORACLE',
  'POSTGRESQL',
  'MSSQL',
  'DB2',
  'MAXDB',
]);
const TRADITIONAL_MODES =
  'STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION';
/** Variables that must keep their value (a different one would be accepted but not honoured). */
const FIXED_OFF = new Set(['sql_auto_is_null']);

export function normalizeSqlMode(raw: string, name: string): string {
  const modes = new Set<string>();
  for (const part of raw
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter((m) => m !== '')) {
    if (!SQL_MODES.has(part)) throw sqlError(ER.WRONG_VALUE_FOR_VAR, name, part);
    if (UNSUPPORTED_SQL_MODES.has(part)) throw sqlError(ER.NOT_SUPPORTED_YET, `sql_mode ${part}`);
    if (part === 'TRADITIONAL') for (const m of TRADITIONAL_MODES.split(',')) modes.add(m);
    else modes.add(part);
  }
  return [...modes].join(',');
}

/** A setting value as SELECT @@x shows it: booleans as 1/0. */
export function asSqlValue(value: SettingValue): number | string {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export class SessionVariables {
  private readonly values = new Map<string, SettingValue>();

  constructor(private readonly settings: Settings) {
    this.reset();
  }

  reset(): void {
    this.values.clear();
    for (const def of this.settings.definitions()) {
      if (def.scope !== 'global') this.values.set(def.name, this.settings.get(def.name));
    }
  }

  definition(name: string): SettingDefinition {
    const def = this.settings.definition(name);
    // Secrets (initial_root_password) are settings, not variables anyone may read.
    if (!def || SECRET_SERVER_SETTINGS.has(def.name))
      throw sqlError(ER.UNKNOWN_SYSTEM_VARIABLE, name);
    return def;
  }

  /** @@name: the session value when there is one, else the global value. */
  get(name: string, scope: 'system' | 'session' | 'global' = 'system'): SettingValue {
    if (scope === 'system') {
      // Session values are stored under their canonical (lower-case) names.
      const value = this.values.get(name);
      if (value !== undefined) return value;
    }
    const def = this.definition(name);
    if (scope === 'global') {
      if (def.scope === 'session') throw sqlError(ER.INCORRECT_GLOBAL_LOCAL_VAR, name, 'SESSION');
      return this.settings.get(def.name);
    }
    if (def.scope === 'global') {
      if (scope === 'session') throw sqlError(ER.INCORRECT_GLOBAL_LOCAL_VAR, name, 'GLOBAL');
      return this.settings.get(def.name);
    }
    return this.values.get(def.name)!;
  }

  bool(name: string): boolean {
    return this.get(name) === true;
  }

  string(name: string): string {
    return String(this.get(name));
  }

  number(name: string): number {
    return Number(this.get(name));
  }

  /** Internal updates (SET NAMES, counters) without the SET checks. */
  assign(name: string, value: SettingValue): void {
    this.values.set(name, value);
  }

  /** SET [SESSION|GLOBAL] name = raw; raw null means DEFAULT. */
  set(name: string, raw: string | number | boolean | null, scope: 'session' | 'global'): void {
    const def = this.definition(name);
    if (!def.dynamic) throw sqlError(ER.INCORRECT_GLOBAL_LOCAL_VAR, name, 'read only');
    if (scope === 'session' && def.scope === 'global') throw sqlError(ER.GLOBAL_VARIABLE, name);
    if (scope === 'global' && def.scope === 'session') throw sqlError(ER.LOCAL_VARIABLE, name);
    let value =
      raw === null ? (scope === 'session' ? this.settings.get(def.name) : def.default) : raw;
    if (def.name === 'sql_mode') value = normalizeSqlMode(String(value), name);
    if (
      def.name === 'time_zone' &&
      timeZoneOffsetMinutes(String(value), Date.now()) === undefined
    ) {
      throw sqlError(ER.WRONG_VALUE_FOR_VAR, name, String(value));
    }
    let coerced: SettingValue;
    try {
      if (scope === 'global') coerced = this.settings.setGlobal(def.name, value);
      else {
        coerced = coerceSetting(def, value);
      }
    } catch (error) {
      if (error instanceof SettingError)
        throw sqlError(ER.WRONG_VALUE_FOR_VAR, name, String(value));
      throw error;
    }
    if (FIXED_OFF.has(def.name) && coerced !== false)
      throw sqlError(ER.WRONG_VALUE_FOR_VAR, name, String(value));
    if (scope === 'session') this.values.set(def.name, coerced);
    const alias = ALIASES[def.name];
    if (alias && this.settings.has(alias)) {
      if (scope === 'session') this.values.set(alias, coerced);
      else this.settings.setGlobal(alias, coerced);
    }
  }
}
