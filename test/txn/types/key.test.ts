import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EngineError } from '../../../src/engine/errors.js';
import {
  decodeKey,
  encodeKey,
  encodedKeyLength,
  mvccKey,
  prefixEnd,
  tsOfMvccKey,
} from '../../../src/txn/types/key.js';
import { seededRandom } from '../helpers/random.js';

describe('memcomparable key encoding (docs/format/keys.md)', () => {
  it('matches the examples of the format doc', () => {
    assert.equal(encodeKey(Buffer.from('')).toString('hex'), '0000000000000000f7');
    assert.equal(encodeKey(Buffer.from('abc')).toString('hex'), '616263' + '0000000000' + 'fa');
    assert.equal(
      encodeKey(Buffer.from('12345678')).toString('hex'),
      '3132333435363738ff' + '0000000000000000f7',
    );
  });

  it('has length 9 × (floor(n / 8) + 1)', () => {
    for (let n = 0; n < 40; n++) {
      assert.equal(encodeKey(Buffer.alloc(n, 1)).length, encodedKeyLength(n));
      assert.equal(encodedKeyLength(n), 9 * (Math.floor(n / 8) + 1));
    }
  });

  it('round-trips, preserves order and is prefix-free on random keys', () => {
    const { random, seed } = seededRandom();
    const keys: Buffer[] = [];
    for (let i = 0; i < 500; i++) {
      const key = Buffer.alloc(Math.floor(random() * 20));
      for (let j = 0; j < key.length; j++) key[j] = random() < 0.3 ? 0 : Math.floor(random() * 256);
      keys.push(key);
    }
    for (const key of keys) assert.deepEqual(decodeKey(encodeKey(key)), key, `seed ${seed}`);
    for (let i = 0; i + 1 < keys.length; i++) {
      const [a, b] = [keys[i]!, keys[i + 1]!];
      const [ea, eb] = [encodeKey(a), encodeKey(b)];
      assert.equal(Math.sign(ea.compare(eb)), Math.sign(a.compare(b)), `seed ${seed}`);
      const properPrefix = ea.length < eb.length && eb.subarray(0, ea.length).equals(ea);
      assert.ok(!properPrefix, `enc(a) is a prefix of enc(b) (seed ${seed})`);
    }
  });

  it('rejects a bad marker, non-zero padding and a truncated group as corruption', () => {
    const good = encodeKey(Buffer.from('abc'));
    const badMarker = Buffer.from(good);
    badMarker[8] = 0xf0;
    const badPadding = Buffer.from(good);
    badPadding[5] = 1;
    for (const bad of [badMarker, badPadding, good.subarray(0, 8)]) {
      assert.throws(
        () => decodeKey(bad),
        (e: unknown) => e instanceof EngineError && e.code === 'CORRUPTION',
      );
    }
  });
});

describe('MVCC keys', () => {
  it('sort newer versions of a key first', () => {
    const key = Buffer.from('k');
    assert.ok(mvccKey(key, 10n).compare(mvccKey(key, 9n)) < 0);
    assert.equal(tsOfMvccKey(mvccKey(key, 123456789n)), 123456789n);
  });

  it('keep every version of a key below its prefix end and above the next key', () => {
    const key = Buffer.from('key');
    const end = prefixEnd(encodeKey(key));
    assert.ok(mvccKey(key, 0n).compare(end) < 0);
    assert.ok(mvccKey(Buffer.from('key\x00'), 2n ** 63n).compare(end) >= 0);
  });
});
