// `strata serve`: reads the configuration (defaults, then --config FILE, then flags), checks
// what can be checked before touching the data dir, starts the stack and runs until SIGTERM or
// SIGINT, which close it gracefully (a second signal exits at once).

import { mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import { dirname, resolve } from 'node:path';
import { Settings } from '../config/index.js';
import { ServerStartError, stderrLogger } from '../server/index.js';
import { readConfigFile } from './config-file.js';
import { formatConfig } from './print-config.js';
import { applyAssignments, parseServeArguments } from './serve-options.js';
import type { RunningStack } from './serve.js';
import type { Subcommand } from './subcommand.js';
import { EXIT_FAILURE, EXIT_OK } from './usage-error.js';

const USAGE = `Usage: strata serve [options]

Starts the MySQL-compatible server on the data dir.

Options:
  --config FILE          read settings from FILE ([mysqld] or [strata] section of a my.cnf-style
                         option file); --defaults-file=FILE is the same
  --host ADDRESS         address to listen on (bind_address; default 127.0.0.1)
  --port N               TCP port (default 3306)
  --datadir DIR          data directory (default ./data; created if its parent exists)
  --print-config         print the effective configuration and exit
  --help                 this text
  --NAME=VALUE           any setting by its MySQL name, dashes or underscores
                         (--max-connections=500, --bind-address=0.0.0.0, --ssl-cert=FILE);
                         a boolean alone is ON, --skip-NAME is OFF

Settings apply in this order: defaults, the config file, flags.
A non-loopback --host needs root@localhost to have a password.`;

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

/** The data dir exists, or is created when its parent does (a mistyped path fails instead). */
async function prepareDataDir(datadir: string): Promise<void> {
  const path = resolve(datadir);
  const existing = await stat(path).catch(() => null);
  if (existing !== null) {
    if (!existing.isDirectory())
      throw new ServerStartError(`datadir '${datadir}' is not a directory`);
    return;
  }
  const parent = await stat(dirname(path)).catch(() => null);
  if (parent === null || !parent.isDirectory()) {
    throw new ServerStartError(
      `datadir '${datadir}' does not exist, nor does its parent directory`,
    );
  }
  await mkdir(path);
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

  await checkPortFree(settings.getString('bind_address'), settings.getNumber('port'));
  await prepareDataDir(settings.getString('datadir'));
  const logger = stderrLogger;
  // Signal handlers go in first: a SIGTERM during startup stops the server as soon as it is up.
  let stack: RunningStack | null = null;
  let stopping = false;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolvePromise) => (finish = resolvePromise));
  const close = (running: RunningStack) =>
    running.close().then(
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
  stack = await startStack(settings, logger);
  if (stopping) void close(stack);
  return finished;
}

export const serveCommand: Subcommand = {
  name: 'serve',
  summary: 'run the MySQL-compatible server',
  usage: USAGE,
  run,
};
