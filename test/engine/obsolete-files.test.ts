// Files a compaction replaced leave the disk even while readers that cache iterators (trySeek,
// MvccReader scans) sit idle on the old version.

import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import { Engine, MVCC_NEEDS_IO, NEEDS_IO, WriteBatch } from '../../src/engine/index.js';
import { makeTempDir } from '../support/temp-dir.js';

const KEYS = 2_000;
const SWEEP_WAIT_MS = 5_000;
const POLL_MS = 50;

let dir: string;
let engine: Engine;

before(async () => {
  dir = makeTempDir('obsolete-files-');
  engine = await Engine.open({ path: dir });
});
after(() => engine.close());

async function sstCount(): Promise<number> {
  return (await readdir(dir)).filter((name) => name.endsWith('.sst')).length;
}

function liveSstCount(): number {
  return engine.stats().levels.reduce((sum, level) => sum + level.files, 0);
}

/** Two overlapping flushes of the write CF, so that a compaction has inputs to replace. */
async function writeTwoFlushes(cf: number): Promise<void> {
  for (let round = 0; round < 2; round++) {
    const batch = new WriteBatch();
    for (let i = 0; i < KEYS; i++) {
      const key = Buffer.alloc(16);
      key.writeUInt32BE(i, 0);
      key.writeUInt32BE(round, 12);
      batch.put(cf, key, Buffer.from(`value-${round}-${i}`));
    }
    await engine.write(batch);
    await engine.flush();
  }
}

test('idle cached iterators do not keep compacted-away SSTs on disk', async () => {
  const write = engine.columnFamily('write');
  await writeTwoFlushes(write);
  // Cache an iterator on the current version in both caching readers, then leave them idle.
  // (An async read first brings the blocks the synchronous one needs into the cache.)
  const first = Buffer.alloc(1);
  await engine.seek(write, first);
  assert.notEqual(engine.trySeek(write, first), NEEDS_IO);
  const reader = engine.mvccReader(
    engine.columnFamily('lock'),
    write,
    engine.columnFamily('default'),
  );
  // Past every key: the scan parses no record but leaves its iterator cached.
  const pastEnd = Buffer.alloc(32, 0xff);
  await reader.scan(pastEnd, undefined, 1n, 10, false, true);
  assert.notEqual(reader.tryScan(pastEnd, undefined, 1n, 10, false, true), MVCC_NEEDS_IO);
  const filesBefore = await sstCount();

  await engine.compactRange(write);

  const live = liveSstCount();
  assert.ok(live < filesBefore, `compaction left ${live} live files of ${filesBefore}`);
  const deadline = Date.now() + SWEEP_WAIT_MS;
  while ((await sstCount()) > live && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  assert.equal(await sstCount(), live);
});
