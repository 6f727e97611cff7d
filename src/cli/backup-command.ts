// `strata backup DATADIR DEST`: a consistent copy of a data dir (Engine.checkpoint, RocksDB's
// Checkpoint). A stopped server's data dir is opened here; a running server's (it holds the
// data dir's lock) is copied by that server, asked through its status endpoint with the token of
// the data dir's admin file (src/ops/backup/admin-file.ts).

import { access, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Engine, EngineError } from '../engine/index.js';
import type { CheckpointResult } from '../engine/index.js';
import { readAdminFile } from '../ops/backup/admin-file.js';
import { expectPositionals, parseCommand } from './command-args.js';
import { dataDirFailure } from './data-dir-failure.js';
import { plural } from './inspect-format.js';
import type { Subcommand } from './subcommand.js';
import { toJson } from './text-table.js';
import { CommandError, EXIT_OK } from './usage-error.js';

const USAGE = `Usage: strata backup DATADIR DEST [--json]

Makes a consistent copy of the data dir in DEST, a directory that must not exist yet (its parent
must): the memtables are flushed, and the SSTs of one version are hard-linked into DEST (copied,
holes kept, when DEST is on another filesystem) with a MANIFEST for exactly that version. The
copy holds every write acknowledged before the backup began; start a server on it
('strata serve --datadir DEST') or check it ('strata check DEST').

With no server running on DATADIR, the data dir is opened here (its WAL replayed, as a server
start does). While a server runs on DATADIR, that server makes the copy: it must run with
--status-port, and this command finds its endpoint and token in DATADIR/strata-admin.json (so
only a user who can read the data dir can ask for a copy). DEST is then a path on the server's
machine.

Options:
  --json    print the result as JSON
  --help    this text`;

const CURRENT_FILE = 'CURRENT';

interface BackupOutcome extends CheckpointResult {
  via: 'offline' | 'server';
}

async function checkPaths(datadir: string, dest: string): Promise<void> {
  if ((await stat(dest).catch(() => null)) !== null) {
    throw new CommandError(`${dest} already exists`);
  }
  const parent = await stat(dirname(dest)).catch(() => null);
  if (parent === null || !parent.isDirectory()) {
    throw new CommandError(`the parent directory of ${dest} does not exist`);
  }
  await access(join(datadir, CURRENT_FILE)).catch(() => {
    throw new CommandError(`${datadir} is not a StrataDB data dir (it has no CURRENT file)`);
  });
}

async function backupOffline(datadir: string, dest: string): Promise<CheckpointResult | null> {
  let engine: Engine;
  try {
    engine = await Engine.open({ path: datadir, createIfMissing: false });
  } catch (error) {
    if (error instanceof EngineError && error.code === 'BUSY') return null;
    throw dataDirFailure(datadir, error);
  }
  try {
    return await engine.checkpoint(dest);
  } catch (error) {
    throw dataDirFailure(dest, error);
  } finally {
    await engine.close();
  }
}

async function backupThroughServer(datadir: string, dest: string): Promise<CheckpointResult> {
  const endpoint = await readAdminFile(datadir);
  if (endpoint === null) {
    throw new CommandError(
      `${datadir} is in use by a running server without a status endpoint: restart it with ` +
        `--status-port to back it up while it runs, or stop it`,
    );
  }
  let response: Response;
  try {
    response = await fetch(`${endpoint.url}/backup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dest }),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new CommandError(
      `cannot reach the server's status endpoint at ${endpoint.url}: ${cause ?? String(error)}`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new CommandError(
      `the server refused the backup: ${String(body.error ?? response.status)}`,
    );
  }
  return {
    sequence: BigInt(String(body.sequence)),
    manifestNumber: Number(body.manifestNumber),
    tableFiles: Number(body.tableFiles),
    linkedFiles: Number(body.linkedFiles),
    tableBytes: Number(body.tableBytes),
  };
}

export const backupCommand: Subcommand = {
  name: 'backup',
  summary: 'copy a data dir consistently, from a running server or a stopped one',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommand(args, {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      process.stdout.write(USAGE + '\n');
      return EXIT_OK;
    }
    const [datadirArg, destArg] = expectPositionals(positionals, ['DATADIR', 'DEST']) as [
      string,
      string,
    ];
    const datadir = resolve(datadirArg);
    const dest = resolve(destArg);
    await checkPaths(datadir, dest);
    const offline = await backupOffline(datadir, dest);
    const outcome: BackupOutcome =
      offline !== null
        ? { ...offline, via: 'offline' }
        : { ...(await backupThroughServer(datadir, dest)), via: 'server' };
    if (values.json === true) {
      process.stdout.write(toJson({ datadir, dest, ...outcome }));
    } else {
      process.stdout.write(
        `backed up ${datadir} to ${dest} ${outcome.via === 'server' ? 'through the running server' : 'offline'}: ` +
          `${plural(outcome.tableFiles, 'SST')} (${outcome.linkedFiles} hard-linked), ` +
          `${outcome.tableBytes} bytes, every write up to sequence ${outcome.sequence}\n`,
      );
    }
    return EXIT_OK;
  },
};
