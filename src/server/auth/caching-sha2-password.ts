// caching_sha2_password. The account stores MySQL's SHA-256 crypt string
// '$A$' + rounds/1000 as 3 hex digits + '$' + 20-byte salt + 43-character digest. A client proves
// its password in one of two ways:
//  - fast path: it answers the nonce with SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce), which
//    the server can check only if it has SHA256(SHA256(pw)) cached from an earlier full login;
//  - full authentication: it sends the password itself, in clear over TLS or RSA-encrypted, and the
//    server checks it against the stored crypt string and caches SHA256(SHA256(pw)).

import { createHash, timingSafeEqual } from 'node:crypto';
import { SHA256_BYTES } from '../constants/auth.js';
import { randomSaltBytes } from './scramble.js';
import { sha256Crypt } from './sha256-crypt.js';

const PREFIX = '$A$';
const ROUNDS_DIGITS = 3;
const ROUNDS_UNIT = 1000;
const HEX_RADIX = 16;
const SALT_BYTES = 20;
const DIGEST_CHARS = 43;
/** mysqld's default caching_sha2_password_digest_rounds. */
export const DEFAULT_DIGEST_ROUNDS = 5000;
const AUTH_STRING_LENGTH = PREFIX.length + ROUNDS_DIGITS + 1 + SALT_BYTES + DIGEST_CHARS;

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

interface ParsedAuthString {
  rounds: number;
  salt: Buffer;
  digest: string;
}

function parseAuthString(authString: string): ParsedAuthString | null {
  if (authString.length !== AUTH_STRING_LENGTH || !authString.startsWith(PREFIX)) return null;
  const roundsEnd = PREFIX.length + ROUNDS_DIGITS;
  if (authString[roundsEnd] !== '$') return null;
  const rounds =
    Number.parseInt(authString.slice(PREFIX.length, roundsEnd), HEX_RADIX) * ROUNDS_UNIT;
  if (!Number.isInteger(rounds) || rounds <= 0) return null;
  const saltStart = roundsEnd + 1;
  const salt = Buffer.from(authString.slice(saltStart, saltStart + SALT_BYTES), 'latin1');
  return { rounds, salt, digest: authString.slice(saltStart + SALT_BYTES) };
}

/** The authentication string stored for a password ('' for an empty password). */
export async function cachingSha2AuthString(
  password: string,
  rounds = DEFAULT_DIGEST_ROUNDS,
  salt: Buffer = randomSaltBytes(SALT_BYTES),
): Promise<string> {
  if (password === '') return '';
  const digest = await sha256Crypt(Buffer.from(password), salt, rounds);
  const roundsText = (rounds / ROUNDS_UNIT)
    .toString(HEX_RADIX)
    .toUpperCase()
    .padStart(ROUNDS_DIGITS, '0');
  return `${PREFIX}${roundsText}$${salt.toString('latin1')}${digest}`;
}

/** Full authentication: whether the cleartext password matches the stored string. */
export async function verifyCachingSha2Password(
  authString: string,
  password: Buffer,
): Promise<boolean> {
  if (authString === '') return password.length === 0;
  const parsed = parseAuthString(authString);
  if (parsed === null) return false;
  const digest = await sha256Crypt(password, parsed.salt, parsed.rounds);
  return timingSafeEqual(Buffer.from(digest), Buffer.from(parsed.digest));
}

/** SHA256(SHA256(password)): what the fast-path cache keeps per account. */
export function cachingSha2CacheDigest(password: Buffer): Buffer {
  return sha256(sha256(password));
}

/** What a client sends on the fast path (empty for an empty password). */
export function cachingSha2Response(password: string, scramble: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const stage1 = sha256(Buffer.from(password));
  const mask = sha256(sha256(stage1), scramble);
  for (let i = 0; i < SHA256_BYTES; i++) mask[i]! ^= stage1[i]!;
  return mask;
}

/** Fast path: whether the response matches the cached SHA256(SHA256(password)). */
export function verifyCachingSha2FastPath(
  cachedDigest: Buffer,
  scramble: Buffer,
  response: Buffer,
): boolean {
  if (response.length !== SHA256_BYTES) return false;
  const candidate = sha256(cachedDigest, scramble);
  for (let i = 0; i < SHA256_BYTES; i++) candidate[i]! ^= response[i]!;
  return timingSafeEqual(sha256(candidate), cachedDigest);
}
