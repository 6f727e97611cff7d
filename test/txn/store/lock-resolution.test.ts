import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';

import { runCommit } from '../../../src/txn/commands/commit.js';
import { runPrewrite } from '../../../src/txn/commands/prewrite.js';
import { TxnError } from '../../../src/txn/errors.js';
import { MutationOp } from '../../../src/txn/types/mutation.js';
import { ZERO_TS } from '../../../src/txn/types/timestamp.js';
import { WriteType } from '../../../src/txn/types/write.js';
import { mutation } from '../helpers/must.js';
import { ref } from '../helpers/mvcc-env.js';
import { b, load, openStore, str, type StoreEnv } from '../helpers/store.js';

function isCode(code: string) {
  return (error: unknown) => error instanceof TxnError && error.code === code;
}

/** Prewrites a:va and b:vb for a transaction at startTs with primary a, through the commands. */
async function prewriteAB(env: StoreEnv, startTs: bigint): Promise<void> {
  const { scheduler } = env.store.internals.context;
  await runPrewrite(
    scheduler,
    { startTs, primary: b('a'), lockTtlMs: 3000, txnSize: 2, forUpdateTs: ZERO_TS },
    [mutation(MutationOp.Put, 'a', 'va'), mutation(MutationOp.Put, 'b', 'vb')],
  );
}

async function lockOf(env: StoreEnv, key: string) {
  return env.store.internals.context.scheduler.reader.loadLock(ref(key).encodedKey);
}

describe('readers meeting locks', () => {
  let env: StoreEnv;
  beforeEach(async () => {
    env = await openStore();
    await load(env.store, { a: 'old-a', b: 'old-b' });
  });
  afterEach(() => env.close());

  it('read past the lock of a live transaction that has no commit_ts yet, without waiting', async () => {
    const { registry } = env.store.internals.context;
    const startTs = await env.store.timestamp();
    const live = registry.register(startTs);
    await prewriteAB(env, startTs);
    const snapshot = await env.store.snapshot();
    // The owner stays registered until the end of the test: a read that waited would never end.
    assert.equal(str(await snapshot.get(b('b'))), 'old-b');
    assert.deepEqual(
      (await snapshot.scan(b('a'), b('c'))).map(([, v]) => v.toString()),
      ['old-a', 'old-b'],
    );
    registry.unregister(live);
  });

  it('wait for a transaction committing below their timestamp and then see its writes', async () => {
    const { registry, scheduler, tso } = env.store.internals.context;
    const startTs = await env.store.timestamp();
    const live = registry.register(startTs);
    await prewriteAB(env, startTs);
    const commitTs = await tso.next();
    live.commitTs = commitTs;
    const snapshot = await env.store.snapshot();
    let seen: string | undefined = 'pending';
    const read = snapshot.get(b('b')).then((value) => (seen = str(value)));
    await nextTurn();
    assert.equal(seen, 'pending', 'the read waits');
    await runCommit(scheduler, [ref('a'), ref('b')], startTs, commitTs, false);
    registry.unregister(live);
    await read;
    assert.equal(seen, 'vb');
  });

  it('roll a gone transaction forward when its primary committed', async () => {
    const { scheduler, tso } = env.store.internals.context;
    const startTs = await env.store.timestamp();
    await prewriteAB(env, startTs); // never registered: its owner is gone
    const commitTs = await tso.next();
    await runCommit(scheduler, [ref('a')], startTs, commitTs, false);
    const snapshot = await env.store.snapshot();
    assert.equal(str(await snapshot.get(b('b'))), 'vb');
    assert.equal(await lockOf(env, 'b'), undefined);
    const record = await scheduler.reader.seekWrite(ref('b').encodedKey, commitTs);
    assert.equal(record?.commitTs, commitTs);
    assert.equal(env.store.stats().resolvedLocks, 1);
  });

  it('roll a gone transaction back when its primary did not commit', async () => {
    const { scheduler } = env.store.internals.context;
    const startTs = await env.store.timestamp();
    await prewriteAB(env, startTs);
    const snapshot = await env.store.snapshot();
    assert.deepEqual(
      (await snapshot.scan(b('a'), b('c'))).map(([, v]) => v.toString()),
      ['old-a', 'old-b'],
    );
    assert.equal(await lockOf(env, 'a'), undefined);
    assert.equal(await lockOf(env, 'b'), undefined);
    const rollback = await scheduler.reader.seekWrite(ref('a').encodedKey, startTs);
    assert.equal(rollback?.write.type, WriteType.Rollback);
    assert.equal(rollback?.write.isProtected, true);
  });
});

describe('writers meeting locks', () => {
  let env: StoreEnv;
  beforeEach(async () => {
    env = await openStore();
    await load(env.store, { a: '0', b: '0' });
  });
  afterEach(() => env.close());

  it('wait for the holder and get the key once it commits', async () => {
    const holder = await env.store.begin({ mode: 'pessimistic' });
    await holder.lockKeys([b('a')]);
    const waiter = await env.store.begin({ mode: 'pessimistic' });
    const locked = waiter.lockKeys([b('a')]);
    await nextTurn();
    assert.equal(env.store.stats().lockWaiters, 1);
    holder.put(b('a'), b('1'));
    await holder.commit();
    assert.deepEqual((await locked).map(str), ['1']);
    await waiter.rollback();
  });

  it('give up with LOCK_WAIT_TIMEOUT when the holder keeps the lock too long', async () => {
    const holder = await env.store.begin({ mode: 'pessimistic' });
    await holder.lockKeys([b('a')]);
    const waiter = await env.store.begin({ mode: 'pessimistic', lockWaitTimeoutMs: 50 });
    await assert.rejects(waiter.lockKeys([b('a')]), isCode('LOCK_WAIT_TIMEOUT'));
    await waiter.rollback();
    await holder.rollback();
  });

  it('fail at once with NOWAIT', async () => {
    const holder = await env.store.begin({ mode: 'pessimistic' });
    await holder.lockKeys([b('a')]);
    const waiter = await env.store.begin({ mode: 'pessimistic' });
    await assert.rejects(waiter.lockKeys([b('a')], { waitTimeoutMs: 0 }), isCode('KEY_IS_LOCKED'));
    await Promise.all([waiter.rollback(), holder.rollback()]);
  });

  it('do not take the key of a failed first lock attempt as their primary', async () => {
    await env.close();
    env = await openStore({ onePcMaxBytes: -1 });
    const holder = await env.store.begin({ mode: 'pessimistic' });
    await holder.lockKeys([b('a')]);
    const txn = await env.store.begin({ mode: 'pessimistic' });
    await assert.rejects(txn.lockKeys([b('a')], { waitTimeoutMs: 0 }), isCode('KEY_IS_LOCKED'));
    await txn.lockKeys([b('b')]);
    txn.put(b('b'), b('1'));
    assert.equal((await txn.commit()).onePhase, false);
    await holder.rollback();
    assert.equal(str(await (await env.store.snapshot()).get(b('b'))), '1');
  });

  it('detect a deadlock between two pessimistic transactions and fail one of them', async () => {
    const first = await env.store.begin({ mode: 'pessimistic' });
    const second = await env.store.begin({ mode: 'pessimistic' });
    await first.lockKeys([b('a')]);
    await second.lockKeys([b('b')]);
    const firstWaits = first.lockKeys([b('b')]);
    await nextTurn();
    await assert.rejects(second.lockKeys([b('a')]), (error: unknown) => {
      assert.ok(error instanceof TxnError && error.code === 'DEADLOCK');
      assert.deepEqual(error.details.deadlockCycle, [second.startTs, first.startTs]);
      return true;
    });
    await second.rollback(); // as MySQL rolls back the deadlock victim
    await firstWaits;
    first.put(b('a'), b('1'));
    first.put(b('b'), b('1'));
    await first.commit();
    assert.equal(env.store.stats().deadlocks, 1);
  });

  it('wait for a live optimistic transaction holding prewrite locks', async () => {
    const { registry } = env.store.internals.context;
    const startTs = await env.store.timestamp();
    const live = registry.register(startTs);
    await prewriteAB(env, startTs);
    const writer = await env.store.begin({ mode: 'optimistic' });
    writer.put(b('b'), b('mine'));
    const committing = writer.commit();
    await nextTurn();
    assert.equal(env.store.stats().lockWaiters, 1);
    // The holder gives up: its locks are rolled back and the waiter goes on.
    const { runRollback } = await import('../../../src/txn/commands/rollback.js');
    await runRollback(env.store.internals.context.scheduler, [ref('a'), ref('b')], startTs, b('a'));
    registry.unregister(live);
    env.store.internals.context.lockManager.wakeUpHolder(startTs);
    await committing;
    assert.equal(str(await (await env.store.snapshot()).get(b('b'))), 'mine');
  });
});
