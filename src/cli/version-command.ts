// `strata version`: the package version and the Node.js it runs on.

import { readFile } from 'node:fs/promises';
import type { Subcommand } from './subcommand.js';
import { EXIT_OK, UsageError } from './usage-error.js';

/** package.json, from dist/src/cli/ or src/cli/ alike. */
const PACKAGE_JSON_CANDIDATES = ['../../../package.json', '../../package.json'];

export async function packageVersion(): Promise<string> {
  for (const candidate of PACKAGE_JSON_CANDIDATES) {
    const text = await readFile(new URL(candidate, import.meta.url), 'utf8').catch(() => null);
    if (text !== null) return (JSON.parse(text) as { version: string }).version;
  }
  return 'unknown';
}

const USAGE = 'Usage: strata version\n\nPrints the StrataDB version.';

export const versionCommand: Subcommand = {
  name: 'version',
  summary: 'print the version',
  usage: USAGE,
  async run(args) {
    if (args.includes('--help')) {
      process.stdout.write(USAGE + '\n');
      return EXIT_OK;
    }
    if (args.length > 0) throw new UsageError(`unexpected argument '${args[0]}'`);
    process.stdout.write(`strata ${await packageVersion()} (node ${process.version})\n`);
    return EXIT_OK;
  },
};
