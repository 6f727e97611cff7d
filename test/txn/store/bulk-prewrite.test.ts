import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { PREFETCH_MIN_KEYS } from '../../../src/txn/mvcc/prefetched-versions.js';
import { TxnError } from '../../../src/txn/errors.js';
import { b, load, openStore, str, type StoreEnv } from '../helpers/store.js';

function isCode(code: string) {
  return (error: unknown) => error instanceof TxnError && error.code === code;
}

const KEYS = PREFETCH_MIN_KEYS * 4;
const key = (i: number) => `row${String(i).padStart(5, '0')}`;

describe('optimistic commits of many keys (their records read with one range scan)', () => {
  let env: StoreEnv;
  beforeEach(async () => {
    env = await openStore();
  });
  afterEach(() => env.close());

  it('commit every key when none changed after start_ts', async () => {
    await load(env.store, { [key(3)]: 'old' });
    const txn = await env.store.begin({ mode: 'optimistic' });
    for (let i = 0; i < KEYS; i++) txn.put(b(key(i)), b(`v${i}`));
    await txn.commit();
    const snapshot = await env.store.snapshot();
    assert.equal(str(await snapshot.get(b(key(3)))), 'v3');
    assert.equal(str(await snapshot.get(b(key(KEYS - 1)))), `v${KEYS - 1}`);
  });

  it('fail with WRITE_CONFLICT when one key was written after start_ts', async () => {
    const txn = await env.store.begin({ mode: 'optimistic' });
    for (let i = 0; i < KEYS; i++) txn.put(b(key(i)), b('mine'));
    await load(env.store, { [key(KEYS - 2)]: 'theirs' });
    await assert.rejects(txn.commit(), isCode('WRITE_CONFLICT'));
    assert.equal(str(await (await env.store.snapshot()).get(b(key(KEYS - 2)))), 'theirs');
    assert.equal(await (await env.store.snapshot()).get(b(key(0))), undefined);
  });

  it('fail with WRITE_CONFLICT also when the range is too crowded to read at once', async () => {
    // Many records of other keys between the transaction's keys: it seeks per key instead.
    const crowd: Record<string, string> = {};
    for (let i = 0; i < KEYS; i++) {
      for (let j = 0; j < 8; j++) crowd[`${key(i)}-${j}`] = 'other';
    }
    await load(env.store, crowd);
    const txn = await env.store.begin({ mode: 'optimistic' });
    for (let i = 0; i < KEYS; i++) txn.put(b(key(i)), b('mine'));
    await load(env.store, { [key(1)]: 'theirs' });
    await assert.rejects(txn.commit(), isCode('WRITE_CONFLICT'));
  });

  it('ignore Lock and Rollback records and writes older than start_ts', async () => {
    await load(env.store, { [key(5)]: 'older' });
    const locker = await env.store.begin({ mode: 'optimistic' });
    await locker.lockKeys([b(key(6))]);
    locker.put(b('elsewhere'), b('x'));
    const txn = await env.store.begin({ mode: 'optimistic' });
    await locker.commit();
    for (let i = 0; i < KEYS; i++) txn.put(b(key(i)), b('mine'));
    await txn.commit();
    assert.equal(str(await (await env.store.snapshot()).get(b(key(5)))), 'mine');
  });
});
