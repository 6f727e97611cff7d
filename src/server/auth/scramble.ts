// The 20-byte nonce of the handshake. Like mysqld, every byte is 7-bit and never NUL or '$', so
// that clients reading it as a NUL-terminated string get all of it.

import { randomBytes } from 'node:crypto';
import { SCRAMBLE_BYTES } from '../constants/protocol.js';

const SEVEN_BITS = 0x7f;
const NUL = 0x00;
const DOLLAR = 0x24;

/** Random printable-safe bytes (also the salt alphabet of caching_sha2_password). */
export function randomSaltBytes(count: number): Buffer {
  const bytes = randomBytes(count);
  for (let i = 0; i < count; i++) {
    let byte = bytes[i]! & SEVEN_BITS;
    if (byte === NUL || byte === DOLLAR) byte++;
    bytes[i] = byte;
  }
  return bytes;
}

export function generateScramble(): Buffer {
  return randomSaltBytes(SCRAMBLE_BYTES);
}

/** a XOR b, with b repeated as often as needed (RSA full auth XORs the password with the nonce). */
export function xorRotating(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i % b.length]!;
  return out;
}
