// Engine.checkpoint (DB::Checkpoint): a consistent copy of an open database while writes go on,
// made of hard links to one version's SSTs and a MANIFEST for exactly that version.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { checkDataDir, Engine, EngineError, WriteBatch } from '../../src/engine/index.js';
import type { Engine as EngineType } from '../../src/engine/index.js';
import { makeTempDir } from '../support/temp-dir.js';

const ROWS = 2000;
const BATCH_ROWS = 50;

const key = (n: number) => Buffer.from(`k${String(n).padStart(8, '0')}`);
const value = (n: number) => Buffer.from(`value-${n}-${'x'.repeat(n % 50)}`);

async function write(engine: EngineType, from: number, to: number): Promise<void> {
  for (let n = from; n < to; n += BATCH_ROWS) {
    const batch = new WriteBatch();
    for (let i = n; i < Math.min(n + BATCH_ROWS, to); i++) batch.put(0, key(i), value(i));
    await engine.write(batch);
  }
}

async function allEntries(engine: EngineType): Promise<Array<[string, string]>> {
  const entries = await engine.scan(0, Buffer.alloc(0), Buffer.from([0xff]));
  return entries.map(([k, v]) => [k.toString(), v.toString()]);
}

describe('Engine.checkpoint', () => {
  it('copies every acknowledged write, including those still in memtables', async () => {
    const root = makeTempDir('strata-checkpoint-');
    const engine = await Engine.open({ path: path.join(root, 'db') });
    await write(engine, 0, ROWS);
    await engine.flush();
    await write(engine, ROWS, ROWS + 300);
    const expected = await allEntries(engine);
    const result = await engine.checkpoint(path.join(root, 'copy'));
    await write(engine, ROWS + 300, ROWS + 600);
    await engine.close();

    assert.ok(result.tableFiles >= 2);
    assert.equal(result.linkedFiles, result.tableFiles);
    assert.equal(result.sequence, BigInt(ROWS + 300));
    const copy = await Engine.open({ path: path.join(root, 'copy') });
    try {
      assert.deepEqual(await allEntries(copy), expected);
    } finally {
      await copy.close();
    }
    assert.deepEqual((await checkDataDir(path.join(root, 'copy'))).problems, []);
  });

  it('holds a prefix of the history while writers keep going', async () => {
    const root = makeTempDir('strata-checkpoint-');
    const engine = await Engine.open({
      path: path.join(root, 'db'),
      writeBufferSizeBytes: 1 << 20,
    });
    await write(engine, 0, 200);
    let stop = false;
    let written = 200;
    const writer = (async () => {
      while (!stop) {
        await write(engine, written, written + BATCH_ROWS);
        written += BATCH_ROWS;
      }
    })();
    const result = await engine.checkpoint(path.join(root, 'copy'));
    stop = true;
    await writer;
    await engine.close();

    const copy = await Engine.open({ path: path.join(root, 'copy') });
    try {
      const entries = await allEntries(copy);
      // Batches of 50 rows written in order: the copy holds rows 0 … n-1 for a multiple n of 50.
      assert.ok(entries.length >= Number(result.sequence));
      assert.equal(entries.length % BATCH_ROWS, 0);
      assert.deepEqual(
        entries,
        Array.from({ length: entries.length }, (_, n) => [key(n).toString(), value(n).toString()]),
      );
    } finally {
      await copy.close();
    }
  });

  it('refuses a destination that already exists', async () => {
    const root = makeTempDir('strata-checkpoint-');
    const engine = await Engine.open({ path: path.join(root, 'db') });
    fs.mkdirSync(path.join(root, 'taken'));
    try {
      await assert.rejects(engine.checkpoint(path.join(root, 'taken')), (error: unknown) => {
        return error instanceof EngineError && error.code === 'INVALID_ARGUMENT';
      });
    } finally {
      await engine.close();
    }
  });

  it('leaves nothing behind when the destination’s parent does not exist', async () => {
    const root = makeTempDir('strata-checkpoint-');
    const engine = await Engine.open({ path: path.join(root, 'db') });
    try {
      await assert.rejects(engine.checkpoint(path.join(root, 'missing', 'copy')));
      assert.deepEqual(fs.readdirSync(root), ['db']);
    } finally {
      await engine.close();
    }
  });

  it('is not supported for an in-memory engine', async () => {
    const engine = await Engine.open({ inMemory: true });
    try {
      await assert.rejects(
        engine.checkpoint(path.join(makeTempDir(), 'copy')),
        (error: unknown) => {
          return error instanceof EngineError && error.code === 'NOT_SUPPORTED';
        },
      );
    } finally {
      await engine.close();
    }
  });
});
