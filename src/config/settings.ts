// The one settings module: defaults, then a config file, then command-line flags, then SET GLOBAL
// for the dynamic ones. Values are validated against their definition's schema (schema.ts, zod);
// errors name the setting and the allowed range.

import type { SettingDefinition, SettingValue } from './definition.js';
import { checkDefinition, valueSchema } from './schema.js';
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

const RANGE_UNITS: Partial<Record<SettingDefinition['type'], string>> = {
  size: ' bytes',
  duration: ' ms',
};
/** Unknown names this close (edits) to a known one get a suggestion. */
const MAX_SUGGESTION_DISTANCE = 2;

function describeRange(def: SettingDefinition): string {
  if (def.type === 'enum') return `one of ${def.values!.join(', ')}`;
  if (def.type === 'bool') return 'ON or OFF';
  const unit = RANGE_UNITS[def.type] ?? '';
  if (def.min !== undefined && def.max !== undefined) return `${def.min} to ${def.max}${unit}`;
  if (def.min !== undefined) return `at least ${def.min}${unit}`;
  return `a ${def.type}`;
}

/** Levenshtein distance, for suggesting the setting a typo meant. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Parses and validates a value given as text (config file, flag, SQL literal) or as a value. */
export function coerceSetting(def: SettingDefinition, raw: unknown): SettingValue {
  const parsed = valueSchema(def).safeParse(raw);
  if (!parsed.success) {
    throw new SettingError(
      def.name,
      `invalid value '${String(raw)}' for setting '${def.name}': expected ${describeRange(def)}`,
    );
  }
  return parsed.data;
}

export class Settings {
  private readonly values = new Map<string, SettingValue>();
  private readonly listeners = new Map<string, SettingListener[]>();
  private readonly byName: ReadonlyMap<string, SettingDefinition>;

  constructor(definitions: readonly SettingDefinition[] = ALL_SETTINGS) {
    const byName = new Map<string, SettingDefinition>();
    for (const def of definitions) {
      checkDefinition(def);
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

  /** The known setting an unknown name most likely meant, if one is close enough. */
  suggest(name: string): string | undefined {
    const wanted = normalizeName(name);
    let best: string | undefined;
    let bestDistance = MAX_SUGGESTION_DISTANCE + 1;
    for (const known of this.byName.keys()) {
      const distance = editDistance(wanted, known);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return best;
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
