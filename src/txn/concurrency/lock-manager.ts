// Lock waits (TiKV's waiter manager): a transaction that meets another live transaction's lock
// waits here until that key is released or the holder finishes, up to its lock wait timeout
// (innodb_lock_wait_timeout, MySQL error 1205), and never when waiting would close a cycle in the
// wait-for graph (MySQL error 1213). A woken waiter retries its action; it may wait again.
//
// Thread safety: single JavaScript thread.

import { TxnError, describeKey } from '../errors.js';
import { DeadlockDetector } from './deadlock-detector.js';

export interface WaitRequest {
  /** Start timestamp of the waiting transaction. */
  waiterTs: bigint;
  /** Start timestamp of the transaction holding the lock. */
  holderTs: bigint;
  /** Raw user key, for errors. */
  key: Buffer;
  /** enc(key): releases of this key wake the waiter. */
  encodedKey: Buffer;
  /** How long to wait; 0 fails at once (NOWAIT). */
  timeoutMs: number;
}

interface Waiter {
  readonly request: WaitRequest;
  readonly wakeKey: string;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
  done: boolean;
}

export interface LockManagerOptions {
  /** innodb_deadlock_detect: OFF leaves deadlocks to the lock wait timeout. */
  deadlockDetection?: boolean;
}

export class LockManager {
  private readonly detector = new DeadlockDetector();
  private readonly byKey = new Map<string, Waiter[]>();
  private readonly byHolder = new Map<bigint, Set<Waiter>>();
  deadlockDetection: boolean;
  private deadlocks = 0;
  private timeouts = 0;

  constructor(options: LockManagerOptions = {}) {
    this.deadlockDetection = options.deadlockDetection ?? true;
  }

  /**
   * Waits until enc(key) is released or the holder finishes. Rejects with DEADLOCK when the wait
   * would close a cycle, LOCK_WAIT_TIMEOUT after timeoutMs, KEY_IS_LOCKED when timeoutMs is 0.
   */
  wait(request: WaitRequest): Promise<void> {
    const { waiterTs, holderTs, key } = request;
    if (request.timeoutMs <= 0) {
      return Promise.reject(
        new TxnError('KEY_IS_LOCKED', `key ${describeKey(key)} is locked (NOWAIT)`, {
          key,
          startTs: waiterTs,
          conflictStartTs: holderTs,
        }),
      );
    }
    if (this.deadlockDetection) {
      const cycle = this.detector.tryAddEdge(waiterTs, holderTs);
      if (cycle !== undefined) {
        this.deadlocks++;
        return Promise.reject(
          new TxnError(
            'DEADLOCK',
            `Deadlock found when trying to get lock on key ${describeKey(key)}; try restarting transaction`,
            { key, startTs: waiterTs, conflictStartTs: holderTs, deadlockCycle: cycle },
          ),
        );
      }
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        request,
        wakeKey: request.encodedKey.toString('latin1'),
        resolve,
        reject,
        timer: undefined,
        done: false,
      };
      waiter.timer = setTimeout(() => {
        this.timeouts++;
        this.finish(
          waiter,
          new TxnError(
            'LOCK_WAIT_TIMEOUT',
            `Lock wait timeout exceeded on key ${describeKey(key)}; try restarting transaction`,
            { key, startTs: waiterTs, conflictStartTs: holderTs },
          ),
        );
      }, request.timeoutMs);
      const queue = this.byKey.get(waiter.wakeKey);
      if (queue === undefined) this.byKey.set(waiter.wakeKey, [waiter]);
      else queue.push(waiter);
      let holderWaiters = this.byHolder.get(holderTs);
      if (holderWaiters === undefined) {
        holderWaiters = new Set();
        this.byHolder.set(holderTs, holderWaiters);
      }
      holderWaiters.add(waiter);
    });
  }

  /** Wakes the waiters of released keys (encoded). */
  wakeUpKeys(encodedKeys: Iterable<Buffer>): void {
    if (this.byKey.size === 0) return;
    for (const encodedKey of encodedKeys) {
      const queue = this.byKey.get(encodedKey.toString('latin1'));
      if (queue === undefined) continue;
      for (const waiter of [...queue]) this.finish(waiter, undefined);
    }
  }

  /** Wakes everyone waiting on a transaction that finished (committed or rolled back). */
  wakeUpHolder(holderTs: bigint): void {
    const waiters = this.byHolder.get(holderTs);
    if (waiters === undefined) return;
    for (const waiter of [...waiters]) this.finish(waiter, undefined);
  }

  get waiterCount(): number {
    let count = 0;
    for (const queue of this.byKey.values()) count += queue.length;
    return count;
  }

  get stats(): { deadlocks: number; lockWaitTimeouts: number; waiters: number } {
    return {
      deadlocks: this.deadlocks,
      lockWaitTimeouts: this.timeouts,
      waiters: this.waiterCount,
    };
  }

  /** Rejects every waiter (store closing). */
  cancelAll(error: Error): void {
    for (const queue of [...this.byKey.values()]) {
      for (const waiter of [...queue]) this.finish(waiter, error);
    }
  }

  private finish(waiter: Waiter, error: Error | undefined): void {
    if (waiter.done) return;
    waiter.done = true;
    clearTimeout(waiter.timer);
    const { waiterTs, holderTs } = waiter.request;
    this.detector.removeEdge(waiterTs, holderTs);
    const queue = this.byKey.get(waiter.wakeKey);
    if (queue !== undefined) {
      const index = queue.indexOf(waiter);
      if (index >= 0) queue.splice(index, 1);
      if (queue.length === 0) this.byKey.delete(waiter.wakeKey);
    }
    const holderWaiters = this.byHolder.get(holderTs);
    if (holderWaiters !== undefined) {
      holderWaiters.delete(waiter);
      if (holderWaiters.size === 0) this.byHolder.delete(holderTs);
    }
    if (error === undefined) waiter.resolve();
    else waiter.reject(error);
  }
}
