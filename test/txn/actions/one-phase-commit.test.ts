import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { MutationOp } from '../../../src/txn/types/mutation.js';
import { WriteType } from '../../../src/txn/types/write.js';
import { openMvccEnv, type MvccEnv } from '../helpers/mvcc-env.js';
import {
  mustAcquirePessimisticLock,
  mustCommit,
  mustFail,
  mustGet,
  mustGetNone,
  mustOnePhaseCommit,
  mustPrewritePut,
  mustUnlocked,
  mustWritten,
  mutation,
} from '../helpers/must.js';

describe('one-phase commit', () => {
  let env: MvccEnv;
  beforeEach(async () => {
    env = await openMvccEnv();
  });
  afterEach(() => env.close());

  it('writes the records at commit_ts without leaving locks', async () => {
    await mustOnePhaseCommit(
      env,
      [mutation(MutationOp.Put, 'a', '1'), mutation(MutationOp.Put, 'b', 'x'.repeat(300))],
      'a',
      5n,
      6n,
    );
    await mustUnlocked(env, 'a');
    await mustUnlocked(env, 'b');
    await mustWritten(env, 'a', 5n, 6n, WriteType.Put);
    await mustGet(env, 'b', 6n, 'x'.repeat(300));
    await mustGetNone(env, 'a', 5n);
  });

  it('releases the pessimistic locks it replaces', async () => {
    await mustAcquirePessimisticLock(env, 'a', 'a', 5n, 7n);
    await mustOnePhaseCommit(env, [mutation(MutationOp.Put, 'a', '1', true)], 'a', 5n, 8n, {
      forUpdateTs: 7n,
    });
    assert.equal(env.memoryLocks.size, 0);
    await mustGet(env, 'a', 8n, '1');
  });

  it('writes nothing when one key conflicts', async () => {
    await mustPrewritePut(env, 'b', 'old', 'b', 1n);
    await mustCommit(env, 'b', 1n, 9n);
    await mustFail(
      mustOnePhaseCommit(
        env,
        [mutation(MutationOp.Put, 'a', '1'), mutation(MutationOp.Put, 'b', '2')],
        'a',
        5n,
        10n,
      ),
      'WRITE_CONFLICT',
    );
    await mustGetNone(env, 'a', 20n);
    await mustGet(env, 'b', 20n, 'old');
  });
});
