// The admin file: how `strata backup DATADIR DEST` finds the server running on DATADIR. A server
// with a status endpoint writes DATADIR/strata-admin.json (mode 0600) once it is ready:
//
//   {"pid": 4242, "url": "http://127.0.0.1:9104", "token": "<64 hex digits>"}
//
// and removes it when it stops. POST /backup asks for the token, so only someone who can read
// the data dir (the server's user, root) can have the server copy it elsewhere. The engine
// ignores files whose names it does not own.

import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const ADMIN_FILE_NAME = 'strata-admin.json';
/** 256 bits. */
const TOKEN_BYTES = 32;
const OWNER_READ_WRITE = 0o600;

const AdminEndpoint = z
  .object({ pid: z.number().int(), url: z.url(), token: z.string().min(1) })
  .strict();
export type AdminEndpoint = z.infer<typeof AdminEndpoint>;

export function newAdminToken(): string {
  return randomBytes(TOKEN_BYTES).toString('hex');
}

/** Writes the file atomically (a temporary file renamed over it). */
export async function writeAdminFile(datadir: string, endpoint: AdminEndpoint): Promise<void> {
  const path = join(datadir, ADMIN_FILE_NAME);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(endpoint) + '\n', { mode: OWNER_READ_WRITE });
  await rename(temporary, path);
}

/** The endpoint a running server left, or null when there is no (readable, well-formed) file. */
export async function readAdminFile(datadir: string): Promise<AdminEndpoint | null> {
  const text = await readFile(join(datadir, ADMIN_FILE_NAME), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return AdminEndpoint.parse(JSON.parse(text));
  } catch {
    return null;
  }
}

export async function removeAdminFile(datadir: string): Promise<void> {
  await rm(join(datadir, ADMIN_FILE_NAME), { force: true });
}
