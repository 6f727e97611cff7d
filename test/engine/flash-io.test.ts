// The I/O path an engine runs on, as stats report it: the backend, O_DIRECT with a reported
// buffered fallback where the filesystem refuses it (tmpfs), and untorn WAL writes where the
// filesystem offers them (an XFS image here; this machine's ext4 root has none).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { Engine, EngineError, WriteBatch } from '../../src/engine/index.js';
import type { EngineOptions } from '../../src/engine/index.js';
import { makeTempDir } from '../support/temp-dir.js';
import { mountXfs } from './fixtures/xfs.js';

/** tmpfs accepts O_DIRECT opens but reports no alignment for them. */
const TMPFS = '/dev/shm';

const key = (n: number) => Buffer.from(`key-${String(n).padStart(6, '0')}`);
const value = (n: number) => Buffer.from(`value-${n}-${'v'.repeat(120)}`);

async function writeAndReadBack(options: EngineOptions, count: number): Promise<void> {
  let engine = await Engine.open(options);
  for (let n = 0; n < count; n++) {
    await engine.write(new WriteBatch().put(0, key(n), value(n)), { sync: n % 3 === 0 });
  }
  await engine.close();
  engine = await Engine.open(options);
  for (let n = 0; n < count; n++) assert.deepEqual(await engine.get(0, key(n)), value(n));
  await engine.close();
}

test('stats name the I/O backend and modes in use', async () => {
  const dir = makeTempDir();
  for (const io of ['uring', 'threads'] as const) {
    const engine = await Engine.open({ path: path.join(dir, io), io, directIo: true });
    const stats = engine.stats();
    assert.equal(stats.io.backend, io);
    assert.equal(stats.io.directIo, true);
    assert.equal(stats.io.atomicWrites, false);
    assert.equal(stats.io.walSyncUnitBytes, 4096);
    assert.equal(stats.io.fallbackReason, '');
    await engine.close();
  }
});

test('O_DIRECT on tmpfs falls back to buffered I/O and says why', async (t) => {
  const dir = fs.mkdtempSync(path.join(TMPFS, 'strata-flash-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const options: EngineOptions = { path: path.join(dir, 'db'), directIo: true };
  const engine = await Engine.open(options);
  const stats = engine.stats();
  assert.equal(stats.io.directIo, false);
  assert.match(stats.io.fallbackReason, /O_DIRECT/);
  await engine.close();
  await writeAndReadBack(options, 500);
});

test('atomic writes on fail to open where the filesystem has no untorn writes', async () => {
  const dir = path.join(makeTempDir(), 'db');
  await assert.rejects(Engine.open({ path: dir, atomicWrites: 'on' }), (error: unknown) => {
    assert.ok(error instanceof EngineError);
    assert.equal(error.code, 'NOT_SUPPORTED');
    assert.match(error.message, /untorn writes/);
    return true;
  });
});

test('on XFS the WAL rewrites its tail with untorn writes, on both backends', async (t) => {
  const xfs = mountXfs();
  t.after(() => xfs.unmount());
  for (const io of ['uring', 'threads'] as const) {
    const options: EngineOptions = { path: path.join(xfs.path, io), io, directIo: true };
    const engine = await Engine.open(options);
    const stats = engine.stats();
    assert.equal(stats.io.atomicWrites, true);
    assert.equal(stats.io.walSyncUnitBytes, 0);
    await engine.close();
    await writeAndReadBack(options, 500);
  }
});

test('atomic writes off keep padding the WAL even on XFS', async (t) => {
  const xfs = mountXfs();
  t.after(() => xfs.unmount());
  const engine = await Engine.open({
    path: path.join(xfs.path, 'db'),
    directIo: true,
    atomicWrites: 'off',
  });
  assert.equal(engine.stats().io.atomicWrites, false);
  assert.equal(engine.stats().io.walSyncUnitBytes, 4096);
  await engine.close();
});
