import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { composeTs } from '../../../src/txn/types/timestamp.js';
import { openMvccEnv, type MvccEnv } from '../helpers/mvcc-env.js';
import {
  mustAcquirePessimisticLock,
  mustCheckTxnStatus,
  mustCommit,
  mustFail,
  mustHaveRollback,
  mustLocked,
  mustPrewritePut,
  mustPrewritePutErr,
  mustRollback,
  mustUnlocked,
} from '../helpers/must.js';

const T0_MS = 2_000_000;
const ts = (ms: number, logical = 0) => composeTs(T0_MS + ms, logical);

describe('check_txn_status', () => {
  let env: MvccEnv;
  beforeEach(async () => {
    env = await openMvccEnv();
  });
  afterEach(() => env.close());

  it('reports a lock whose TTL has not run out as locked and leaves it', async () => {
    await mustPrewritePut(env, 'p', 'v', 'p', ts(0), { ttlMs: 1000 });
    const status = await mustCheckTxnStatus(env, 'p', ts(0), ts(999));
    assert.equal(status.kind, 'locked');
    await mustLocked(env, 'p', ts(0));
  });

  it('rolls back a transaction whose primary lock expired, with a protected rollback', async () => {
    await mustPrewritePut(env, 'p', 'v', 'p', ts(0), { ttlMs: 1000 });
    const status = await mustCheckTxnStatus(env, 'p', ts(0), ts(1000));
    assert.deepEqual(status, { kind: 'rolledBack', cause: 'ttlExpired' });
    await mustUnlocked(env, 'p');
    await mustHaveRollback(env, 'p', ts(0), true);
  });

  it('rolls back an expired pessimistic primary lock', async () => {
    await mustAcquirePessimisticLock(env, 'p', 'p', ts(0), ts(0));
    const status = await mustCheckTxnStatus(env, 'p', ts(0), ts(1_000_000));
    assert.equal(status.kind, 'rolledBack');
    await mustUnlocked(env, 'p');
  });

  it('reports a committed transaction with its commit_ts', async () => {
    await mustPrewritePut(env, 'p', 'v', 'p', ts(0));
    await mustCommit(env, 'p', ts(0), ts(1));
    assert.deepEqual(await mustCheckTxnStatus(env, 'p', ts(0), ts(2)), {
      kind: 'committed',
      commitTs: ts(1),
    });
  });

  it('reports a rolled-back transaction as rolled back', async () => {
    await mustPrewritePut(env, 'p', 'v', 'p', ts(0));
    await mustRollback(env, 'p', ts(0));
    assert.deepEqual(await mustCheckTxnStatus(env, 'p', ts(0), ts(2)), {
      kind: 'rolledBack',
      cause: 'alreadyRolledBack',
    });
  });

  it('rolls back a transaction that left no trace, so that its prewrite fails later', async () => {
    assert.deepEqual(await mustCheckTxnStatus(env, 'p', ts(0), ts(1)), {
      kind: 'rolledBack',
      cause: 'lockNotExist',
    });
    await mustHaveRollback(env, 'p', ts(0), true);
    await mustPrewritePutErr(env, 'p', 'v', 'p', ts(0), 'ROLLED_BACK');
  });

  it('fails with TXN_NOT_FOUND for a transaction without trace when asked not to roll back', async () => {
    await mustFail(mustCheckTxnStatus(env, 'p', ts(0), ts(1), false), 'TXN_NOT_FOUND');
  });
});
