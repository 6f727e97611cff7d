// `strata inspect sst FILE | wal FILE | manifest DATADIR`: human-readable dumps of the on-disk
// structures (docs/format/), like RocksDB's sst_dump and ldb.

import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { inspectManifest, inspectTable, inspectWal } from '../engine/index.js';
import { expectPositionals, parseCommand } from './command-args.js';
import { dataDirFailure } from './data-dir-failure.js';
import { formatManifestInfo, formatTableInfo, formatWalInfo } from './inspect-format.js';
import type { Subcommand } from './subcommand.js';
import { toJson } from './text-table.js';
import { EXIT_OK, UsageError } from './usage-error.js';

const USAGE = `Usage: strata inspect sst FILE [--entries] [--limit N] [--value-bytes N] [--json]
       strata inspect wal FILE [--operations] [--json]
       strata inspect manifest DATADIR [--json]

Dumps an on-disk structure (docs/format/ describes each byte):
  sst FILE          footer, properties and every block: offset, size, page slot and page number,
                    stored (compressed) and raw lengths, allocated against logical bytes,
                    entries and first key; --entries lists the entries too
  wal FILE          every record: offset, size, sequence and operation count;
                    --operations lists each put and delete
  manifest DATADIR  CURRENT, every MANIFEST edit and the state they add up to: column families,
                    log and file numbers, the live SSTs level by level

Damaged blocks and records are reported with their offsets; 'strata check' verifies a whole
data dir.

Options:
  --entries         (sst) list the entries
  --limit N         (sst) at most N entries (default: all)
  --value-bytes N   (sst) show the first N bytes of each value (default 16)
  --operations      (wal) list each batch's operations
  --json            print the dump as JSON
  --help            this text`;

const DEFAULT_VALUE_BYTES = 16;
const WAL_FILE = /^(\d+)\.wal$/;

function count(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new UsageError(`option '${option}' needs a whole number, not '${text}'`);
  }
  return value;
}

/** Whether file is the newest WAL of its directory (its torn tail is then expected). */
async function isNewestWal(file: string): Promise<boolean> {
  const own = WAL_FILE.exec(basename(file));
  if (own === null) return true;
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  const numbers = names.map((name) => WAL_FILE.exec(name)?.[1]).filter((n) => n !== undefined);
  return numbers.every((number) => Number(number) <= Number(own[1]));
}

export const inspectCommand: Subcommand = {
  name: 'inspect',
  summary: 'dump an SST, a WAL or the MANIFEST in human-readable form',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommand(args, {
      entries: { type: 'boolean' },
      limit: { type: 'string' },
      'value-bytes': { type: 'string' },
      operations: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      process.stdout.write(USAGE + '\n');
      return EXIT_OK;
    }
    const [what] = positionals;
    if (what === undefined) throw new UsageError('missing what to inspect: sst, wal or manifest');
    const print = (info: unknown, text: string) =>
      process.stdout.write(values.json === true ? toJson(info) : text);
    switch (what) {
      case 'sst': {
        const [, file] = expectPositionals(positionals, ['sst', 'FILE']) as [string, string];
        const info = await inspectTable(file, {
          entries: values.entries === true,
          maxEntries: count(values.limit, '--limit', 0),
          valuePrefixBytes: count(values['value-bytes'], '--value-bytes', DEFAULT_VALUE_BYTES),
        }).catch((error: unknown) => Promise.reject(dataDirFailure(file, error)));
        print(info, formatTableInfo(file, info));
        return EXIT_OK;
      }
      case 'wal': {
        const [, file] = expectPositionals(positionals, ['wal', 'FILE']) as [string, string];
        const info = await inspectWal(file, {
          operations: values.operations === true,
          newest: await isNewestWal(file),
        }).catch((error: unknown) => Promise.reject(dataDirFailure(file, error)));
        print(info, formatWalInfo(file, info));
        return EXIT_OK;
      }
      case 'manifest': {
        const [, dir] = expectPositionals(positionals, ['manifest', 'DATADIR']) as [string, string];
        const info = await inspectManifest(dir).catch((error: unknown) =>
          Promise.reject(dataDirFailure(dir, error)),
        );
        print(info, formatManifestInfo(dir, info));
        return EXIT_OK;
      }
      default:
        throw new UsageError(`cannot inspect '${what}': expected sst, wal or manifest`);
    }
  },
};
