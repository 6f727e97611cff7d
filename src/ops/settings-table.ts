// The settings table of docs/operations.md, generated from the declarations in
// src/config/variables/ so that the documentation lists every setting with its real default and
// range. Print it with `node dist/src/ops/settings-table.js` and paste it between the markers.

import { fileURLToPath } from 'node:url';
import { Settings } from '../config/index.js';
import type { SettingDefinition } from '../config/index.js';
import { SECRET_SERVER_SETTINGS } from '../config/variables/server.js';

const KIB = 1024;
const SIZE_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['GiB', KIB ** 3],
  ['MiB', KIB ** 2],
  ['KiB', KIB],
];
const DURATION_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];

function withUnit(value: number, units: ReadonlyArray<readonly [string, number]>, base: string) {
  for (const [unit, factor] of units) {
    if (value !== 0 && value % factor === 0) return `${value / factor} ${unit}`;
  }
  return `${value}${base}`;
}

function show(def: SettingDefinition, value: number | boolean | string): string {
  if (typeof value === 'boolean') return value ? 'ON' : 'OFF';
  if (typeof value === 'string') return value === '' ? '(empty)' : `\`${value}\``;
  if (def.type === 'size') return withUnit(value, SIZE_UNITS, ' B');
  if (def.type === 'duration') return withUnit(value, DURATION_UNITS, ' ms');
  return String(value);
}

function allowed(def: SettingDefinition): string {
  if (def.type === 'enum') return (def.values ?? []).map((v) => `\`${v}\``).join(', ');
  if (def.type === 'bool') return 'ON, OFF';
  if (def.type === 'string') return 'text';
  const low = def.min === undefined ? '' : show(def, def.min);
  const high = def.max === undefined ? '' : show(def, def.max);
  if (low !== '' && high !== '') return `${low} – ${high}`;
  return low !== '' ? `≥ ${low}` : def.type;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** One markdown row per setting, sorted by name. */
export function settingsTable(settings = new Settings()): string {
  const rows = settings
    .definitions()
    .filter((def) => def.scope !== 'session')
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((def) => {
      const value = SECRET_SERVER_SETTINGS.has(def.name) ? '(empty)' : show(def, def.default);
      const scope = def.dynamic
        ? `SET GLOBAL${def.scope === 'both' ? ', SET SESSION' : ''}`
        : 'startup';
      return `| \`${def.name}\` | ${value} | ${escapeCell(allowed(def))} | ${scope} | ${escapeCell(def.description)} |`;
    });
  return (
    [
      '| setting | default | allowed | changed by | meaning |',
      '|---|---|---|---|---|',
      ...rows,
    ].join('\n') + '\n'
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(settingsTable());
