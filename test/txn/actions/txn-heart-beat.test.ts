import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { txnHeartBeat } from '../../../src/txn/actions/txn-heart-beat.js';
import { ref, runOn, openMvccEnv, type MvccEnv } from '../helpers/mvcc-env.js';
import {
  mustAcquirePessimisticLock,
  mustFail,
  mustLocked,
  mustPrewritePut,
} from '../helpers/must.js';

function heartBeat(
  env: MvccEnv,
  key: string,
  startTs: bigint,
  adviseTtlMs: number,
): Promise<number> {
  const primary = ref(key);
  return runOn(env, [key], ({ txn, reader }) =>
    txnHeartBeat(txn, reader, primary.key, primary.encodedKey, startTs, adviseTtlMs),
  );
}

describe('txn_heart_beat', () => {
  let env: MvccEnv;
  beforeEach(async () => {
    env = await openMvccEnv();
  });
  afterEach(() => env.close());

  it('raises the TTL of the primary lock and never lowers it', async () => {
    await mustPrewritePut(env, 'p', 'v', 'p', 5n, { ttlMs: 3000 });
    assert.equal(await heartBeat(env, 'p', 5n, 10_000), 10_000);
    assert.equal((await mustLocked(env, 'p', 5n)).ttlMs, 10_000);
    assert.equal(await heartBeat(env, 'p', 5n, 1000), 10_000);
    assert.equal((await mustLocked(env, 'p', 5n)).ttlMs, 10_000);
  });

  it('raises the TTL of an in-memory pessimistic primary lock', async () => {
    await mustAcquirePessimisticLock(env, 'p', 'p', 5n, 5n);
    assert.equal(await heartBeat(env, 'p', 5n, 60_000), 60_000);
    assert.equal((await mustLocked(env, 'p', 5n)).ttlMs, 60_000);
    assert.equal(env.memoryLocks.size, 1);
  });

  it('fails with TXN_NOT_FOUND when the transaction holds no lock on its primary', async () => {
    await mustPrewritePut(env, 'p', 'v', 'p', 5n);
    await mustFail(heartBeat(env, 'p', 6n, 10_000), 'TXN_NOT_FOUND');
  });
});
