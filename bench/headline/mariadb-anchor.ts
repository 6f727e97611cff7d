// MariaDB 10.11 for side-by-side runs, started and stopped with the anchor scripts that live
// beside the project (../shared/anchors/mariadb/start.sh PORT DIR → PID, stop.sh PID): a fresh
// data dir, lz4 page compression available, flush at every commit, user sbtest/sbtest.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { PROJECT_ROOT } from '../common/paths.js';

const run = promisify(execFile);
/** start.sh waits up to a minute for the server, and may first install the Debian packages. */
const START_TIMEOUT_MS = 10 * 60_000;
const STOP_TIMEOUT_MS = 60_000;

export const DEFAULT_ANCHORS_DIR = path.resolve(PROJECT_ROOT, '..', 'shared', 'anchors');

export interface MariadbAnchor {
  url: string;
  stop(): Promise<void>;
}

/** A port the kernel just handed out on loopback, free at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startMariadb(anchorsDir: string): Promise<MariadbAnchor> {
  const start = path.join(anchorsDir, 'mariadb', 'start.sh');
  const stop = path.join(anchorsDir, 'mariadb', 'stop.sh');
  if (!fs.existsSync(start)) {
    throw new Error(
      `no MariaDB anchor at ${start}: give --anchors DIR, or --mariadb URL of a running server`,
    );
  }
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-headline-mariadb-'));
  const { stdout } = await run('bash', [start, String(port), dir], { timeout: START_TIMEOUT_MS });
  const pid = stdout.trim().split('\n').pop() ?? '';
  if (!/^\d+$/.test(pid)) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`MariaDB did not start: ${stdout.trim()}`);
  }
  return {
    url: `mysql://sbtest:sbtest@127.0.0.1:${port}/sbtest`,
    stop: async () => {
      await run('bash', [stop, pid], { timeout: STOP_TIMEOUT_MS });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
