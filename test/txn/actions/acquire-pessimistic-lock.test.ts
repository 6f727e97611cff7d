import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { LockType } from '../../../src/txn/types/lock.js';
import { openMvccEnv, type MvccEnv } from '../helpers/mvcc-env.js';
import {
  mustAcquirePessimisticLock,
  mustAcquirePessimisticLockErr,
  mustCommit,
  mustGet,
  mustLocked,
  mustPessimisticLocked,
  mustPessimisticRollback,
  mustPrewriteLock,
  mustPrewritePut,
  mustRollback,
  mustUnlocked,
} from '../helpers/must.js';
import { encodeKey } from '../../../src/txn/types/key.js';

describe('acquire_pessimistic_lock', () => {
  let env: MvccEnv;
  beforeEach(async () => {
    env = await openMvccEnv();
  });
  afterEach(() => env.close());

  it('locks the key in memory and returns its latest value', async () => {
    await mustPrewritePut(env, 'k', 'v1', 'k', 1n);
    await mustCommit(env, 'k', 1n, 2n);
    assert.equal(await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 6n), 'v1');
    await mustPessimisticLocked(env, 'k', 5n, 6n);
    assert.equal(env.memoryLocks.size, 1);
    assert.equal(await env.engine.get(env.storage.lockCf, encodeKey(Buffer.from('k'))), undefined);
  });

  it('does not block readers', async () => {
    await mustPrewritePut(env, 'k', 'v1', 'k', 1n);
    await mustCommit(env, 'k', 1n, 2n);
    await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 6n);
    await mustGet(env, 'k', 7n, 'v1');
  });

  it('fails with KEY_IS_LOCKED when another transaction holds a lock', async () => {
    await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 5n);
    const error = await mustAcquirePessimisticLockErr(env, 'k', 'k', 6n, 6n, 'KEY_IS_LOCKED');
    assert.equal(error.details.conflictStartTs, 5n);
  });

  it('fails with WRITE_CONFLICT when a Put committed after for_update_ts', async () => {
    await mustPrewritePut(env, 'k', 'v1', 'k', 1n);
    await mustCommit(env, 'k', 1n, 10n);
    const error = await mustAcquirePessimisticLockErr(env, 'k', 'k', 5n, 8n, 'WRITE_CONFLICT');
    assert.equal(error.details.conflictCommitTs, 10n);
    assert.equal(await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 11n), 'v1');
  });

  it('returns the value under a newer Lock record, and a value too long to inline', async () => {
    const long = 'x'.repeat(300);
    await mustPrewritePut(env, 'k', 'v1', 'k', 1n);
    await mustCommit(env, 'k', 1n, 2n);
    await mustPrewriteLock(env, 'k', 'k', 3n);
    await mustCommit(env, 'k', 3n, 4n);
    assert.equal(await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 6n), 'v1');
    await mustPrewritePut(env, 'long', long, 'long', 1n);
    await mustCommit(env, 'long', 1n, 2n);
    assert.equal(await mustAcquirePessimisticLock(env, 'long', 'long', 5n, 6n), long);
  });

  it('ignores newer Rollback records', async () => {
    await mustRollback(env, 'k', 10n);
    assert.equal(await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 8n), undefined);
  });

  it('refreshes for_update_ts when the transaction locks the key again', async () => {
    await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 6n);
    await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 9n);
    await mustPessimisticLocked(env, 'k', 5n, 9n);
  });

  it('writes the lock to the lock CF when the in-memory table is full', async () => {
    await env.close();
    env = await (await import('../helpers/mvcc-env.js')).openMvccEnv(0);
    await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 6n);
    assert.equal(env.memoryLocks.size, 0);
    const stored = await env.engine.get(env.storage.lockCf, encodeKey(Buffer.from('k')));
    assert.equal(stored?.[0], LockType.Pessimistic);
    await mustPessimisticLocked(env, 'k', 5n, 6n);
    assert.equal(await mustPessimisticRollback(env, 'k', 5n, 6n), true);
    await mustUnlocked(env, 'k');
  });
});

describe('pessimistic_rollback', () => {
  let env: MvccEnv;
  beforeEach(async () => {
    env = await openMvccEnv();
  });
  afterEach(() => env.close());

  it('releases the lock and leaves no record', async () => {
    await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 6n);
    assert.equal(await mustPessimisticRollback(env, 'k', 5n, 6n), true);
    await mustUnlocked(env, 'k');
    assert.equal(
      await env.scheduler.reader.seekWrite(encodeKey(Buffer.from('k')), 100n),
      undefined,
    );
  });

  it('leaves a lock taken at a newer for_update_ts', async () => {
    await mustAcquirePessimisticLock(env, 'k', 'k', 5n, 9n);
    assert.equal(await mustPessimisticRollback(env, 'k', 5n, 6n), false);
    await mustPessimisticLocked(env, 'k', 5n, 9n);
  });

  it('leaves prewrite locks alone', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    assert.equal(await mustPessimisticRollback(env, 'k', 5n, 100n), false);
    await mustLocked(env, 'k', 5n);
  });
});
