// Debian's chromium for rendering the HTML reports headless. Installed when missing and running
// as root (apt-get), as the other end-to-end tools are; otherwise the test fails with the command.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';

import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

import { makeTempDir } from '../../support/temp-dir.js';

export const CHROMIUM = '/usr/bin/chromium';
const INSTALL_TIMEOUT_MS = 15 * 60_000;

const run = promisify(execFile);

export async function ensureChromium(): Promise<void> {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `the HTML report test needs Debian's chromium: apt-get update && apt-get install -y chromium`,
    );
  }
  await run('apt-get', ['update'], { timeout: INSTALL_TIMEOUT_MS });
  await run('apt-get', ['install', '-y', 'chromium'], {
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`apt-get install chromium did not provide ${CHROMIUM}`);
  }
}

/** A headless Chromium on a fresh profile directory. */
export async function launchChromium(): Promise<BrowserContext> {
  await ensureChromium();
  return chromium.launchPersistentContext(makeTempDir('strata-chromium-'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
