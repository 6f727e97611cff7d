// `strata serve`: reads the configuration (defaults, then --config FILE, then flags), checks
// everything that can be checked before the data dir is touched (ports, files the settings name,
// the data dir's parent), starts the status endpoint and the stack, and runs until SIGTERM or
// SIGINT, which close it gracefully (a second signal exits at once).

import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import { dirname, resolve } from 'node:path';
import { Settings } from '../config/index.js';
import { createServerLog } from '../ops/logging/server-log.js';
import type { LogFormat, LogLevel } from '../ops/logging/server-log.js';
import { Operability } from '../ops/operability.js';
import { ServerStartError } from '../server/index.js';
import { readConfigFile } from './config-file.js';
import { formatConfig } from './print-config.js';
import { applyAssignments, parseServeArguments } from './serve-options.js';
import type { RunningStack } from './serve.js';
import type { Subcommand } from './subcommand.js';
import { EXIT_FAILURE, EXIT_OK } from './usage-error.js';
import { packageVersion } from './version-command.js';

const USAGE = `Usage: strata serve [options]

Starts the MySQL-compatible server on the data dir.

Options:
  --config FILE          read settings from FILE ([mysqld] or [strata] section of a my.cnf-style
                         option file); --defaults-file=FILE is the same
  --host ADDRESS         address to listen on (bind_address; default 127.0.0.1)
  --port N               TCP port (default 3306)
  --datadir DIR          data directory (default ./data; created if its parent exists)
  --status-port N        serve /metrics, /health and POST /backup over HTTP on port N
                         (status_bind_address, default 127.0.0.1; default off)
  --log-format FORMAT    text (default) or json: how the server log is written to stderr
  --log-level LEVEL      error, warn, info (default) or debug
  --slow-query-log       log statements slower than --long-query-time seconds (default 10) to
                         --slow-query-log-file (default: host_name-slow.log in the data dir)
  --print-config         print the effective configuration and exit
  --help                 this text
  --NAME=VALUE           any setting by its MySQL name, dashes or underscores
                         (--max-connections=500, --bind-address=0.0.0.0, --ssl-cert=FILE);
                         a boolean alone is ON, --skip-NAME is OFF

Settings apply in this order: defaults, the config file, flags; dynamic ones change at run time
with SET GLOBAL. docs/operations.md lists every setting.
A non-loopback --host needs root@localhost to have a password.`;

/** Settings that name files the server reads at startup. */
const INPUT_FILE_SETTINGS = [
  'ssl_cert',
  'ssl_key',
  'ssl_ca',
  'caching_sha2_password_private_key_path',
  'caching_sha2_password_public_key_path',
] as const;

/** Fails early, and before the data dir is touched, when the port is taken. */
async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolvePromise, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new ServerStartError(
          error.code === 'EADDRINUSE'
            ? `port ${port} is already in use on ${host}`
            : `cannot listen on ${host}:${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen({ host: host === '*' ? undefined : host, port }, () =>
      probe.close(() => resolvePromise()),
    );
  });
}

async function checkReadable(settings: Settings): Promise<void> {
  for (const name of INPUT_FILE_SETTINGS) {
    const path = settings.getString(name);
    if (path === '') continue;
    await access(path, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
      throw new ServerStartError(`cannot read ${name} '${path}' (${error.code ?? error.message})`);
    });
  }
  const slowLogFile = settings.getString('slow_query_log_file');
  if (slowLogFile !== '') {
    const parent = await stat(dirname(resolve(slowLogFile))).catch(() => null);
    if (parent === null || !parent.isDirectory()) {
      throw new ServerStartError(
        `slow_query_log_file '${slowLogFile}' is in a directory that does not exist`,
      );
    }
  }
}

/** Whether the data dir must be created: it exists as a directory, or its parent does. */
async function checkDataDir(datadir: string): Promise<boolean> {
  const path = resolve(datadir);
  const existing = await stat(path).catch(() => null);
  if (existing !== null) {
    if (!existing.isDirectory())
      throw new ServerStartError(`datadir '${datadir}' is not a directory`);
    return false;
  }
  const parent = await stat(dirname(path)).catch(() => null);
  if (parent === null || !parent.isDirectory()) {
    throw new ServerStartError(
      `datadir '${datadir}' does not exist, nor does its parent directory`,
    );
  }
  return true;
}

async function run(args: readonly string[]): Promise<number> {
  const settings = new Settings();
  const options = parseServeArguments(args, settings);
  if (options.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT_OK;
  }
  const sources: string[] = [];
  if (options.configFile !== null) {
    applyAssignments(settings, await readConfigFile(options.configFile));
    sources.push(options.configFile);
  }
  applyAssignments(settings, options.assignments);
  if (options.assignments.length > 0) sources.push('command-line flags');
  if (options.printConfig) {
    process.stdout.write(formatConfig(settings, sources));
    return EXIT_OK;
  }

  const logger = createServerLog({
    format: settings.getString('log_format') as LogFormat,
    level: settings.getString('log_level') as LogLevel,
  });
  await checkPortFree(settings.getString('bind_address'), settings.getNumber('port'));
  await checkReadable(settings);
  const datadir = settings.getString('datadir');
  const createDataDir = await checkDataDir(datadir);
  const ops = await Operability.start(settings, logger, await packageVersion());
  try {
    if (createDataDir) await mkdir(resolve(datadir));
  } catch (error) {
    await ops.close();
    throw error;
  }

  // Signal handlers go in first: a SIGTERM during startup stops the server as soon as it is up.
  let stack: RunningStack | null = null;
  let stopping = false;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolvePromise) => (finish = resolvePromise));
  const close = (running: RunningStack) =>
    running
      .close()
      .then(() => ops.close())
      .then(
        () => finish(EXIT_OK),
        (error: unknown) => {
          logger.error('shutdown failed', {
            error: error instanceof Error ? error.message : String(error),
          });
          finish(EXIT_FAILURE);
        },
      );
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('second signal: exiting without finishing the shutdown', { signal });
      process.exit(EXIT_FAILURE);
    }
    stopping = true;
    logger.info('shutting down', { signal });
    if (stack !== null) void close(stack);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  const { startStack } = await import('./serve.js');
  try {
    stack = await startStack(settings, logger, ops);
  } catch (error) {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await ops.close();
    throw error;
  }
  if (stopping) void close(stack);
  return finished;
}

export const serveCommand: Subcommand = {
  name: 'serve',
  summary: 'run the MySQL-compatible server',
  usage: USAGE,
  run,
};
