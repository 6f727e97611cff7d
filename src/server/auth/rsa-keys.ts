// The RSA key pair caching_sha2_password uses to receive passwords over unencrypted connections:
// read from the configured PEM files, or generated when the server starts (2048 bits, as
// mysqld's auto-generated keys). The client encrypts password + NUL, XORed with the nonce, with
// RSA-OAEP (SHA-1).

import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  privateDecrypt,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { xorRotating } from './scramble.js';

const GENERATED_KEY_BITS = 2048;

export interface RsaKeys {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo PEM, sent to clients that ask for it. */
  publicKeyPem: Buffer;
}

const generate = promisify(generateKeyPair);

export async function loadRsaKeys(privateKeyPath: string, publicKeyPath: string): Promise<RsaKeys> {
  if (privateKeyPath !== '') {
    const privateKey = createPrivateKey(await readFile(privateKeyPath));
    const publicKey =
      publicKeyPath !== ''
        ? createPublicKey(await readFile(publicKeyPath))
        : createPublicKey(privateKey);
    return {
      privateKey,
      publicKeyPem: Buffer.from(publicKey.export({ type: 'spki', format: 'pem' })),
    };
  }
  const { privateKey, publicKey } = await generate('rsa', { modulusLength: GENERATED_KEY_BITS });
  return {
    privateKey,
    publicKeyPem: Buffer.from(publicKey.export({ type: 'spki', format: 'pem' })),
  };
}

/** The cleartext password from an RSA-encrypted full-authentication reply, or null if undecodable. */
export function decryptPassword(keys: RsaKeys, encrypted: Buffer, scramble: Buffer): Buffer | null {
  let plain: Buffer;
  try {
    plain = privateDecrypt(
      { key: keys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      encrypted,
    );
  } catch {
    return null;
  }
  const password = xorRotating(plain, scramble);
  const nul = password.indexOf(0);
  return nul < 0 ? password : password.subarray(0, nul);
}
