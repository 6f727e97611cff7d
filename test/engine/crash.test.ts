// Crash safety: a child writes durable batches and is killed with SIGKILL at random moments;
// after every restart each acknowledged batch is there in full and the data dir opens cleanly.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { Engine } from '../../src/engine/index.js';
import { SeededRandom } from '../support/random.js';
import { makeTempDir } from '../support/temp-dir.js';
import { keyFor, valueFor } from './fixtures/crash-writer.js';

const CYCLES = 20;
const here = path.dirname(fileURLToPath(import.meta.url));
const writerScript = path.join(here, 'fixtures', 'crash-writer.js');

/** Runs the writer until killed after killAfterMs; returns the acknowledged sequence numbers. */
function runWriterUntilKilled(dir: string, first: number, killAfterMs: number) {
  return new Promise<number[]>((resolve, reject) => {
    const child = spawn(process.execPath, [writerScript, dir, String(first)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (line !== '') acked.push(Number(line));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

test('every acknowledged sync write survives SIGKILL, over 20 crash cycles', async () => {
  const random = SeededRandom.fromEnvironment('engine crash');
  const dir = path.join(makeTempDir(), 'db');
  const acknowledged = new Set<number>();
  let next = 0;
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const acked = await runWriterUntilKilled(dir, next, 50 + random.int(400));
    for (const n of acked) acknowledged.add(n);
    // Sequence numbers handed out but never acknowledged may or may not be there.
    next = Math.max(next, ...acked.map((n) => n + 1)) + 1000;

    const engine = await Engine.open({ path: dir });
    try {
      const write = engine.columnFamily('write');
      for (const n of acked) {
        const value = await engine.get(0, keyFor(n));
        assert.ok(value, `cycle ${cycle}: acknowledged key ${n} is missing`);
        assert.deepEqual(value, valueFor(n));
      }
      // A full scan reads every block: nothing is corrupt.
      const all = await engine.scan(write, Buffer.alloc(0), Buffer.from([0xff]));
      for (const [key, value] of all) {
        const n = Number(key.toString().slice(1));
        assert.deepEqual(value, valueFor(n), `cycle ${cycle}: value of ${n}`);
      }
    } finally {
      await engine.close();
    }
  }
  assert.ok(acknowledged.size > 100, `the writer made progress (${acknowledged.size} batches)`);
});
