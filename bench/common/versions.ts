// The versions a report records beside its figures: StrataDB's, Node's, and the libraries that
// shape the measurement (the MySQL client, the histogram, the chart).

import fs from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT, packageFile } from './paths.js';

const MEASURING_PACKAGES = ['mysql2', 'hdr-histogram-js', 'uplot'];

function packageVersion(manifest: string): string {
  try {
    const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: string };
    return version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

export function stratadbVersion(): string {
  return packageVersion(path.join(PROJECT_ROOT, 'package.json'));
}

export function versions(): Record<string, string> {
  const out: Record<string, string> = { stratadb: stratadbVersion(), node: process.version };
  for (const name of MEASURING_PACKAGES) {
    out[name] = packageVersion(packageFile(name, 'package.json'));
  }
  return out;
}
