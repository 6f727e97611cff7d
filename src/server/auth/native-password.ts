// mysql_native_password. The account stores '*' + HEX(SHA1(SHA1(password))); the client answers
// the nonce with SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password))). The server recovers
// SHA1(password) from that and checks that its SHA1 is the stored hash.

import { createHash, timingSafeEqual } from 'node:crypto';
import { SHA1_BYTES } from '../constants/auth.js';

const HASH_PREFIX = '*';
const HEX_HASH_LENGTH = SHA1_BYTES * 2;

function sha1(...parts: Buffer[]): Buffer {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** The authentication string stored for a password ('' for an empty password). */
export function nativePasswordAuthString(password: string): string {
  if (password === '') return '';
  return (
    HASH_PREFIX +
    sha1(sha1(Buffer.from(password)))
      .toString('hex')
      .toUpperCase()
  );
}

/** What a client sends for a password and nonce (empty for an empty password). */
export function nativePasswordResponse(password: string, scramble: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const stage1 = sha1(Buffer.from(password));
  const stage2 = sha1(stage1);
  const mask = sha1(scramble, stage2);
  for (let i = 0; i < SHA1_BYTES; i++) mask[i]! ^= stage1[i]!;
  return mask;
}

/** Whether the client's response proves knowledge of the password behind authString. */
export function verifyNativePassword(
  authString: string,
  scramble: Buffer,
  response: Buffer,
): boolean {
  if (authString === '') return response.length === 0;
  if (response.length !== SHA1_BYTES) return false;
  if (authString.length !== HASH_PREFIX.length + HEX_HASH_LENGTH || authString[0] !== HASH_PREFIX) {
    return false;
  }
  const stage2 = Buffer.from(authString.slice(HASH_PREFIX.length), 'hex');
  if (stage2.length !== SHA1_BYTES) return false;
  const candidateStage1 = sha1(scramble, stage2);
  for (let i = 0; i < SHA1_BYTES; i++) candidateStage1[i]! ^= response[i]!;
  return timingSafeEqual(sha1(candidateStage1), stage2);
}
