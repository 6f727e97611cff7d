// Runs the engine's C++ tests (test/native/*.cc, built with invariant checks on) as part of
// npm test.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const binary = path.join(root, 'build', 'Release', 'strata_native_tests');

test('the native engine tests pass', () => {
  assert.ok(fs.existsSync(binary), `${binary} is built by npm install`);
  const run = spawnSync(binary, [], { encoding: 'utf8', timeout: 300_000 });
  const output = `${run.stdout}${run.stderr}`;
  assert.equal(run.status, 0, output);
  assert.match(output, / 0 failed/);
});
