import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { WOULD_BLOCK } from '../../../src/txn/api.js';
import { TxnError } from '../../../src/txn/errors.js';
import { WriteType } from '../../../src/txn/types/write.js';
import { ref } from '../helpers/mvcc-env.js';
import { b, load, openStore, readAll, str, type StoreEnv } from '../helpers/store.js';

function isCode(code: string) {
  return (error: unknown) => error instanceof TxnError && error.code === code;
}

describe('transactions', () => {
  let env: StoreEnv;
  beforeEach(async () => {
    env = await openStore();
  });
  afterEach(() => env.close());

  it('see their own writes, in gets, batch gets and scans', async () => {
    await load(env.store, { a: '1', b: '2', c: '3' });
    const txn = await env.store.begin();
    txn.put(b('b'), b('20'));
    txn.delete(b('c'));
    txn.put(b('d'), b('4'));
    assert.equal(str(await txn.get(b('b'))), '20');
    assert.equal(await txn.get(b('c')), undefined);
    assert.deepEqual((await txn.batchGet([b('a'), b('c'), b('d')])).map(str), [
      '1',
      undefined,
      '4',
    ]);
    const scanned = await txn.scan(b('a'), b('z'));
    assert.deepEqual(
      scanned.map(([k, v]) => `${k}=${v}`),
      ['a=1', 'b=20', 'd=4'],
    );
    const reversed = await txn.scan(b('a'), b('z'), { reverse: true, limit: 2 });
    assert.deepEqual(
      reversed.map(([k]) => k.toString()),
      ['d', 'b'],
    );
    await txn.rollback();
  });

  it('are invisible to others until committed (no dirty reads)', async () => {
    const writer = await env.store.begin();
    writer.put(b('k'), b('v'));
    const reader = await env.store.snapshot();
    assert.equal(await reader.get(b('k')), undefined);
    const { commitTs } = await writer.commit();
    assert.equal(await reader.get(b('k')), undefined, 'a snapshot taken before the commit');
    assert.equal(str(await (await env.store.snapshot()).get(b('k'))), 'v');
    assert.equal(str(await (await env.store.snapshot(commitTs)).get(b('k'))), 'v');
    assert.equal(await (await env.store.snapshot(commitTs - 1n)).get(b('k')), undefined);
  });

  it('read the same value twice although another transaction committed in between (repeatable read)', async () => {
    await load(env.store, { k: 'old' });
    const reader = await env.store.begin();
    assert.equal(str(await reader.get(b('k'))), 'old');
    await load(env.store, { k: 'new' });
    assert.equal(str(await reader.get(b('k'))), 'old');
    assert.deepEqual(
      (await reader.scan(b('a'), b('z'))).map(([, v]) => v.toString()),
      ['old'],
    );
    await reader.rollback();
  });

  it('cannot lose an update: the second optimistic writer of a key fails with WRITE_CONFLICT', async () => {
    await load(env.store, { counter: '0' });
    const first = await env.store.begin({ mode: 'optimistic' });
    const second = await env.store.begin({ mode: 'optimistic' });
    for (const txn of [first, second]) {
      const value = Number(str(await txn.get(b('counter'))));
      txn.put(b('counter'), b(String(value + 1)));
    }
    await first.commit();
    await assert.rejects(second.commit(), isCode('WRITE_CONFLICT'));
    assert.equal(str(await (await env.store.snapshot()).get(b('counter'))), '1');
  });

  it('cannot lose an update under pessimistic locking: concurrent increments all count', async () => {
    await load(env.store, { counter: '0' });
    const increments = 40;
    await Promise.all(
      Array.from({ length: increments }, async () => {
        const txn = await env.store.begin({ mode: 'pessimistic' });
        const [current] = await txn.lockKeys([b('counter')]);
        txn.put(b('counter'), b(String(Number(str(current)) + 1)));
        await txn.commit();
      }),
    );
    assert.equal(str(await (await env.store.snapshot()).get(b('counter'))), String(increments));
  });

  it('commit in one phase when small and in two phases otherwise, with the same result', async () => {
    const onePhase = await env.store.begin();
    onePhase.put(b('a'), b('1'));
    const small = await onePhase.commit();
    assert.equal(small.onePhase, true);
    await env.close();
    env = await openStore({ onePcMaxBytes: -1 });
    const twoPhase = await env.store.begin();
    twoPhase.put(b('a'), b('1'));
    twoPhase.put(b('b'), b('x'.repeat(1000)));
    const big = await twoPhase.commit();
    assert.equal(big.onePhase, false);
    assert.deepEqual(await readAll(await env.store.snapshot(), ['a', 'b']), [
      '1',
      'x'.repeat(1000),
    ]);
  });

  it('undo the writes after a savepoint', async () => {
    const txn = await env.store.begin();
    txn.put(b('a'), b('1'));
    const savepoint = txn.savepoint();
    txn.put(b('a'), b('2'));
    txn.put(b('b'), b('3'));
    txn.rollbackToSavepoint(savepoint);
    assert.equal(txn.mutationCount, 1);
    await txn.commit();
    assert.deepEqual(await readAll(await env.store.snapshot(), ['a', 'b']), ['1', undefined]);
  });

  it('leave nothing behind when rolled back', async () => {
    const txn = await env.store.begin();
    await txn.lockKeys([b('a')]);
    txn.put(b('a'), b('1'));
    await txn.rollback();
    assert.equal(txn.finished, true);
    assert.equal(env.store.stats().memoryPessimisticLocks, 0);
    assert.equal(env.store.stats().liveTransactions, 0);
    assert.equal(await (await env.store.snapshot()).get(b('a')), undefined);
  });

  it('refuse use after they end', async () => {
    const txn = await env.store.begin();
    await txn.commit();
    assert.throws(() => txn.put(b('a'), b('1')), isCode('ALREADY_FINISHED'));
    await assert.rejects(txn.commit(), isCode('ALREADY_FINISHED'));
  });

  it('return the latest committed values from lockKeys, and buffered ones over them', async () => {
    const startedEarly = await env.store.begin({ mode: 'pessimistic' });
    await load(env.store, { a: 'new', b: 'new' });
    startedEarly.put(b('b'), b('mine'));
    assert.equal(await startedEarly.get(b('a')), undefined, 'the snapshot read is at start_ts');
    assert.deepEqual((await startedEarly.lockKeys([b('a'), b('b')])).map(str), ['new', 'mine']);
    await startedEarly.commit();
  });

  it('that only locked keys write nothing at commit and release their locks', async () => {
    await load(env.store, { a: '1' });
    const txn = await env.store.begin({ mode: 'pessimistic' });
    await txn.lockKeys([b('a')]);
    const batches = env.store.stats().batches;
    await txn.commit();
    assert.equal(env.store.stats().batches, batches, 'no engine write');
    assert.equal(env.store.stats().memoryPessimisticLocks, 0);
    assert.equal(str(await (await env.store.snapshot()).get(b('a'))), '1');
  });

  it('leave a Lock record on keys they locked and did not write, beside the ones they wrote', async () => {
    await load(env.store, { a: '1', b: '2' });
    const txn = await env.store.begin({ mode: 'pessimistic' });
    await txn.lockKeys([b('a'), b('b')]);
    txn.put(b('b'), b('3'));
    const { commitTs } = await txn.commit();
    const reader = env.store.internals.context.scheduler.reader;
    const record = await reader.seekWrite(ref('a').encodedKey, commitTs);
    assert.equal(record?.commitTs, commitTs);
    assert.equal(record?.write.type, WriteType.Lock);
    assert.deepEqual(await readAll(await env.store.snapshot(), ['a', 'b']), ['1', '3']);
    assert.equal(env.store.stats().memoryPessimisticLocks, 0);
  });
});

describe('snapshots', () => {
  let env: StoreEnv;
  beforeEach(async () => {
    env = await openStore();
  });
  afterEach(() => env.close());

  it('answer point gets synchronously when nothing is in the way', async () => {
    await load(env.store, { k: 'v' });
    const snapshot = await env.store.snapshot();
    const fast = snapshot.tryGet(b('k'));
    assert.ok(fast === WOULD_BLOCK || fast?.toString() === 'v');
    assert.equal(str(await snapshot.get(b('k'))), 'v');
  });

  it('scan forward, backward, with limits, key-only, over short and long values and deletions', async () => {
    const pairs: Record<string, string> = {};
    for (let i = 0; i < 600; i++)
      pairs[`key${String(i).padStart(4, '0')}`] = i % 7 === 0 ? 'L'.repeat(400) : `v${i}`;
    await load(env.store, pairs);
    const deleter = await env.store.begin();
    for (let i = 0; i < 600; i += 5) deleter.delete(b(`key${String(i).padStart(4, '0')}`));
    await deleter.commit();
    const expected = Object.entries(pairs).filter((_, i) => i % 5 !== 0);
    const snapshot = await env.store.snapshot();
    const all = await snapshot.scan(b('key'), b('kez'));
    assert.deepEqual(
      all.map(([k, v]) => [k.toString(), v.toString()]),
      expected,
    );
    const reverse = await snapshot.scan(b('key'), b('kez'), { reverse: true, limit: 10 });
    assert.deepEqual(
      reverse.map(([k]) => k.toString()),
      expected
        .slice(-10)
        .reverse()
        .map(([k]) => k),
    );
    const keysOnly = await snapshot.scan(b('key0100'), b('key0110'), { keyOnly: true });
    assert.ok(keysOnly.every(([, v]) => v.length === 0));
    assert.deepEqual(
      keysOnly.map(([k]) => k.toString()),
      expected.filter(([k]) => k >= 'key0100' && k < 'key0110').map(([k]) => k),
    );
    const unbounded = await snapshot.scan(b('key0598'), Buffer.alloc(0));
    assert.deepEqual(
      unbounded.map(([k]) => k.toString()),
      ['key0598', 'key0599'],
    );
  });

  it('refuse timestamps not handed out yet', async () => {
    const ts = await env.store.timestamp();
    await assert.rejects(env.store.snapshot(ts + 1_000_000n), RangeError);
  });
});
