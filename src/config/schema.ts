// The schemas (zod) behind every setting: one per definition, built from its type, range and
// allowed values, that turns what a config file, a flag or SET GLOBAL gives (text with units,
// numbers, ON/OFF) into the stored value or rejects it; and one for the definitions themselves,
// so that a declaration with a default outside its own range fails at startup, not in production.

import { z } from 'zod';
import type { SettingDefinition, SettingValue } from './definition.js';

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
};
const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  '': 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const SIZE_TEXT = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*$/i;
const DURATION_TEXT = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i;
const TRUE_WORDS: ReadonlySet<string> = new Set(['ON', '1', 'TRUE']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['OFF', '0', 'FALSE']);
const SETTING_NAME = /^[a-z][a-z0-9_]*$/;

/** Text forms are converted here; anything else passes through for the schema to reject. */
function sizeInBytes(raw: unknown): unknown {
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw !== 'string') return raw;
  const match = SIZE_TEXT.exec(raw);
  return match ? Math.round(Number(match[1]) * SIZE_UNITS[match[2]!.toUpperCase()]!) : raw;
}

function durationInMs(raw: unknown): unknown {
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw !== 'string') return raw;
  const match = DURATION_TEXT.exec(raw);
  return match
    ? Math.round(Number(match[1]) * DURATION_UNITS_MS[(match[2] ?? '').toLowerCase()]!)
    : raw;
}

function numeric(raw: unknown): unknown {
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '') return raw;
  return Number(raw.trim());
}

function boolean(raw: unknown): unknown {
  if (typeof raw === 'boolean') return raw;
  const text = String(raw).toUpperCase();
  if (TRUE_WORDS.has(text)) return true;
  if (FALSE_WORDS.has(text)) return false;
  return raw;
}

function bounded(schema: z.ZodNumber, def: SettingDefinition): z.ZodNumber {
  let out = schema;
  if (def.min !== undefined) out = out.min(def.min);
  if (def.max !== undefined) out = out.max(def.max);
  return out;
}

function buildValueSchema(def: SettingDefinition): z.ZodType<SettingValue> {
  switch (def.type) {
    case 'bool':
      return z.preprocess(boolean, z.boolean());
    case 'enum': {
      const values = def.values ?? [];
      const canonical = (raw: unknown) =>
        values.find((v) => v.toLowerCase() === String(raw).toLowerCase()) ?? raw;
      return z.preprocess(canonical, z.enum(values as [string, ...string[]]));
    }
    case 'string':
      return z.preprocess((raw) => (typeof raw === 'string' ? raw : String(raw)), z.string());
    case 'int':
      return z.preprocess(numeric, bounded(z.number().int(), def));
    case 'float':
      return z.preprocess(numeric, bounded(z.number(), def));
    case 'size':
      return z.preprocess(sizeInBytes, bounded(z.number(), def));
    case 'duration':
      return z.preprocess(durationInMs, bounded(z.number(), def));
  }
}

const valueSchemas = new WeakMap<SettingDefinition, z.ZodType<SettingValue>>();

/** The schema of a setting's values (built once per definition). */
export function valueSchema(def: SettingDefinition): z.ZodType<SettingValue> {
  let schema = valueSchemas.get(def);
  if (schema === undefined) {
    schema = buildValueSchema(def);
    valueSchemas.set(def, schema);
  }
  return schema;
}

/** What a declaration in variables/ must satisfy. */
export const definitionSchema = z
  .object({
    name: z.string().regex(SETTING_NAME),
    type: z.enum(['int', 'bool', 'string', 'enum', 'size', 'duration', 'float']),
    default: z.union([z.number(), z.boolean(), z.string()]),
    min: z.number().optional(),
    max: z.number().optional(),
    values: z.array(z.string()).min(1).optional(),
    scope: z.enum(['global', 'session', 'both']),
    dynamic: z.boolean(),
    description: z.string().min(1),
  })
  .strict()
  .superRefine((def, context) => {
    if (def.type === 'enum' && def.values === undefined) {
      context.addIssue({ code: 'custom', message: 'an enum needs its values' });
    }
    if (def.min !== undefined && def.max !== undefined && def.min > def.max) {
      context.addIssue({ code: 'custom', message: `min ${def.min} is above max ${def.max}` });
    }
    if (!valueSchema(def).safeParse(def.default).success) {
      context.addIssue({
        code: 'custom',
        message: `default ${String(def.default)} is not allowed`,
      });
    }
  });

/** Throws naming the setting when a declaration is malformed. */
export function checkDefinition(def: SettingDefinition): void {
  const result = definitionSchema.safeParse(def);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => issue.message).join('; ');
    throw new Error(`setting '${def.name}' is declared wrongly: ${problems}`);
  }
}
