// A transaction (the API's Transaction): reads at start_ts through its own membuffer, buffered
// writes, pessimistic locks taken by lockKeys() at a fresh for_update_ts, and commit through the
// committer. Registered in the store's registry from begin to end, so that other transactions wait
// for its locks instead of resolving them.

import type {
  CommitResult,
  KvCursor,
  KvPair,
  LockOptions,
  ScanOptions,
  Transaction,
  TxnMode,
  WOULD_BLOCK,
} from './api.js';
import { runAcquirePessimisticLock } from './commands/acquire-pessimistic-lock.js';
import { runPessimisticRollback } from './commands/pessimistic-rollback.js';
import { commitMutations } from './committer.js';
import { OPTIMISTIC_LOCK_TTL_MS, PESSIMISTIC_LOCK_TTL_MS, type TxnContext } from './context.js';
import { TxnError, isTxnError } from './errors.js';
import { entriesOf, readAll } from './cursors.js';
import { MemBuffer } from './membuffer.js';
import { MergedCursor } from './merged-cursor.js';
import type { LiveTxn } from './registry.js';
import { SnapshotReader } from './snapshot.js';
import { encodeKey } from './types/key.js';
import { MutationOp, type KeyRef, type Mutation } from './types/mutation.js';
import { MAX_TS, ZERO_TS, maxTs } from './types/timestamp.js';

export class TxnHandle implements Transaction {
  private reader: SnapshotReader | undefined;
  private readonly buffer = new MemBuffer();
  /** Keys holding this transaction's pessimistic locks, by latin1 key. */
  private readonly lockedKeys = new Map<string, KeyRef>();
  private primary: Buffer | undefined;
  private forUpdateTs = ZERO_TS;
  private state: 'active' | 'committing' | 'finished' = 'active';

  constructor(
    private readonly context: TxnContext,
    readonly startTs: bigint,
    readonly mode: TxnMode,
    private readonly lockWaitTimeoutMs: number,
    private readonly live: LiveTxn,
  ) {}

  /** Reads at start_ts, made on first use (write-only transactions never read). */
  private get snapshot(): SnapshotReader {
    this.reader ??= new SnapshotReader(this.context, this.startTs);
    return this.reader;
  }

  get finished(): boolean {
    return this.state === 'finished';
  }

  get mutationCount(): number {
    return this.buffer.size;
  }

  tryGet(key: Buffer): Buffer | undefined | typeof WOULD_BLOCK {
    this.checkActive();
    const buffered = this.buffer.get(key);
    if (buffered !== undefined && buffered.op !== MutationOp.Lock) return buffered.value;
    return this.snapshot.tryGet(key);
  }

  get(key: Buffer): Promise<Buffer | undefined> {
    this.checkActive();
    const buffered = this.buffer.get(key);
    if (buffered !== undefined && buffered.op !== MutationOp.Lock) {
      return Promise.resolve(buffered.value);
    }
    return this.snapshot.get(key);
  }

  async batchGet(keys: Buffer[]): Promise<Array<Buffer | undefined>> {
    this.checkActive();
    const values = await this.snapshot.batchGet(keys);
    for (let i = 0; i < keys.length; i++) {
      const buffered = this.buffer.get(keys[i]!);
      if (buffered !== undefined && buffered.op !== MutationOp.Lock) values[i] = buffered.value;
    }
    return values;
  }

  async scan(start: Buffer, end: Buffer, options: ScanOptions = {}): Promise<KvPair[]> {
    return readAll(this.cursor(start, end, options));
  }

  async *iterate(
    start: Buffer,
    end: Buffer,
    options: ScanOptions = {},
  ): AsyncIterableIterator<KvPair> {
    yield* entriesOf(this.cursor(start, end, options));
  }

  /** The snapshot's entries merged with the membuffer's (buffered writes win). */
  cursor(start: Buffer, end: Buffer, options: ScanOptions = {}): KvCursor {
    this.checkActive();
    const reverse = options.reverse === true;
    const buffered = this.buffer.range(start, end, reverse);
    if (buffered.length === 0) return this.snapshot.cursor(start, end, options);
    return new MergedCursor(
      this.snapshot.cursor(start, end, { reverse, keyOnly: options.keyOnly }),
      buffered,
      reverse,
      options.keyOnly === true,
      options.limit ?? Number.MAX_SAFE_INTEGER,
    );
  }

  put(key: Buffer, value: Buffer): void {
    this.checkActive();
    this.buffer.put(key, value);
  }

  delete(key: Buffer): void {
    this.checkActive();
    this.buffer.delete(key);
  }

  async lockKeys(keys: Buffer[], options: LockOptions = {}): Promise<Array<Buffer | undefined>> {
    this.checkActive();
    if (this.mode === 'optimistic') {
      for (const key of keys) this.buffer.lockOnly(key);
      return this.batchGet(keys);
    }
    const timeoutMs = options.waitTimeoutMs ?? this.lockWaitTimeoutMs;
    const ids = keys.map((key) => key.toString('latin1'));
    // slot[i]: index in toLock of the lock keys[i] takes now, or -1 when it was locked earlier.
    const slot = new Array<number>(keys.length);
    const toLock: KeyRef[] = [];
    const firstOf = keys.length > 1 ? new Map<string, number>() : undefined;
    for (let i = 0; i < keys.length; i++) {
      const id = ids[i]!;
      if (this.lockedKeys.has(id)) {
        slot[i] = -1;
        continue;
      }
      const earlier = firstOf?.get(id);
      if (earlier !== undefined) {
        slot[i] = earlier;
        continue;
      }
      slot[i] = toLock.length;
      firstOf?.set(id, toLock.length);
      const key = keys[i]!;
      toLock.push({ key: Buffer.from(key), encodedKey: encodeKey(key) });
    }
    const latest = toLock.length > 0 ? await this.acquireLocks(toLock, ids, slot, timeoutMs) : [];
    const out: Array<Buffer | undefined> = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const buffered = this.buffer.getById(ids[i]!);
      if (buffered !== undefined && buffered.op !== MutationOp.Lock) out[i] = buffered.value;
      else if (slot[i]! >= 0) out[i] = latest[slot[i]!];
      else {
        // Locked earlier by this transaction: nothing can have committed on it since.
        const ref = this.lockedKeys.get(ids[i]!)!;
        out[i] = await this.context.scheduler.reader.getValue(ref.encodedKey, MAX_TS);
      }
    }
    return out;
  }

  savepoint(): number {
    this.checkActive();
    return this.buffer.savepoint();
  }

  rollbackToSavepoint(savepoint: number): void {
    this.checkActive();
    this.buffer.rollbackTo(savepoint);
  }

  async commit(): Promise<CommitResult> {
    this.checkActive();
    this.state = 'committing';
    try {
      const mutations = this.mutations();
      const pessimistic = this.mode === 'pessimistic';
      if (mutations.every((m) => m.op === MutationOp.Lock && m.pessimisticLocked)) {
        // Nothing written, and the locks kept every locked key unchanged: release them and
        // write nothing (as MySQL commits a transaction that only read FOR UPDATE).
        await this.releasePessimisticLocks();
        return { commitTs: this.startTs, onePhase: true };
      }
      const primary = this.primary ?? mutations[0]!.key;
      return await commitMutations(this.context, {
        props: {
          startTs: this.startTs,
          primary,
          lockTtlMs: pessimistic ? PESSIMISTIC_LOCK_TTL_MS : OPTIMISTIC_LOCK_TTL_MS,
          txnSize: mutations.length,
          forUpdateTs: pessimistic ? maxTs(this.forUpdateTs, this.startTs) : ZERO_TS,
        },
        mutations,
        bytes: this.buffer.bytes,
        live: this.live,
        lockWaitTimeoutMs: this.lockWaitTimeoutMs,
        pessimisticKeys: [...this.lockedKeys.values()],
      });
    } finally {
      this.finish();
    }
  }

  async rollback(): Promise<void> {
    if (this.state === 'finished') return;
    this.state = 'committing';
    try {
      await this.releasePessimisticLocks();
    } finally {
      this.finish();
    }
  }

  private async releasePessimisticLocks(): Promise<void> {
    if (this.lockedKeys.size === 0) return;
    await runPessimisticRollback(
      this.context.scheduler,
      [...this.lockedKeys.values()],
      this.startTs,
      MAX_TS,
    );
  }

  /**
   * Takes pessimistic locks at a fresh for_update_ts, waiting for other owners as needed, and
   * records them under their latin1 ids (ids[i] for the key slot[i] names in toLock).
   */
  private async acquireLocks(
    toLock: KeyRef[],
    ids: readonly string[],
    slot: readonly number[],
    timeoutMs: number,
  ): Promise<Array<Buffer | undefined>> {
    const context = this.context;
    // The first key this transaction locks is its primary, once the lock is taken.
    const primary = this.primary ?? toLock[0]!.key;
    let forUpdateTs = context.tso.tryNext() ?? (await context.tso.next());
    for (;;) {
      try {
        const values = await runAcquirePessimisticLock(
          context.scheduler,
          {
            startTs: this.startTs,
            primary,
            lockTtlMs: PESSIMISTIC_LOCK_TTL_MS,
            forUpdateTs,
          },
          toLock,
          true,
        );
        this.primary = primary;
        for (let i = 0; i < ids.length; i++) {
          if (slot[i]! >= 0) this.lockedKeys.set(ids[i]!, toLock[slot[i]!]!);
        }
        this.forUpdateTs = maxTs(this.forUpdateTs, forUpdateTs);
        return values;
      } catch (error) {
        if (isTxnError(error, 'WRITE_CONFLICT')) {
          // A commit landed after for_update_ts: lock again at a newer one, as TiDB does.
          forUpdateTs = await context.tso.next();
          continue;
        }
        if (!isTxnError(error, 'KEY_IS_LOCKED') || error.details.lock === undefined) throw error;
        const key = error.details.key!;
        const ref = toLock.find((r) => r.key.equals(key))!;
        await context.resolver.resolveForWrite(this.startTs, ref, error.details.lock, timeoutMs);
        context.checkOpen();
      }
    }
  }

  /** The buffered writes plus lock-only mutations for locked keys left unwritten, sorted. */
  private mutations(): Mutation[] {
    const locked = this.lockedKeys;
    const writes = this.buffer.sortedWrites();
    let unwritten: string[] | undefined;
    if (locked.size > 0) {
      for (const id of locked.keys()) {
        if (this.buffer.getById(id) === undefined) (unwritten ??= []).push(id);
      }
      // latin1 strings sort in byte order (see MemBuffer.sortedWrites).
      unwritten?.sort();
    }
    const mutations: Mutation[] = [];
    let next = 0;
    for (const write of writes) {
      if (unwritten !== undefined) {
        while (next < unwritten.length && unwritten[next]! < write.id) {
          mutations.push(lockOnlyMutation(locked.get(unwritten[next++]!)!));
        }
      }
      const lockedRef = locked.size > 0 ? locked.get(write.id) : undefined;
      mutations.push({
        op: write.op,
        key: write.key,
        encodedKey: lockedRef?.encodedKey ?? encodeKey(write.key),
        value: write.value,
        pessimisticLocked: lockedRef !== undefined,
      });
    }
    if (unwritten !== undefined) {
      while (next < unwritten.length)
        mutations.push(lockOnlyMutation(locked.get(unwritten[next++]!)!));
    }
    return mutations;
  }

  private finish(): void {
    if (this.state === 'finished') return;
    this.state = 'finished';
    this.context.registry.unregister(this.live);
    this.context.lockManager.wakeUpHolder(this.startTs);
  }

  private checkActive(): void {
    if (this.state !== 'active') {
      throw new TxnError(
        'ALREADY_FINISHED',
        `transaction ${this.startTs} has already ${this.state === 'finished' ? 'ended' : 'begun to commit'}`,
        { startTs: this.startTs },
      );
    }
    this.context.checkOpen();
  }
}

function lockOnlyMutation(ref: KeyRef): Mutation {
  return { op: MutationOp.Lock, key: ref.key, encodedKey: ref.encodedKey, pessimisticLocked: true };
}
