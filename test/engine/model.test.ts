// A randomized model test: the engine must agree with an in-memory Map through puts, deletes,
// atomic batches, snapshots and iterators, across many flushes, compactions and reopenings.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { Engine, WriteBatch } from '../../src/engine/index.js';
import type { EngineOptions, Snapshot } from '../../src/engine/index.js';
import { SeededRandom } from '../support/random.js';
import { makeTempDir } from '../support/temp-dir.js';

type Model = Map<string, string>; // hex key → hex value

// Small buffers and level targets so that a few thousand operations flush and compact often.
const SMALL_ENGINE: EngineOptions = {
  writeBufferSizeBytes: 64 * 1024,
  maxBytesForLevelBase: 256 * 1024,
  targetFileSizeBytes: 64 * 1024,
  level0CompactionTrigger: 2,
  blockSizeBytes: 2048,
  blockCacheBytes: 1024 * 1024,
};

const KEY_SPACE = 400;
const OPERATIONS = 6000;

function keyOf(random: SeededRandom): Buffer {
  const n = random.int(KEY_SPACE);
  // Keys of varying length share prefixes, exercising prefix compression and ordering.
  return Buffer.from(`key-${String(n).padStart(4, '0')}${'x'.repeat(n % 7)}`);
}

function valueOf(random: SeededRandom): Buffer {
  return random.bytes(random.bool(0.1) ? 400 + random.int(2000) : random.int(120));
}

function sortedEntries(model: Model, low?: Buffer, high?: Buffer): Array<[string, string]> {
  const lowHex = low?.toString('hex');
  const highHex = high?.toString('hex');
  return [...model.entries()]
    .filter(
      ([k]) =>
        (lowHex === undefined || Buffer.compare(Buffer.from(k, 'hex'), low!) >= 0) &&
        (highHex === undefined || Buffer.compare(Buffer.from(k, 'hex'), high!) < 0),
    )
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'hex'), Buffer.from(b, 'hex')));
}

async function checkRange(
  engine: Engine,
  cf: number,
  model: Model,
  random: SeededRandom,
  snapshot?: Snapshot,
): Promise<void> {
  let low = keyOf(random);
  let high = keyOf(random);
  if (Buffer.compare(low, high) > 0) [low, high] = [high, low];
  const reverse = random.bool();
  const limit = 1 + random.int(50);
  const first = await engine.seek(cf, low, { upperBound: high, snapshot });
  const firstExpected = sortedEntries(model, low, high)[0];
  assert.deepEqual(
    first && [first[0].toString('hex'), first[1].toString('hex')],
    firstExpected,
    `seek ${low} below ${high}`,
  );
  const got = await engine.scan(cf, low, high, { reverse, limit, snapshot });
  let expected = sortedEntries(model, low, high);
  if (reverse) expected = expected.reverse();
  expected = expected.slice(0, limit);
  assert.deepEqual(
    got.map(([k, v]) => [k.toString('hex'), v.toString('hex')]),
    expected,
    `scan [${low}, ${high}) reverse=${reverse} limit=${limit}`,
  );
}

async function checkCursor(engine: Engine, cf: number, model: Model, random: SeededRandom) {
  const expected = sortedEntries(model).map(([k]) => k);
  if (expected.length === 0) return;
  const it = engine.iterator(cf);
  try {
    const target = keyOf(random);
    const forPrev = random.bool();
    if (forPrev) await it.seekForPrev(target);
    else await it.seek(target);
    let index = forPrev
      ? expected.findLastIndex((k) => Buffer.compare(Buffer.from(k, 'hex'), target) <= 0)
      : expected.findIndex((k) => Buffer.compare(Buffer.from(k, 'hex'), target) >= 0);
    if (index === -1) index = forPrev ? -1 : expected.length;
    for (let step = 0; step < 20; step++) {
      const inRange = index >= 0 && index < expected.length;
      assert.equal(it.valid, inRange, `cursor validity at step ${step}`);
      if (!inRange) break;
      assert.equal(it.key.toString('hex'), expected[index]);
      if (random.bool()) {
        await it.next();
        index++;
      } else {
        await it.prev();
        index--;
      }
    }
  } finally {
    it.close();
  }
}

test('the engine agrees with a Map model across flushes, compactions and reopenings', async () => {
  const random = SeededRandom.fromEnvironment('engine model');
  const dir = path.join(makeTempDir(), 'db');
  let engine = await Engine.open({ path: dir, ...SMALL_ENGINE });
  const cfNames = ['default', 'write'];
  const models = new Map<string, Model>(cfNames.map((name) => [name, new Map()]));
  const snapshots: Array<{ snapshot: Snapshot; models: Map<string, Model> }> = [];

  // Engine counters restart at every open; add them up across the run.
  let flushes = 0;
  let compactions = 0;
  const countWork = () => {
    const stats = engine.stats();
    flushes += stats.flushes;
    compactions += stats.compactions;
  };

  const copyModels = () =>
    new Map([...models].map(([name, model]) => [name, new Map(model)] as [string, Model]));

  for (let op = 0; op < OPERATIONS; op++) {
    const cfName = random.pick(cfNames);
    const cf = engine.columnFamily(cfName);
    const model = models.get(cfName)!;
    const roll = random.int(100);
    if (roll < 40) {
      const key = keyOf(random);
      const value = valueOf(random);
      await engine.put(cf, key, value);
      model.set(key.toString('hex'), value.toString('hex'));
    } else if (roll < 50) {
      const key = keyOf(random);
      await engine.delete(cf, key);
      model.delete(key.toString('hex'));
    } else if (roll < 60) {
      // An atomic batch across both families.
      const batch = new WriteBatch();
      const pending: Array<() => void> = [];
      for (let i = random.int(20); i >= 0; i--) {
        const name = random.pick(cfNames);
        const key = keyOf(random);
        if (random.bool(0.8)) {
          const value = valueOf(random);
          batch.put(engine.columnFamily(name), key, value);
          pending.push(() => models.get(name)!.set(key.toString('hex'), value.toString('hex')));
        } else {
          batch.delete(engine.columnFamily(name), key);
          pending.push(() => models.get(name)!.delete(key.toString('hex')));
        }
      }
      await engine.write(batch, { sync: random.bool(0.05) });
      for (const apply of pending) apply();
    } else if (roll < 75) {
      const key = keyOf(random);
      const got = await engine.get(cf, key);
      assert.equal(got?.toString('hex'), model.get(key.toString('hex')), `get ${key} at op ${op}`);
    } else if (roll < 80) {
      await checkRange(engine, cf, model, random);
    } else if (roll < 84) {
      await checkCursor(engine, cf, model, random);
    } else if (roll < 87) {
      snapshots.push({ snapshot: engine.snapshot(), models: copyModels() });
    } else if (roll < 91 && snapshots.length > 0) {
      const chosen = snapshots[random.int(snapshots.length)]!;
      const snapModel = chosen.models.get(cfName)!;
      const key = keyOf(random);
      const got = await engine.get(cf, key, { snapshot: chosen.snapshot });
      assert.equal(got?.toString('hex'), snapModel.get(key.toString('hex')), `snapshot get ${key}`);
      await checkRange(engine, cf, snapModel, random, chosen.snapshot);
    } else if (roll < 93 && snapshots.length > 0) {
      const [released] = snapshots.splice(random.int(snapshots.length), 1);
      released!.snapshot.release();
    } else if (roll < 95) {
      await engine.flush();
    } else if (roll < 97) {
      await engine.compactRange(cf);
    } else if (roll < 98) {
      // Reopen: snapshots do not survive a restart.
      for (const s of snapshots) s.snapshot.release();
      snapshots.length = 0;
      countWork();
      await engine.close();
      engine = await Engine.open({ path: dir, ...SMALL_ENGINE });
    }
  }

  // Everything agrees at the end, key by key and as a whole.
  for (const cfName of cfNames) {
    const cf = engine.columnFamily(cfName);
    const all = await engine.scan(cf, Buffer.alloc(0), Buffer.from([0xff]));
    assert.deepEqual(
      all.map(([k, v]) => [k.toString('hex'), v.toString('hex')]),
      sortedEntries(models.get(cfName)!),
    );
  }
  countWork();
  assert.ok(flushes > 0, 'the run flushed memtables');
  assert.ok(compactions > 0, 'the run compacted');
  for (const s of snapshots) s.snapshot.release();
  await engine.close();
});

test('trySeek and seek find the first entry at or after a key, within an upper bound', async () => {
  const engine = await Engine.open({ inMemory: true });
  const cf = engine.columnFamily('write');
  for (const k of ['a1', 'a3', 'b1']) await engine.put(cf, Buffer.from(k), Buffer.from(`v-${k}`));
  const found = engine.trySeek(cf, Buffer.from('a2'));
  assert.deepEqual(
    Array.isArray(found) ? found.map(String) : found,
    ['a3', 'v-a3'],
    'lands on the next key',
  );
  assert.equal(engine.trySeek(cf, Buffer.from('a4'), { upperBound: Buffer.from('b') }), undefined);
  const snapshot = engine.snapshot();
  await engine.delete(cf, Buffer.from('a3'));
  assert.equal(String((await engine.seek(cf, Buffer.from('a2')))?.[0]), 'b1', 'sees the delete');
  assert.equal(
    String((await engine.seek(cf, Buffer.from('a2'), { snapshot }))?.[0]),
    'a3',
    'a snapshot still sees the old key',
  );
  snapshot.release();
  await engine.flush();
  assert.equal(String((await engine.seek(cf, Buffer.from('a')))?.[0]), 'a1', 'after a flush');
  await engine.close();
});

test('a snapshot of an empty database sees nothing written after it', async () => {
  // Its sequence number is 0, which must not be taken for "the latest".
  const engine = await Engine.open({ inMemory: true });
  const cf = engine.columnFamily('default');
  const snapshot = engine.snapshot();
  await engine.put(cf, Buffer.from('k'), Buffer.from('v'));
  assert.equal(await engine.get(cf, Buffer.from('k'), { snapshot }), undefined);
  assert.equal(await engine.seek(cf, Buffer.from(''), { snapshot }), undefined);
  assert.deepEqual(await engine.scan(cf, Buffer.alloc(0), Buffer.from([0xff]), { snapshot }), []);
  const it = engine.iterator(cf, { snapshot });
  await it.seek(Buffer.alloc(0));
  assert.equal(it.valid, false);
  it.close();
  await engine.flush();
  assert.equal(await engine.get(cf, Buffer.from('k'), { snapshot }), undefined, 'after a flush');
  snapshot.release();
  assert.equal(String(await engine.get(cf, Buffer.from('k'))), 'v');
  await engine.close();
});
