import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TimestampOracle, type TsoLimitStore } from '../../../src/txn/tso/oracle.js';
import {
  MAX_LOGICAL,
  composeTs,
  logicalOf,
  physicalMsOf,
} from '../../../src/txn/types/timestamp.js';

/** A limit store in memory that counts saves and can hold them back. */
class MemoryLimits implements TsoLimitStore {
  limit: bigint | undefined;
  saves = 0;
  private held: Array<() => void> | undefined;

  async load(): Promise<bigint | undefined> {
    return this.limit;
  }

  async save(limit: bigint): Promise<void> {
    if (this.held !== undefined) await new Promise<void>((resolve) => this.held!.push(resolve));
    this.limit = limit;
    this.saves++;
  }

  hold(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const resolve of held) resolve();
  }
}

function fixedClock(startMs: number) {
  const clock = { now: startMs, read: () => clock.now };
  return clock;
}

describe('timestamp oracle', () => {
  it('composes physical milliseconds and a logical counter', async () => {
    const clock = fixedClock(1_700_000_000_000);
    const tso = await TimestampOracle.open(new MemoryLimits(), { clock: clock.read });
    const first = tso.tryNext()!;
    assert.equal(physicalMsOf(first), clock.now);
    assert.equal(logicalOf(first), 0);
    assert.equal(tso.tryNext(), first + 1n);
    clock.now += 5;
    assert.equal(tso.tryNext(), composeTs(clock.now, 0));
  });

  it('stays strictly increasing when the clock goes back', async () => {
    const clock = fixedClock(1_700_000_000_000);
    const tso = await TimestampOracle.open(new MemoryLimits(), { clock: clock.read });
    const before = tso.tryNext()!;
    clock.now -= 1000;
    assert.ok(tso.tryNext()! > before);
  });

  it('borrows the next millisecond when the logical counter runs out', async () => {
    const clock = fixedClock(1_700_000_000_000);
    const tso = await TimestampOracle.open(new MemoryLimits(), { clock: clock.read });
    let last = 0n;
    for (let i = 0; i <= MAX_LOGICAL + 1; i++) last = tso.tryNext()!;
    assert.equal(last, composeTs(clock.now + 1, 0));
  });

  it('starts above the persisted limit after a restart, even with the clock behind it', async () => {
    const limits = new MemoryLimits();
    const clock = fixedClock(1_700_000_000_000);
    const first = await TimestampOracle.open(limits, { clock: clock.read, windowMs: 3000 });
    const issued = first.tryNext()!;
    clock.now -= 60_000;
    const second = await TimestampOracle.open(limits, { clock: clock.read, windowMs: 3000 });
    const next = second.tryNext()!;
    assert.ok(next > issued);
    assert.ok(next >= composeTs(physicalMsOf(issued) + 3000, 0), 'above the persisted window');
  });

  it('persists one window per many timestamps and renews it in the background', async () => {
    const limits = new MemoryLimits();
    const clock = fixedClock(1_700_000_000_000);
    const tso = await TimestampOracle.open(limits, { clock: clock.read, windowMs: 1000 });
    assert.equal(limits.saves, 1);
    for (let i = 0; i < 10_000; i++) tso.tryNext();
    assert.equal(limits.saves, 1);
    clock.now += 600; // past half the window: a renewal starts, timestamps keep coming
    assert.notEqual(tso.tryNext(), undefined);
    await tso.ready();
    assert.equal(limits.saves, 2);
  });

  it('makes callers wait while the window is used up and the renewal is not durable yet', async () => {
    const limits = new MemoryLimits();
    const clock = fixedClock(1_700_000_000_000);
    const tso = await TimestampOracle.open(limits, { clock: clock.read, windowMs: 1000 });
    limits.hold();
    clock.now += 1000;
    assert.equal(tso.tryNext(), undefined);
    const waiting = tso.next();
    let resolved = false;
    void waiting.then(() => (resolved = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(resolved, false);
    limits.release();
    const ts = await waiting;
    assert.ok(ts < limits.limit!, 'handed out only below the persisted limit');
  });
});
