// The one settings module: defaults, then a config file, then command-line flags, then SET GLOBAL
// for the dynamic ones. Values are validated against their definition; errors name the setting
// and the allowed range.

import type { SettingDefinition, SettingValue } from './definition.js';
import { ALL_SETTINGS } from './variables/index.js';

export class SettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingError';
  }
}

export type SettingListener = (value: SettingValue, name: string) => void;

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
};
const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  '': 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

function describeRange(def: SettingDefinition): string {
  if (def.type === 'enum') return `one of ${def.values!.join(', ')}`;
  if (def.type === 'bool') return 'ON or OFF';
  if (def.min !== undefined && def.max !== undefined) return `${def.min} to ${def.max}`;
  if (def.min !== undefined) return `at least ${def.min}`;
  return `a ${def.type}`;
}

/** Parses and validates a value given as text (config file, flag, SQL literal) or as a value. */
export function coerceSetting(def: SettingDefinition, raw: unknown): SettingValue {
  const bad = () =>
    new SettingError(
      def.name,
      `invalid value '${String(raw)}' for setting '${def.name}': expected ${describeRange(def)}`,
    );
  let value: SettingValue;
  switch (def.type) {
    case 'bool': {
      const text = String(raw).toUpperCase();
      if (raw === true || text === 'ON' || text === '1' || text === 'TRUE') value = true;
      else if (raw === false || text === 'OFF' || text === '0' || text === 'FALSE') value = false;
      else throw bad();
      return value;
    }
    case 'enum': {
      const match = def.values!.find((v) => v.toLowerCase() === String(raw).toLowerCase());
      if (match === undefined) throw bad();
      return match;
    }
    case 'string':
      return String(raw);
    case 'int':
    case 'float': {
      value = typeof raw === 'number' ? raw : Number(String(raw).trim());
      if (!Number.isFinite(value) || (def.type === 'int' && !Number.isInteger(value))) throw bad();
      break;
    }
    case 'size': {
      if (typeof raw === 'number') value = raw;
      else {
        const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i.exec(String(raw));
        if (!m) throw bad();
        value = Math.round(Number(m[1]) * SIZE_UNITS[m[2]!.toUpperCase()]!);
      }
      break;
    }
    case 'duration': {
      if (typeof raw === 'number') value = raw;
      else {
        const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(String(raw));
        if (!m) throw bad();
        value = Math.round(Number(m[1]) * DURATION_UNITS_MS[(m[2] ?? '').toLowerCase()]!);
      }
      break;
    }
  }
  if ((def.min !== undefined && value < def.min) || (def.max !== undefined && value > def.max)) {
    throw bad();
  }
  return value;
}

export class Settings {
  private readonly values = new Map<string, SettingValue>();
  private readonly listeners = new Map<string, SettingListener[]>();
  private readonly byName: ReadonlyMap<string, SettingDefinition>;

  constructor(definitions: readonly SettingDefinition[] = ALL_SETTINGS) {
    const byName = new Map<string, SettingDefinition>();
    for (const def of definitions) {
      if (byName.has(def.name)) throw new Error(`setting '${def.name}' is declared twice`);
      byName.set(def.name, def);
      this.values.set(def.name, def.default);
    }
    this.byName = byName;
  }

  /** The definition of a setting; dashes are accepted for underscores (as mysqld does). */
  definition(name: string): SettingDefinition | undefined {
    return this.byName.get(normalizeName(name));
  }

  definitions(): SettingDefinition[] {
    return [...this.byName.values()];
  }

  has(name: string): boolean {
    return this.byName.has(normalizeName(name));
  }

  get(name: string): SettingValue {
    const key = normalizeName(name);
    const value = this.values.get(key);
    if (value === undefined) throw new SettingError(name, `unknown setting '${name}'`);
    return value;
  }

  getNumber(name: string): number {
    return this.get(name) as number;
  }

  getString(name: string): string {
    return this.get(name) as string;
  }

  getBool(name: string): boolean {
    return this.get(name) as boolean;
  }

  /** Sets a value at startup (config file or flag): any setting, dynamic or not. */
  setInitial(name: string, raw: unknown): void {
    const def = this.require(name);
    this.values.set(def.name, coerceSetting(def, raw));
  }

  /** SET GLOBAL / ALTER SYSTEM SET: dynamic global settings only; takes effect at once. */
  setGlobal(name: string, raw: unknown): SettingValue {
    const def = this.require(name);
    if (!def.dynamic) {
      throw new SettingError(def.name, `setting '${def.name}' is read only; set it at startup`);
    }
    if (def.scope === 'session') {
      throw new SettingError(def.name, `setting '${def.name}' is a session setting`);
    }
    const value = coerceSetting(def, raw);
    this.values.set(def.name, value);
    for (const listener of this.listeners.get(def.name) ?? []) listener(value, def.name);
    return value;
  }

  /** Calls listener whenever SET GLOBAL changes the setting. */
  onChange(name: string, listener: SettingListener): void {
    const def = this.require(name);
    const list = this.listeners.get(def.name) ?? [];
    list.push(listener);
    this.listeners.set(def.name, list);
  }

  /** Effective values, for --print-config and SHOW GLOBAL VARIABLES. */
  snapshot(): Record<string, SettingValue> {
    return Object.fromEntries(this.values);
  }

  private require(name: string): SettingDefinition {
    const def = this.definition(name);
    if (!def) throw new SettingError(name, `unknown setting '${name}'`);
    return def;
  }
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, '_');
}
