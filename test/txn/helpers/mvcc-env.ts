// An in-memory engine with the transaction layer's command machinery around it, for the action
// tests: each test opens one and drives actions through the scheduler, as commands do.

import { Engine } from '../../../src/engine/index.js';
import { Scheduler, type CommandContext } from '../../../src/txn/commands/scheduler.js';
import { Latches } from '../../../src/txn/concurrency/latches.js';
import { LockManager } from '../../../src/txn/concurrency/lock-manager.js';
import { PessimisticLockTable } from '../../../src/txn/concurrency/pessimistic-locks.js';
import { LockPresence } from '../../../src/txn/mvcc/lock-presence.js';
import { MvccStorage } from '../../../src/txn/mvcc/storage.js';
import { encodeKey } from '../../../src/txn/types/key.js';
import type { KeyRef } from '../../../src/txn/types/mutation.js';

/** Room for every pessimistic lock a test takes, unless it tests spilling. */
const TEST_MEMORY_LOCK_BYTES = 1 << 20;

export interface MvccEnv {
  engine: Engine;
  storage: MvccStorage;
  scheduler: Scheduler;
  memoryLocks: PessimisticLockTable;
  close(): Promise<void>;
}

export async function openMvccEnv(memoryLockBytes = TEST_MEMORY_LOCK_BYTES): Promise<MvccEnv> {
  const engine = await Engine.open({ inMemory: true });
  const storage = new MvccStorage(engine);
  const memoryLocks = new PessimisticLockTable(memoryLockBytes);
  const scheduler = new Scheduler(
    storage,
    memoryLocks,
    new Latches(),
    new LockManager(),
    new LockPresence(),
  );
  return { engine, storage, scheduler, memoryLocks, close: () => engine.close() };
}

/** Runs one command over keys (raw strings or buffers). */
export function runOn<T>(
  env: MvccEnv,
  keys: Array<string | Buffer>,
  body: (context: CommandContext) => T | Promise<T>,
): Promise<T> {
  return env.scheduler.run(
    keys.map((key) => encodeKey(toKey(key))),
    body,
  );
}

export function toKey(key: string | Buffer): Buffer {
  return typeof key === 'string' ? Buffer.from(key) : key;
}

export function ref(key: string | Buffer): KeyRef {
  const raw = toKey(key);
  return { key: raw, encodedKey: encodeKey(raw) };
}
