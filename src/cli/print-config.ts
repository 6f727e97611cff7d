// --print-config: the effective settings as an option file that --config can read back.
// Secrets are left out.

import type { SettingDefinition, Settings, SettingValue } from '../config/index.js';
import { SECRET_SERVER_SETTINGS } from '../config/variables/server.js';

const NEEDS_QUOTES = /^$|[\s#;"']/;
/** Largest unit first; a value is printed in the largest unit that divides it exactly. */
const SIZE_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['G', 1024 ** 3],
  ['M', 1024 ** 2],
  ['K', 1024],
];
const DURATION_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

function withUnit(
  value: number,
  units: ReadonlyArray<readonly [string, number]>,
  smallest: string,
): string {
  if (value === 0) return `0${smallest}`;
  for (const [suffix, factor] of units) {
    if (value % factor === 0) return `${value / factor}${suffix}`;
  }
  return `${value}${smallest}`;
}

/** As the config file reads it back: durations (stored in ms) and sizes carry their unit. */
function formatValue(definition: SettingDefinition, value: SettingValue): string {
  if (typeof value === 'boolean') return value ? 'ON' : 'OFF';
  if (definition.type === 'duration') return withUnit(value as number, DURATION_UNITS, 'ms');
  if (definition.type === 'size') return withUnit(value as number, SIZE_UNITS, '');
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text}"` : text;
}

export function formatConfig(settings: Settings, sources: readonly string[]): string {
  const lines = [
    `# effective configuration: defaults${sources.map((source) => `, then ${source}`).join('')}`,
    '[mysqld]',
  ];
  const definitions = settings.definitions().sort((a, b) => a.name.localeCompare(b.name));
  for (const definition of definitions) {
    if (SECRET_SERVER_SETTINGS.has(definition.name)) {
      const set = settings.getString(definition.name) !== '';
      lines.push(`# ${definition.name} is ${set ? 'set' : 'not set'} (not printed)`);
      continue;
    }
    lines.push(`${definition.name} = ${formatValue(definition, settings.get(definition.name))}`);
  }
  return lines.join('\n') + '\n';
}
