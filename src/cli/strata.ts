#!/usr/bin/env -S node --max-semi-space-size=64
// The `strata` command: dispatches to a subcommand. Problems with the command line or the
// configuration print one line and exit with status 2; failures to start, or a command that
// cannot do its job, print one line and exit with status 1.

import { ServerStartError } from '../server/index.js';
import { backupCommand } from './backup-command.js';
import { benchCommand } from './bench-command.js';
import { checkCommand } from './check-command.js';
import { inspectCommand } from './inspect-command.js';
import { serveCommand } from './serve-command.js';
import type { Subcommand } from './subcommand.js';
import { CommandError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './usage-error.js';
import { versionCommand } from './version-command.js';

const SUBCOMMANDS: readonly Subcommand[] = [
  serveCommand,
  checkCommand,
  inspectCommand,
  backupCommand,
  benchCommand,
  versionCommand,
];

function usage(): string {
  const width = Math.max(...SUBCOMMANDS.map((command) => command.name.length));
  const lines = SUBCOMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return `Usage: strata <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'strata <command> --help' for a command's options.`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic =
      name === 'help' ? SUBCOMMANDS.find((command) => command.name === rest[0]) : undefined;
    process.stdout.write((topic?.usage ?? usage()) + '\n');
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = SUBCOMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) throw new UsageError(`unknown command '${name}' (see strata --help)`);
  try {
    return await command.run(rest);
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof ServerStartError ||
      error instanceof CommandError
    ) {
      throw new CommandFailure(command.name, error);
    }
    throw error;
  }
}

/** A subcommand's UsageError, ServerStartError or CommandError, printed with its name. */
class CommandFailure extends Error {
  constructor(
    readonly command: string,
    readonly failure: UsageError | ServerStartError | CommandError,
  ) {
    super(failure.message);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CommandFailure) {
      process.stderr.write(`strata ${error.command}: ${error.message}\n`);
      process.exitCode = error.failure instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
    } else if (error instanceof UsageError) {
      process.stderr.write(`strata: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`strata: ${message}\n`);
      process.exitCode = EXIT_FAILURE;
    }
  },
);
