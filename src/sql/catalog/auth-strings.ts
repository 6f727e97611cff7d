// The authentication strings accounts store (UserAccount.authString in api.ts):
//   mysql_native_password: '*' + HEX(SHA1(SHA1(password)))
//   caching_sha2_password: '$A$005$' + 20-byte salt + SHA-256 crypt (5000 rounds, 43 characters)
// An empty password stores ''.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const NATIVE_PASSWORD_PLUGIN = 'mysql_native_password';
export const CACHING_SHA2_PLUGIN = 'caching_sha2_password';
export const SUPPORTED_AUTH_PLUGINS = [NATIVE_PASSWORD_PLUGIN, CACHING_SHA2_PLUGIN];

const SHA2_PREFIX = '$A$005$';
const SHA2_SALT_BYTES = 20;
/** '005' in the prefix: thousands of rounds. */
const SHA2_ROUNDS = 5000;
const SHA256_BYTES = 32;
const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DOLLAR = 0x24;
const ASCII_MASK = 0x7f;

function sha1(data: Buffer): Buffer {
  return createHash('sha1').update(data).digest();
}

export function nativePasswordHash(password: string): string {
  if (password === '') return '';
  return (
    '*' +
    sha1(sha1(Buffer.from(password, 'utf8')))
      .toString('hex')
      .toUpperCase()
  );
}

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return hash.digest();
}

function repeatTo(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = source[i % source.length]!;
  return out;
}

/** SHA-256 crypt (Drepper's algorithm), the 43-character encoded digest only. */
export function sha256Crypt(password: Buffer, salt: Buffer, rounds: number): string {
  const b = sha256(password, salt, password);
  const a = createHash('sha256');
  a.update(password);
  a.update(salt);
  let n = password.length;
  for (; n > SHA256_BYTES; n -= SHA256_BYTES) a.update(b);
  a.update(b.subarray(0, n));
  for (let bits = password.length; bits > 0; bits >>= 1) a.update(bits & 1 ? b : password);
  const digestA = a.digest();
  const dp = createHash('sha256');
  for (let i = 0; i < password.length; i++) dp.update(password);
  const p = repeatTo(dp.digest(), password.length);
  const ds = createHash('sha256');
  for (let i = 0; i < 16 + digestA[0]!; i++) ds.update(salt);
  const s = repeatTo(ds.digest(), salt.length);
  let c = digestA;
  for (let i = 0; i < rounds; i++) {
    const h = createHash('sha256');
    h.update(i & 1 ? p : c);
    if (i % 3) h.update(s);
    if (i % 7) h.update(p);
    h.update(i & 1 ? c : p);
    c = h.digest();
  }
  const order = [
    [0, 10, 20],
    [21, 1, 11],
    [12, 22, 2],
    [3, 13, 23],
    [24, 4, 14],
    [15, 25, 5],
    [6, 16, 26],
    [27, 7, 17],
    [18, 28, 8],
    [9, 19, 29],
  ];
  let out = '';
  const emit = (b2: number, b1: number, b0: number, count: number) => {
    let w = (b2 << 16) | (b1 << 8) | b0;
    for (let i = 0; i < count; i++) {
      out += CRYPT_ALPHABET[w & 0x3f];
      w >>>= 6;
    }
  };
  for (const [x, y, z] of order) emit(c[x!]!, c[y!]!, c[z!]!, 4);
  emit(0, c[31]!, c[30]!, 3);
  return out;
}

/** A fresh salt as MySQL makes it: 7-bit characters, never NUL or '$'. */
function sha2Salt(): Buffer {
  const salt = randomBytes(SHA2_SALT_BYTES);
  for (let i = 0; i < salt.length; i++) {
    salt[i] = salt[i]! & ASCII_MASK;
    if (salt[i] === 0 || salt[i] === DOLLAR) salt[i] = salt[i]! + 1;
  }
  return salt;
}

export function cachingSha2Hash(password: string, salt: Buffer = sha2Salt()): string {
  if (password === '') return '';
  return (
    SHA2_PREFIX +
    salt.toString('latin1') +
    sha256Crypt(Buffer.from(password, 'utf8'), salt, SHA2_ROUNDS)
  );
}

export function authStringFor(plugin: string, password: string): string {
  return plugin === CACHING_SHA2_PLUGIN ? cachingSha2Hash(password) : nativePasswordHash(password);
}

/** Checks a cleartext password against a stored authentication string. */
export function verifyPassword(plugin: string, authString: string, password: string): boolean {
  if (authString === '') return password === '';
  let expected: string;
  if (plugin === CACHING_SHA2_PLUGIN) {
    if (!authString.startsWith(SHA2_PREFIX)) return false;
    const salt = Buffer.from(
      authString.slice(SHA2_PREFIX.length, SHA2_PREFIX.length + SHA2_SALT_BYTES),
      'latin1',
    );
    expected = cachingSha2Hash(password, salt);
  } else expected = nativePasswordHash(password);
  const a = Buffer.from(expected);
  const b = Buffer.from(authString);
  return a.length === b.length && timingSafeEqual(a, b);
}
