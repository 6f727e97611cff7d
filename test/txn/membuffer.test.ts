import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { MemBuffer } from '../../src/txn/membuffer.js';
import { MutationOp } from '../../src/txn/types/mutation.js';

const b = (text: string) => Buffer.from(text);

describe('membuffer', () => {
  it('returns the latest write of a key', () => {
    const buffer = new MemBuffer();
    buffer.put(b('k'), b('1'));
    buffer.put(b('k'), b('2'));
    assert.equal(buffer.get(b('k'))?.value?.toString(), '2');
    buffer.delete(b('k'));
    assert.equal(buffer.get(b('k'))?.op, MutationOp.Delete);
    assert.equal(buffer.size, 1);
  });

  it('keeps its own copies of keys and values', () => {
    const buffer = new MemBuffer();
    const key = b('k');
    const value = b('v');
    buffer.put(key, value);
    value[0] = 0x78;
    key[0] = 0x78;
    assert.equal(buffer.get(b('k'))?.value?.toString(), 'v');
  });

  it('does not turn a written key into a lock-only one', () => {
    const buffer = new MemBuffer();
    buffer.put(b('k'), b('v'));
    buffer.lockOnly(b('k'));
    buffer.lockOnly(b('j'));
    assert.equal(buffer.get(b('k'))?.op, MutationOp.Put);
    assert.equal(buffer.get(b('j'))?.op, MutationOp.Lock);
  });

  it('undoes the writes made after a savepoint', () => {
    const buffer = new MemBuffer();
    buffer.put(b('a'), b('1'));
    const savepoint = buffer.savepoint();
    buffer.put(b('a'), b('2'));
    buffer.put(b('b'), b('3'));
    buffer.delete(b('c'));
    buffer.rollbackTo(savepoint);
    assert.equal(buffer.get(b('a'))?.value?.toString(), '1');
    assert.equal(buffer.get(b('b')), undefined);
    assert.equal(buffer.get(b('c')), undefined);
    assert.equal(buffer.bytes, 2);
  });

  it('lists a range in key order and reversed', () => {
    const buffer = new MemBuffer();
    for (const key of ['d', 'a', 'c', 'b', 'e']) buffer.put(b(key), b(key));
    const keys = (reverse: boolean, end = 'e') =>
      buffer
        .range(b('b'), b(end), reverse)
        .map((w) => w.key.toString())
        .join('');
    assert.equal(keys(false), 'bcd');
    assert.equal(keys(true), 'dcb');
    assert.equal(keys(false, ''), 'bcde');
  });
});
