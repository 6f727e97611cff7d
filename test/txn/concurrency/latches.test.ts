import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Latches } from '../../../src/txn/concurrency/latches.js';

const key = (text: string) => Buffer.from(text);

describe('latches', () => {
  it('are taken synchronously when free', () => {
    const latches = new Latches(16);
    const slots = latches.slotsOf([key('a'), key('b')]);
    assert.equal(latches.acquire(slots), undefined);
    assert.ok(slots.every((slot) => latches.isHeld(slot)));
    latches.release(slots);
    assert.ok(slots.every((slot) => !latches.isHeld(slot)));
  });

  it('serialize commands on the same key in arrival order', async () => {
    const latches = new Latches(16);
    const slots = latches.slotsOf([key('k')]);
    const order: number[] = [];
    assert.equal(latches.acquire(slots), undefined);
    const second = latches.acquire(slots)!.then(() => order.push(2));
    const third = latches.acquire(slots)!.then(() => order.push(3));
    order.push(1);
    latches.release(slots);
    await second;
    latches.release(slots);
    await third;
    latches.release(slots);
    assert.deepEqual(order, [1, 2, 3]);
    assert.ok(!latches.isHeld(slots[0]!));
  });

  it('never deadlock when commands take overlapping keys in different orders', async () => {
    const latches = new Latches(1024);
    const first = latches.slotsOf([key('a'), key('b')]);
    const second = latches.slotsOf([key('b'), key('a')]);
    assert.deepEqual(first, second, 'slots are sorted whatever the key order');
    assert.equal(latches.acquire(first), undefined);
    const waiting = latches.acquire(second)!;
    latches.release(first);
    await waiting;
    latches.release(second);
  });

  it('deduplicate slots of keys that hash together', () => {
    const latches = new Latches(1);
    assert.deepEqual(latches.slotsOf([key('a'), key('b'), key('c')]), [0]);
  });
});
