import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EngineError } from '../../../src/engine/errors.js';
import {
  decodeLock,
  encodeLock,
  lockStartTsOf,
  LockType,
  type Lock,
} from '../../../src/txn/types/lock.js';
import { decodeWrite, encodeWrite, shortValueOf, WriteType } from '../../../src/txn/types/write.js';

const START_TS = 0x0001_9a2b_3c4d_0005n;

function isCorruption(error: unknown): boolean {
  return error instanceof EngineError && error.code === 'CORRUPTION';
}

describe('write record (docs/format/mvcc.md)', () => {
  it('matches the examples of the format doc', () => {
    const put = encodeWrite({
      type: WriteType.Put,
      startTs: START_TS,
      shortValue: Buffer.from('hi'),
    });
    assert.equal(put.toString('hex'), '5000019a2b3c4d0005' + '76026869');
    assert.equal(
      encodeWrite({ type: WriteType.Delete, startTs: START_TS }).toString('hex'),
      '4400019a2b3c4d0005',
    );
    assert.equal(
      encodeWrite({ type: WriteType.Rollback, startTs: START_TS, isProtected: true }).toString(
        'hex',
      ),
      '5200019a2b3c4d0005' + '70',
    );
  });

  it('round-trips every field', () => {
    const write = {
      type: WriteType.Put,
      startTs: START_TS,
      shortValue: Buffer.alloc(255, 7),
      hasOverlappedRollback: true,
    };
    const decoded = decodeWrite(encodeWrite(write));
    assert.deepEqual({ ...decoded, shortValue: Buffer.from(decoded.shortValue!) }, write);
    assert.deepEqual(shortValueOf(encodeWrite(write)), write.shortValue);
  });

  it('stops at a tag of a later version', () => {
    const bytes = Buffer.concat([
      encodeWrite({ type: WriteType.Delete, startTs: 9n }),
      Buffer.from('Zzz'),
    ]);
    assert.deepEqual(decodeWrite(bytes), { type: WriteType.Delete, startTs: 9n });
  });

  it('rejects an unknown type, a missing start_ts and a truncated short value', () => {
    const put = encodeWrite({ type: WriteType.Put, startTs: 9n, shortValue: Buffer.from('abc') });
    assert.throws(() => decodeWrite(Buffer.from('X00000000000000000', 'hex')), isCorruption);
    assert.throws(() => decodeWrite(put.subarray(0, 5)), isCorruption);
    assert.throws(() => decodeWrite(put.subarray(0, put.length - 1)), isCorruption);
    assert.throws(() => shortValueOf(put.subarray(0, put.length - 1)), isCorruption);
  });

  it('refuses a short value over 255 bytes', () => {
    assert.throws(
      () => encodeWrite({ type: WriteType.Put, startTs: 1n, shortValue: Buffer.alloc(256) }),
      RangeError,
    );
  });
});

describe('lock record (docs/format/mvcc.md)', () => {
  const full: Lock = {
    type: LockType.Put,
    primary: Buffer.from('primary-key'),
    startTs: START_TS,
    ttlMs: 20_000,
    shortValue: Buffer.from('value'),
    forUpdateTs: START_TS + 5n,
    txnSize: 300,
    minCommitTs: START_TS + 7n,
  };

  it('round-trips every field', () => {
    const decoded = decodeLock(encodeLock(full));
    assert.deepEqual(
      {
        ...decoded,
        primary: Buffer.from(decoded.primary),
        shortValue: Buffer.from(decoded.shortValue!),
      },
      full,
    );
  });

  it('encodes a minimal lock as type, primary, start_ts and ttl', () => {
    const lock: Lock = {
      type: LockType.Pessimistic,
      primary: Buffer.from('p'),
      startTs: START_TS,
      ttlMs: 300,
      forUpdateTs: 0n,
      txnSize: 0,
      minCommitTs: 0n,
    };
    // 'S', varint 1, 'p', start_ts, varint 300 = ac 02
    assert.equal(
      encodeLock(lock).toString('hex'),
      '53' + '01' + '70' + '00019a2b3c4d0005' + 'ac02',
    );
  });

  it('exposes start_ts without decoding the rest', () => {
    assert.equal(lockStartTsOf(encodeLock(full)), START_TS);
  });

  it('rejects an unknown type and truncated records', () => {
    const bytes = encodeLock(full);
    assert.throws(
      () => decodeLock(Buffer.concat([Buffer.from('X'), bytes.subarray(1)])),
      isCorruption,
    );
    for (const cut of [3, 15, bytes.length - 1]) {
      assert.throws(() => decodeLock(bytes.subarray(0, cut)), isCorruption, `cut at ${cut}`);
    }
    assert.throws(() => lockStartTsOf(bytes.subarray(0, 10)), isCorruption);
  });
});
