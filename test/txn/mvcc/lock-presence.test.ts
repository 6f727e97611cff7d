import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { runPrewrite } from '../../../src/txn/commands/prewrite.js';
import { MutationOp } from '../../../src/txn/types/mutation.js';
import { ZERO_TS } from '../../../src/txn/types/timestamp.js';
import {
  mustAcquirePessimisticLock,
  mustCommit,
  mustFail,
  mustPessimisticRollback,
  mustPrewritePut,
  mustRollback,
  mutation,
} from '../helpers/must.js';
import { openMvccEnv, ref, type MvccEnv } from '../helpers/mvcc-env.js';
import { openStore, tempDir } from '../helpers/store.js';

describe('lock presence', () => {
  let env: MvccEnv;
  beforeEach(async () => {
    env = await openMvccEnv();
  });
  afterEach(() => env.close());

  const mayHaveLock = (key: string) => env.scheduler.lockPresence.mayHaveLock(ref(key).encodedKey);

  it('counts a prewrite lock until its commit has landed', async () => {
    assert.equal(mayHaveLock('k'), false);
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    assert.equal(mayHaveLock('k'), true);
    await mustCommit(env, 'k', 5n, 6n);
    assert.equal(mayHaveLock('k'), false);
    assert.equal(env.scheduler.lockPresence.size, 0);
  });

  it('uncounts a lock when it is rolled back', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    await mustRollback(env, 'k', 5n);
    assert.equal(mayHaveLock('k'), false);
  });

  it('takes back what a failed command counted', async () => {
    await mustPrewritePut(env, 'b', 'v', 'b', 4n);
    await mustFail(
      runPrewrite(
        env.scheduler,
        {
          startTs: 5n,
          primary: Buffer.from('a'),
          lockTtlMs: 3000,
          txnSize: 2,
          forUpdateTs: ZERO_TS,
        },
        [mutation(MutationOp.Put, 'a', '1'), mutation(MutationOp.Put, 'b', '2')],
      ),
      'KEY_IS_LOCKED',
    );
    assert.equal(mayHaveLock('a'), false);
    assert.equal(env.scheduler.lockPresence.size, 1);
  });

  it('counts pessimistic locks spilled to the lock CF, not those in memory', async () => {
    await mustAcquirePessimisticLock(env, 'm', 'm', 5n, 5n);
    assert.equal(mayHaveLock('m'), false);
    await env.close();
    env = await openMvccEnv(0);
    await mustAcquirePessimisticLock(env, 's', 's', 5n, 5n);
    assert.equal(mayHaveLock('s'), true);
    await mustPessimisticRollback(env, 's', 5n, 5n);
    assert.equal(mayHaveLock('s'), false);
  });
});

describe('lock presence at open', () => {
  it('counts the locks left in the lock CF by an earlier run', async () => {
    const { dir, remove } = await tempDir('presence');
    try {
      let store = await openStore({ path: dir });
      await runPrewrite(
        store.store.internals.context.scheduler,
        {
          startTs: await store.store.timestamp(),
          primary: Buffer.from('k'),
          lockTtlMs: 3000,
          txnSize: 1,
          forUpdateTs: ZERO_TS,
        },
        [mutation(MutationOp.Put, 'k', 'v')],
      );
      await store.close();
      store = await openStore({ path: dir });
      const presence = store.store.internals.context.readPolicy.lockPresence;
      assert.equal(presence.size, 1);
      assert.equal(presence.mayHaveLock(ref('k').encodedKey), true);
      await store.close();
    } finally {
      await remove();
    }
  });
});
