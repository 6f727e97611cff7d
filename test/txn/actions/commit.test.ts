import { afterEach, beforeEach, describe, it } from 'node:test';

import { WriteType } from '../../../src/txn/types/write.js';
import { openMvccEnv, type MvccEnv } from '../helpers/mvcc-env.js';
import {
  mustCommit,
  mustCommitErr,
  mustGet,
  mustGetNone,
  mustPrewriteLock,
  mustPrewritePut,
  mustRollback,
  mustUnlocked,
  mustWritten,
} from '../helpers/must.js';

describe('commit', () => {
  let env: MvccEnv;
  beforeEach(async () => {
    env = await openMvccEnv();
  });
  afterEach(() => env.close());

  it('makes the value visible from commit_ts on, and not before', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    await mustCommit(env, 'k', 5n, 10n);
    await mustUnlocked(env, 'k');
    await mustWritten(env, 'k', 5n, 10n, WriteType.Put);
    await mustGetNone(env, 'k', 9n);
    await mustGet(env, 'k', 10n, 'v');
    await mustGet(env, 'k', 100n, 'v');
  });

  it('is idempotent', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    await mustCommit(env, 'k', 5n, 10n);
    await mustCommit(env, 'k', 5n, 10n);
    await mustGet(env, 'k', 10n, 'v');
  });

  it('fails with ROLLED_BACK after the transaction was rolled back', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    await mustRollback(env, 'k', 5n);
    await mustCommitErr(env, 'k', 5n, 10n, 'ROLLED_BACK');
    await mustGetNone(env, 'k', 10n);
  });

  it('fails with TXN_NOT_FOUND when the transaction left nothing on the key', async () => {
    await mustCommitErr(env, 'k', 5n, 10n, 'TXN_NOT_FOUND');
  });

  it('of a Lock leaves a Lock record that readers skip', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    await mustCommit(env, 'k', 5n, 6n);
    await mustPrewriteLock(env, 'k', 'k', 7n);
    await mustCommit(env, 'k', 7n, 8n);
    await mustWritten(env, 'k', 7n, 8n, WriteType.Lock);
    await mustGet(env, 'k', 9n, 'v');
  });
});
