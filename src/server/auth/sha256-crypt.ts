// SHA-256 crypt (Ulrich Drepper's "Unix crypt using SHA-256", the '$5$' scheme), which
// caching_sha2_password uses to store passwords. MySQL's variant accepts a 20-byte salt where
// the original stops at 16. The rounds run in slices so that a full authentication never holds
// the event loop for long (5,000 rounds take ~10 ms in one go).

import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

const DIGEST_BYTES = 32;
const ROUNDS_PER_SLICE = 1000;
const SALT_REPEAT_BASE = 16;
const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Byte triples of the final digest in the order the scheme encodes them, 4 characters each. */
const ENCODING_ORDER: ReadonlyArray<readonly [number, number, number]> = [
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
const BASE64_BITS = 6;
const BASE64_MASK = 0x3f;

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** `length` bytes of `block` repeated. */
function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i += block.length)
    block.copy(out, i, 0, Math.min(block.length, length - i));
  return out;
}

function encode24(out: string[], b2: number, b1: number, b0: number, chars: number): void {
  let word = (b2 << 16) | (b1 << 8) | b0;
  for (let i = 0; i < chars; i++) {
    out.push(CRYPT_ALPHABET[word & BASE64_MASK]!);
    word >>>= BASE64_BITS;
  }
}

/** The 43-character digest of password with salt after `rounds` rounds. */
export async function sha256Crypt(password: Buffer, salt: Buffer, rounds: number): Promise<string> {
  const alternate = sha256(password, salt, password);
  const initial = createHash('sha256').update(password).update(salt);
  initial.update(repeatTo(alternate, password.length));
  for (let length = password.length; length > 0; length >>>= 1) {
    initial.update(length & 1 ? alternate : password);
  }
  let digest = initial.digest();

  const passwordBytes = repeatTo(
    sha256(repeatTo(password, password.length * password.length)),
    password.length,
  );
  const saltBytes = repeatTo(
    sha256(repeatTo(salt, salt.length * (SALT_REPEAT_BASE + digest[0]!))),
    salt.length,
  );

  for (let round = 0; round < rounds; round++) {
    if (round > 0 && round % ROUNDS_PER_SLICE === 0) await yieldToEventLoop();
    const hash = createHash('sha256');
    hash.update(round & 1 ? passwordBytes : digest);
    if (round % 3 !== 0) hash.update(saltBytes);
    if (round % 7 !== 0) hash.update(passwordBytes);
    hash.update(round & 1 ? digest : passwordBytes);
    digest = hash.digest();
  }

  const out: string[] = [];
  for (const [a, b, c] of ENCODING_ORDER) encode24(out, digest[a]!, digest[b]!, digest[c]!, 4);
  encode24(out, 0, digest[DIGEST_BYTES - 1]!, digest[DIGEST_BYTES - 2]!, 3);
  return out.join('');
}
