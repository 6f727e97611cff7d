import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { WOULD_BLOCK, type KvCursor, type KvPair } from '../../../src/txn/api.js';
import { runPrewrite } from '../../../src/txn/commands/prewrite.js';
import { encodeKey } from '../../../src/txn/types/key.js';
import { MutationOp } from '../../../src/txn/types/mutation.js';
import { seededRandom } from '../helpers/random.js';
import { b, load, openStore, type StoreEnv } from '../helpers/store.js';

/** Every chunk of a cursor, taking the synchronous path while it answers. */
async function chunksOf(cursor: KvCursor): Promise<KvPair[][]> {
  const chunks: KvPair[][] = [];
  for (;;) {
    let chunk = cursor.tryNext();
    if (chunk === WOULD_BLOCK) chunk = await cursor.next();
    if (chunk === null) return chunks;
    chunks.push(chunk);
  }
}

const text = (pairs: KvPair[]) => pairs.map(([k, v]) => `${k}=${v}`);

describe('range cursors', () => {
  let env: StoreEnv;
  beforeEach(async () => {
    env = await openStore();
  });
  afterEach(() => env.close());

  it('hand out a cached range in non-empty chunks without a promise, then null', async () => {
    const pairs: Record<string, string> = {};
    for (let i = 0; i < 600; i++) pairs[`k${String(i).padStart(4, '0')}`] = `v${i}`;
    await load(env.store, pairs);
    const cursor = (await env.store.snapshot()).cursor(b('k'), b('l'));
    const chunks: KvPair[][] = [];
    for (let chunk = cursor.tryNext(); chunk !== null; chunk = cursor.tryNext()) {
      assert.notEqual(chunk, WOULD_BLOCK, 'an in-memory store answers synchronously');
      if (chunk === WOULD_BLOCK) return;
      assert.ok(chunk.length > 0);
      chunks.push(chunk);
    }
    assert.ok(chunks.length > 1, 'a range larger than one chunk comes in several');
    assert.deepEqual(
      text(chunks.flat()),
      text(Object.entries(pairs).map(([k, v]) => [b(k), b(v)])),
    );
  });

  it('stop at the limit, in either direction', async () => {
    await load(env.store, { a: '1', b: '2', c: '3', d: '4' });
    const snapshot = await env.store.snapshot();
    assert.deepEqual(text((await chunksOf(snapshot.cursor(b('a'), b('z'), { limit: 3 }))).flat()), [
      'a=1',
      'b=2',
      'c=3',
    ]);
    const reverse = snapshot.cursor(b('a'), b('z'), { limit: 2, reverse: true });
    assert.deepEqual(text((await chunksOf(reverse)).flat()), ['d=4', 'c=3']);
    assert.deepEqual(await chunksOf(snapshot.cursor(b('a'), b('z'), { limit: 0 })), []);
    assert.deepEqual(await chunksOf(snapshot.cursor(b('c'), b('a'))), []);
  });

  it('say WOULD_BLOCK where the lock CF must be read, and answer through next()', async () => {
    await load(env.store, { a: '1', b: '2', y: '3' });
    const snapshot = await env.store.snapshot();
    // A transaction that started after the snapshot prewrites x: its lock sits in the lock CF
    // (and does not block the snapshot, which is older).
    const startTs = await env.store.timestamp();
    const { scheduler } = env.store.internals.context;
    const mutation = {
      op: MutationOp.Put,
      key: b('x'),
      encodedKey: encodeKey(b('x')),
      value: b('new'),
      pessimisticLocked: false,
    };
    const props = { startTs, primary: b('x'), lockTtlMs: 3000, txnSize: 1, forUpdateTs: 0n };
    await runPrewrite(scheduler, props, [mutation]);

    assert.deepEqual(text((await chunksOf(snapshot.cursor(b('a'), b('c')))).flat()), [
      'a=1',
      'b=2',
    ]);
    const sync = snapshot.cursor(b('a'), b('c')).tryNext();
    assert.notEqual(sync, WOULD_BLOCK, 'no lock in [a, c): answered from memory');
    const cursor = snapshot.cursor(b('a'), b('z'));
    assert.equal(cursor.tryNext(), WOULD_BLOCK, 'a lock in [a, z): the lock CF must be read');
    assert.deepEqual(text((await cursor.next()) ?? []), ['a=1', 'b=2', 'y=3']);
    assert.equal(await cursor.next(), null);
  });

  it('merge a transaction’s own writes into the stored range (randomized model check)', async () => {
    const rng = seededRandom();
    const message = `seed ${rng.seed} (replay with TXN_TEST_SEED=${rng.seed})`;
    const key = (i: number) => `k${String(i).padStart(3, '0')}`;
    for (let round = 0; round < 20; round++) {
      const stored = new Map<string, string>();
      const pairs: Record<string, string> = {};
      for (let i = 0; i < 400; i++) {
        if (rng.int(3) === 0) continue;
        stored.set(key(i), `s${round}.${i}`);
        pairs[key(i)] = `s${round}.${i}`;
      }
      // Each round writes the same keys again, so its stored state replaces the last one.
      const clear = await env.store.begin({ mode: 'optimistic' });
      for (const [k] of await clear.scan(b('k'), b('l'), { keyOnly: true })) clear.delete(k);
      await clear.commit();
      await load(env.store, pairs);

      const txn = await env.store.begin();
      const model = new Map(stored);
      for (let n = rng.int(60); n > 0; n--) {
        const k = key(rng.int(420));
        const op = rng.int(3);
        if (op === 0) {
          txn.put(b(k), b(`t${n}`));
          model.set(k, `t${n}`);
        } else if (op === 1) {
          txn.delete(b(k));
          model.delete(k);
        } else await txn.lockKeys([b(k)]);
      }
      const low = rng.int(420);
      const high = low + rng.int(420 - low + 1);
      const reverse = rng.int(2) === 1;
      const limit = rng.int(3) === 0 ? rng.int(50) : undefined;
      let expected = [...model]
        .filter(([k]) => k >= key(low) && k < key(high))
        .sort(([x], [y]) => (x < y ? -1 : 1));
      if (reverse) expected.reverse();
      if (limit !== undefined) expected = expected.slice(0, limit);
      const options = limit === undefined ? { reverse } : { reverse, limit };
      const chunks = await chunksOf(txn.cursor(b(key(low)), b(key(high)), options));
      assert.ok(
        chunks.every((c) => c.length > 0),
        message,
      );
      assert.deepEqual(
        text(chunks.flat()),
        expected.map(([k, v]) => `${k}=${v}`),
        `${message}: round ${round}, range ${low}..${high}, reverse ${reverse}, limit ${limit}`,
      );
      await txn.rollback();
    }
  });
});
