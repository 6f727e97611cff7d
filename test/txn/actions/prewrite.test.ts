import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { appendTs, encodeKey } from '../../../src/txn/types/key.js';
import { LockType } from '../../../src/txn/types/lock.js';
import { WriteType } from '../../../src/txn/types/write.js';
import { openMvccEnv, type MvccEnv } from '../helpers/mvcc-env.js';
import {
  mustAcquirePessimisticLock,
  mustCommit,
  mustGet,
  mustGetBlockedByLock,
  mustGetNone,
  mustLocked,
  mustPessimisticRollback,
  mustPrewriteDelete,
  mustPrewriteLock,
  mustPrewritePut,
  mustPrewritePutErr,
  mustRollback,
  mustWritten,
} from '../helpers/must.js';

describe('prewrite', () => {
  let env: MvccEnv;
  beforeEach(async () => {
    env = await openMvccEnv();
  });
  afterEach(() => env.close());

  it('locks the key, and readers at or after start_ts must resolve the lock', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    const lock = await mustLocked(env, 'k', 5n);
    assert.equal(lock.type, LockType.Put);
    assert.equal(lock.shortValue?.toString(), 'v');
    await mustGetBlockedByLock(env, 'k', 7n, 5n);
    await mustGetNone(env, 'k', 4n);
  });

  it('fails with KEY_IS_LOCKED when another transaction holds the lock', async () => {
    await mustPrewritePut(env, 'k', 'v1', 'k', 5n);
    const error = await mustPrewritePutErr(env, 'k', 'v2', 'k', 6n, 'KEY_IS_LOCKED');
    assert.equal(error.details.conflictStartTs, 5n);
    assert.equal(error.details.lock?.primary.toString(), 'k');
  });

  it('fails with WRITE_CONFLICT when a Put committed after start_ts', async () => {
    await mustPrewritePut(env, 'k', 'v1', 'k', 5n);
    await mustCommit(env, 'k', 5n, 10n);
    const error = await mustPrewritePutErr(env, 'k', 'v2', 'k', 8n, 'WRITE_CONFLICT');
    assert.equal(error.details.conflictStartTs, 5n);
    assert.equal(error.details.conflictCommitTs, 10n);
  });

  it('succeeds when the newer records are only Rollback and Lock records', async () => {
    await mustPrewriteLock(env, 'k', 'k', 5n);
    await mustCommit(env, 'k', 5n, 10n);
    await mustRollback(env, 'k', 12n);
    await mustPrewritePut(env, 'k', 'v', 'k', 8n);
    await mustCommit(env, 'k', 8n, 15n);
    await mustGet(env, 'k', 15n, 'v');
  });

  it('is idempotent for the same transaction', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    await mustCommit(env, 'k', 5n, 6n);
    await mustGet(env, 'k', 6n, 'v');
  });

  it('fails with ROLLED_BACK after the transaction was rolled back on the key', async () => {
    await mustRollback(env, 'k', 5n, true);
    await mustPrewritePutErr(env, 'k', 'v', 'k', 5n, 'ROLLED_BACK');
  });

  it('inlines values of at most 255 bytes and puts longer ones in the default CF', async () => {
    const short = 'x'.repeat(255);
    const long = 'y'.repeat(256);
    await mustPrewritePut(env, 'short', short, 'short', 5n);
    await mustPrewritePut(env, 'long', long, 'short', 5n);
    const defaultCf = env.storage.defaultCf;
    assert.equal(
      await env.engine.get(defaultCf, appendTs(encodeKey(Buffer.from('short')), 5n)),
      undefined,
    );
    assert.equal(
      (await env.engine.get(defaultCf, appendTs(encodeKey(Buffer.from('long')), 5n)))?.toString(),
      long,
    );
    await mustCommit(env, 'short', 5n, 6n);
    await mustCommit(env, 'long', 5n, 6n);
    await mustGet(env, 'short', 6n, short);
    await mustGet(env, 'long', 6n, long);
    assert.equal(
      (await mustWritten(env, 'short', 5n, 6n, WriteType.Put)).shortValue?.toString(),
      short,
    );
    assert.equal((await mustWritten(env, 'long', 5n, 6n, WriteType.Put)).shortValue, undefined);
  });

  it('of a Delete hides the older value once committed', async () => {
    await mustPrewritePut(env, 'k', 'v', 'k', 5n);
    await mustCommit(env, 'k', 5n, 6n);
    await mustPrewriteDelete(env, 'k', 'k', 7n);
    await mustCommit(env, 'k', 7n, 8n);
    await mustGet(env, 'k', 7n, 'v');
    await mustGetNone(env, 'k', 8n);
  });

  it('converts the pessimistic lock of the same transaction without a conflict check', async () => {
    await mustPrewritePut(env, 'k', 'v1', 'k', 5n);
    await mustCommit(env, 'k', 5n, 10n);
    assert.equal(await mustAcquirePessimisticLock(env, 'k', 'k', 8n, 12n), 'v1');
    await mustPrewritePut(env, 'k', 'v2', 'k', 8n, { pessimistic: true, forUpdateTs: 12n });
    const lock = await mustLocked(env, 'k', 8n);
    assert.equal(lock.type, LockType.Put);
    assert.equal(lock.forUpdateTs, 12n);
    assert.equal(env.memoryLocks.size, 0, 'the in-memory pessimistic lock is replaced');
    await mustCommit(env, 'k', 8n, 13n);
    await mustGet(env, 'k', 13n, 'v2');
  });

  it('of a pessimistic transaction checks no newer write on a key it did not lock', async () => {
    // A secondary index entry written unlocked beside its locked row (TiKV skips the check too).
    await mustPrewritePut(env, 'idx', 'v1', 'idx', 5n);
    await mustCommit(env, 'idx', 5n, 10n);
    await mustAcquirePessimisticLock(env, 'row', 'row', 8n, 12n);
    await mustPrewritePut(env, 'row', 'r', 'row', 8n, { pessimistic: true, forUpdateTs: 12n });
    await mustPrewritePut(env, 'idx', 'v2', 'row', 8n, { forUpdateTs: 12n });
    await mustCommit(env, 'row', 8n, 13n);
    await mustCommit(env, 'idx', 8n, 13n);
    await mustGet(env, 'idx', 13n, 'v2');
  });

  it('fails with ROLLED_BACK when the pessimistic lock it expects is gone', async () => {
    await mustAcquirePessimisticLock(env, 'k', 'k', 8n, 8n);
    await mustPessimisticRollback(env, 'k', 8n, 8n);
    await mustPrewritePutErr(env, 'k', 'v', 'k', 8n, 'ROLLED_BACK', {
      pessimistic: true,
      forUpdateTs: 8n,
    });
  });
});
