// The engine suites on every I/O path: the default run of npm test covers io_uring with buffered
// I/O; this file runs the same suites again, in child processes, on the threads backend (buffered
// and O_DIRECT) and on io_uring with O_DIRECT. Engine.open takes its defaults for the I/O path
// from STRATA_IO and STRATA_DIRECT_IO, so the suites' own child processes follow too.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SUITES = ['model', 'crash', 'bad-input', 'flash-pages'].map((name) =>
  path.join(here, `${name}.test.js`),
);
const IO_PATHS = [
  { io: 'threads', directIo: '0' },
  { io: 'threads', directIo: '1' },
  { io: 'uring', directIo: '1' },
];
const SUITE_TIMEOUT_MS = 600_000;

function runSuites(io: string, directIo: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Without NODE_TEST_CONTEXT, which tells a nested `node --test` to stand down.
    const environment: NodeJS.ProcessEnv = {
      ...process.env,
      STRATA_IO: io,
      STRATA_DIRECT_IO: directIo,
    };
    delete environment.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, ['--test', ...SUITES], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** The seeds and failing subtests of a run, not its whole output (which a report would cut). */
function failures(output: string): string {
  const lines = output.split('\n');
  const kept = lines.filter((line) => /seed \d+/.test(line));
  lines.forEach((line, index) => {
    if (/^\s*not ok /.test(line)) kept.push(...lines.slice(index, index + 30));
  });
  return kept.length > 0 ? kept.join('\n') : output.slice(-4000);
}

describe('the engine suites pass on every I/O path', { concurrency: IO_PATHS.length }, () => {
  for (const { io, directIo } of IO_PATHS) {
    it(
      `with STRATA_IO=${io} STRATA_DIRECT_IO=${directIo}`,
      { timeout: SUITE_TIMEOUT_MS },
      async () => {
        const { code, output } = await runSuites(io, directIo);
        assert.equal(code, 0, failures(output));
        assert.match(output, /# fail 0/, failures(output));
      },
    );
  }
});
