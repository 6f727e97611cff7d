import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { resolveLock } from '../../../src/txn/actions/resolve-lock.js';
import { WriteType } from '../../../src/txn/types/write.js';
import { openMvccEnv, ref, runOn, type MvccEnv } from '../helpers/mvcc-env.js';
import {
  mustCommit,
  mustGet,
  mustGetNone,
  mustHaveRollback,
  mustLocked,
  mustPrewritePut,
  mustUnlocked,
  mustWritten,
} from '../helpers/must.js';

function resolve(env: MvccEnv, key: string, startTs: bigint, commitTs: bigint): Promise<boolean> {
  const r = ref(key);
  return runOn(env, [key], ({ txn, reader }) =>
    resolveLock(txn, reader, r.key, r.encodedKey, startTs, commitTs),
  );
}

describe('resolve_lock', () => {
  let env: MvccEnv;
  beforeEach(async () => {
    env = await openMvccEnv();
  });
  afterEach(() => env.close());

  it('commits a secondary lock at the primary commit_ts', async () => {
    await mustPrewritePut(env, 'p', 'vp', 'p', 5n);
    await mustPrewritePut(env, 's', 'vs', 'p', 5n);
    await mustCommit(env, 'p', 5n, 10n);
    assert.equal(await resolve(env, 's', 5n, 10n), true);
    await mustUnlocked(env, 's');
    await mustWritten(env, 's', 5n, 10n, WriteType.Put);
    await mustGet(env, 's', 10n, 'vs');
  });

  it('rolls a secondary lock back with an unprotected rollback', async () => {
    await mustPrewritePut(env, 's', 'v'.repeat(300), 'p', 5n);
    assert.equal(await resolve(env, 's', 5n, 0n), true);
    await mustUnlocked(env, 's');
    await mustHaveRollback(env, 's', 5n, false);
    await mustGetNone(env, 's', 10n);
  });

  it('leaves the lock of another transaction alone', async () => {
    await mustPrewritePut(env, 's', 'v', 'p', 6n);
    assert.equal(await resolve(env, 's', 5n, 10n), false);
    await mustLocked(env, 's', 6n);
  });
});
