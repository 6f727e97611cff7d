import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { appendTs, encodeKey } from '../../../src/txn/types/key.js';
import { WriteType } from '../../../src/txn/types/write.js';
import { openMvccEnv, type MvccEnv } from '../helpers/mvcc-env.js';
import {
  mustCleanup,
  mustCleanupErr,
  mustCommit,
  mustGet,
  mustGetNone,
  mustHaveNoRecord,
  mustHaveRollback,
  mustLocked,
  mustPrewritePut,
  mustPrewritePutErr,
  mustRollback,
  mustRollbackErr,
  mustUnlocked,
  mustWritten,
  writeRecordCount,
} from '../helpers/must.js';
import { composeTs } from '../../../src/txn/types/timestamp.js';

describe('rollback (cleanup)', () => {
  let env: MvccEnv;
  beforeEach(async () => {
    env = await openMvccEnv();
  });
  afterEach(() => env.close());

  it('removes the lock and the staged value and leaves a Rollback record', async () => {
    await mustPrewritePut(env, 'k', 'v'.repeat(300), 'p', 5n);
    await mustRollback(env, 'k', 5n);
    await mustUnlocked(env, 'k');
    await mustHaveRollback(env, 'k', 5n, false);
    const valueKey = appendTs(encodeKey(Buffer.from('k')), 5n);
    assert.equal(await env.engine.get(env.storage.defaultCf, valueKey), undefined);
    await mustGetNone(env, 'k', 10n);
  });

  it('protects the Rollback record of a primary key', async () => {
    await mustPrewritePut(env, 'p', 'v', 'p', 5n);
    await mustRollback(env, 'p', 5n);
    await mustHaveRollback(env, 'p', 5n, true);
  });

  it('collapses the previous unprotected Rollback of the key', async () => {
    await mustRollback(env, 'k', 5n);
    await mustRollback(env, 'k', 7n);
    await mustHaveNoRecord(env, 'k', 5n);
    await mustHaveRollback(env, 'k', 7n, false);
    assert.equal(await writeRecordCount(env, 'k'), 1);
  });

  it('keeps protected Rollbacks when a later one is written', async () => {
    await mustRollback(env, 'k', 5n, true);
    await mustRollback(env, 'k', 7n);
    await mustHaveRollback(env, 'k', 5n, true);
    await mustHaveRollback(env, 'k', 7n, false);
  });

  it('of a transaction that never prewrote makes its late prewrite fail', async () => {
    await mustRollback(env, 'k', 5n, true);
    await mustPrewritePutErr(env, 'k', 'v', 'k', 5n, 'ROLLED_BACK');
  });

  it('fails with COMMITTED when the transaction committed on the key', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    await mustCommit(env, 'k', 5n, 10n);
    await mustRollbackErr(env, 'k', 5n, 'COMMITTED');
    await mustGet(env, 'k', 10n, 'v');
  });

  it('folds into another transaction record that has the same timestamp', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    await mustCommit(env, 'k', 5n, 10n);
    await mustRollback(env, 'k', 10n);
    const write = await mustWritten(env, 'k', 5n, 10n, WriteType.Put);
    assert.equal(write.hasOverlappedRollback, true);
    await mustGet(env, 'k', 10n, 'v');
    await mustPrewritePutErr(env, 'k', 'w', 'k', 10n, 'ROLLED_BACK');
  });

  it('with a current timestamp leaves a lock whose TTL has not run out', async () => {
    const startTs = composeTs(1_000_000, 0);
    await mustPrewritePut(env, 'k', 'v', 'k', startTs, { ttlMs: 100 });
    await mustCleanupErr(env, 'k', startTs, composeTs(1_000_050, 0), 'KEY_IS_LOCKED');
    await mustLocked(env, 'k', startTs);
    await mustCleanup(env, 'k', startTs, composeTs(1_000_100, 0));
    await mustUnlocked(env, 'k');
  });
});
