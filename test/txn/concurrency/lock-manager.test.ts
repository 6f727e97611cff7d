import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DeadlockDetector } from '../../../src/txn/concurrency/deadlock-detector.js';
import { LockManager } from '../../../src/txn/concurrency/lock-manager.js';
import { TxnError } from '../../../src/txn/errors.js';

const key = Buffer.from('k');

function isCode(code: string) {
  return (error: unknown) => error instanceof TxnError && error.code === code;
}

describe('deadlock detector', () => {
  it('refuses the edge that closes a cycle and names the cycle', () => {
    const detector = new DeadlockDetector();
    assert.equal(detector.tryAddEdge(1n, 2n), undefined);
    assert.equal(detector.tryAddEdge(2n, 3n), undefined);
    assert.deepEqual(detector.tryAddEdge(3n, 1n), [3n, 1n, 2n]);
  });

  it('forgets removed edges', () => {
    const detector = new DeadlockDetector();
    detector.tryAddEdge(1n, 2n);
    detector.removeEdge(1n, 2n);
    assert.equal(detector.tryAddEdge(2n, 1n), undefined);
    assert.equal(detector.waiterCount, 1);
  });
});

describe('lock manager', () => {
  it('wakes a waiter when its key is released', async () => {
    const manager = new LockManager();
    const wait = manager.wait({
      waiterTs: 2n,
      holderTs: 1n,
      key,
      encodedKey: key,
      timeoutMs: 10_000,
    });
    assert.equal(manager.waiterCount, 1);
    manager.wakeUpKeys([key]);
    await wait;
    assert.equal(manager.waiterCount, 0);
  });

  it('wakes a waiter when the holder finishes', async () => {
    const manager = new LockManager();
    const wait = manager.wait({
      waiterTs: 2n,
      holderTs: 1n,
      key,
      encodedKey: key,
      timeoutMs: 10_000,
    });
    manager.wakeUpHolder(1n);
    await wait;
  });

  it('fails a wait with LOCK_WAIT_TIMEOUT after the timeout', async () => {
    const manager = new LockManager();
    const started = Date.now();
    await assert.rejects(
      manager.wait({ waiterTs: 2n, holderTs: 1n, key, encodedKey: key, timeoutMs: 30 }),
      isCode('LOCK_WAIT_TIMEOUT'),
    );
    assert.ok(Date.now() - started >= 25);
    assert.equal(manager.stats.lockWaitTimeouts, 1);
  });

  it('fails a NOWAIT request at once with KEY_IS_LOCKED', async () => {
    const manager = new LockManager();
    await assert.rejects(
      manager.wait({ waiterTs: 2n, holderTs: 1n, key, encodedKey: key, timeoutMs: 0 }),
      isCode('KEY_IS_LOCKED'),
    );
  });

  it('fails the wait that would close a cycle with DEADLOCK and leaves the other waiting', async () => {
    const manager = new LockManager();
    const first = manager.wait({
      waiterTs: 1n,
      holderTs: 2n,
      key,
      encodedKey: key,
      timeoutMs: 10_000,
    });
    await assert.rejects(
      manager.wait({
        waiterTs: 2n,
        holderTs: 1n,
        key,
        encodedKey: Buffer.from('j'),
        timeoutMs: 10_000,
      }),
      isCode('DEADLOCK'),
    );
    assert.equal(manager.waiterCount, 1);
    manager.wakeUpHolder(2n);
    await first;
  });

  it('leaves deadlocks to the timeout when detection is off', async () => {
    const manager = new LockManager({ deadlockDetection: false });
    const first = manager.wait({ waiterTs: 1n, holderTs: 2n, key, encodedKey: key, timeoutMs: 20 });
    const second = manager.wait({
      waiterTs: 2n,
      holderTs: 1n,
      key,
      encodedKey: key,
      timeoutMs: 20,
    });
    await assert.rejects(first, isCode('LOCK_WAIT_TIMEOUT'));
    await assert.rejects(second, isCode('LOCK_WAIT_TIMEOUT'));
  });
});
