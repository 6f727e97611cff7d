import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, publicEncrypt } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  cachingSha2AuthString,
  cachingSha2CacheDigest,
  cachingSha2Response,
  verifyCachingSha2FastPath,
  verifyCachingSha2Password,
} from '../../src/server/auth/caching-sha2-password.js';
import { FastAuthCache } from '../../src/server/auth/fast-auth-cache.js';
import {
  nativePasswordAuthString,
  nativePasswordResponse,
  verifyNativePassword,
} from '../../src/server/auth/native-password.js';
import { decryptPassword, loadRsaKeys } from '../../src/server/auth/rsa-keys.js';
import { generateScramble, xorRotating } from '../../src/server/auth/scramble.js';
import { sha256Crypt } from '../../src/server/auth/sha256-crypt.js';
import { Random, seedFrom } from './fixture/random.js';

const OPENSSL_DEFAULT_ROUNDS = 5000;

describe('SHA-256 crypt', () => {
  it('matches the published test vector', async () => {
    const digest = await sha256Crypt(
      Buffer.from('Hello world!'),
      Buffer.from('saltstring'),
      OPENSSL_DEFAULT_ROUNDS,
    );
    assert.equal(digest, '5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5');
  });

  it('matches openssl passwd -5 for random passwords and salts', async (t) => {
    const seed = seedFrom('CRYPT_SEED');
    t.diagnostic(`CRYPT_SEED=${seed}`);
    const random = new Random(seed);
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./';
    for (let i = 0; i < 8; i++) {
      const password = Array.from({ length: 1 + random.below(70) }, () =>
        random.pick([...alphabet]),
      ).join('');
      const salt = Array.from({ length: 1 + random.below(16) }, () =>
        random.pick([...alphabet]),
      ).join('');
      const expected = execFileSync('openssl', ['passwd', '-5', '-salt', salt, password])
        .toString()
        .trim();
      const digest = await sha256Crypt(
        Buffer.from(password),
        Buffer.from(salt),
        OPENSSL_DEFAULT_ROUNDS,
      );
      assert.equal(`$5$${salt}$${digest}`, expected, `password '${password}', salt '${salt}'`);
    }
  });
});

describe('mysql_native_password', () => {
  it('stores the password as * and the hex of SHA1(SHA1(password))', () => {
    assert.equal(nativePasswordAuthString('password'), '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19');
    assert.equal(nativePasswordAuthString(''), '');
  });

  it('accepts the scramble response of the right password only', () => {
    const scramble = generateScramble();
    const stored = nativePasswordAuthString('secret');
    assert.equal(
      verifyNativePassword(stored, scramble, nativePasswordResponse('secret', scramble)),
      true,
    );
    assert.equal(
      verifyNativePassword(stored, scramble, nativePasswordResponse('Secret', scramble)),
      false,
    );
    assert.equal(
      verifyNativePassword(stored, generateScramble(), nativePasswordResponse('secret', scramble)),
      false,
    );
    assert.equal(verifyNativePassword(stored, scramble, Buffer.alloc(0)), false);
  });

  it('accepts only an empty response for an account without a password', () => {
    const scramble = generateScramble();
    assert.equal(verifyNativePassword('', scramble, Buffer.alloc(0)), true);
    assert.equal(verifyNativePassword('', scramble, nativePasswordResponse('x', scramble)), false);
  });
});

describe('caching_sha2_password', () => {
  it("stores MySQL's $A$005$ format and verifies the cleartext password against it", async () => {
    const stored = await cachingSha2AuthString('pässword');
    assert.match(stored, /^\$A\$005\$.{20}[./0-9A-Za-z]{43}$/s);
    assert.equal(await verifyCachingSha2Password(stored, Buffer.from('pässword')), true);
    assert.equal(await verifyCachingSha2Password(stored, Buffer.from('password')), false);
  });

  it('checks a fast-path response against the cached digest', () => {
    const scramble = generateScramble();
    const digest = cachingSha2CacheDigest(Buffer.from('secret'));
    assert.equal(
      verifyCachingSha2FastPath(digest, scramble, cachingSha2Response('secret', scramble)),
      true,
    );
    assert.equal(
      verifyCachingSha2FastPath(digest, scramble, cachingSha2Response('other', scramble)),
      false,
    );
  });

  it('forgets a cached digest once the account’s password changes', () => {
    const cache = new FastAuthCache();
    const account = {
      user: 'u',
      host: '%',
      plugin: 'caching_sha2_password',
      authString: '$A$005$old',
    };
    cache.remember(account, Buffer.from('digest'));
    assert.ok(cache.get(account));
    assert.equal(cache.get({ ...account, authString: '$A$005$new' }), undefined);
    assert.equal(cache.get(account), undefined);
  });

  it('recovers a password RSA-encrypted the way clients do it', async () => {
    const keys = await loadRsaKeys('', '');
    const scramble = generateScramble();
    const encrypted = publicEncrypt(
      { key: keys.publicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      xorRotating(Buffer.from('long password of more than twenty bytes\0'), scramble),
    );
    assert.equal(
      decryptPassword(keys, encrypted, scramble)?.toString(),
      'long password of more than twenty bytes',
    );
    assert.equal(decryptPassword(keys, Buffer.from('not encrypted'), scramble), null);
  });
});

describe('the scramble', () => {
  it('is 20 bytes without NUL or $', () => {
    for (let i = 0; i < 100; i++) {
      const scramble = generateScramble();
      assert.equal(scramble.length, 20);
      assert.ok(
        !scramble.includes(0) && !scramble.includes(0x24) && scramble.every((byte) => byte < 0x80),
      );
    }
  });
});
