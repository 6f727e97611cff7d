// Where the project's files are, found from this module (the benchmarks run from dist/).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'stratadb';

function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === PACKAGE_NAME) return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} project root`);
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot();

/** The built `strata` command. */
export const STRATA_CLI = path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'strata.js');

/** The built engine benchmark. */
export const ENGINE_BENCH = path.join(PROJECT_ROOT, 'dist', 'bench', 'engine', 'main.js');

/** A file of an installed npm package. */
export function packageFile(name: string, ...parts: string[]): string {
  return path.join(PROJECT_ROOT, 'node_modules', name, ...parts);
}
