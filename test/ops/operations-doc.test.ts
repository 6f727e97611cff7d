// docs/operations.md documents every setting: its table is generated from the declarations
// (src/ops/settings-table.ts), and a setting added without regenerating it fails here.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';

import { Settings } from '../../src/config/index.js';
import { settingsTable } from '../../src/ops/settings-table.js';

const DOC = new URL('../../../docs/operations.md', import.meta.url);
const START = '<!-- settings:start -->\n';
const END = '<!-- settings:end -->';

function documentedTable(): string {
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  assert.ok(start >= 0 && end > start, 'docs/operations.md lacks the settings markers');
  return text.slice(start + START.length, end);
}

it('docs/operations.md has a row for every global setting', () => {
  const table = documentedTable();
  const missing = new Settings()
    .definitions()
    .filter((def) => def.scope !== 'session')
    .filter((def) => !table.includes(`| \`${def.name}\` |`))
    .map((def) => def.name);
  assert.deepEqual(missing, [], 'regenerate the table with node dist/src/ops/settings-table.js');
});

it('the generated table has one row per global setting, sorted by name', () => {
  const rows = settingsTable().trim().split('\n').slice(2);
  const names = rows.map((row) => /^\| `([a-z0-9_]+)` \|/.exec(row)?.[1]);
  const expected = new Settings()
    .definitions()
    .filter((def) => def.scope !== 'session')
    .map((def) => def.name)
    .sort();
  assert.deepEqual(names, expected);
});
