#!/usr/bin/env node
// `strata bench …` (and `npm run bench -- …`): one entry for every benchmark. A benchmark is
// loaded only when it runs (the engine, the transaction store, mysql2 …). Each produces one report; this writes it (stdout, --json, --md, --html) and turns it into the exit
// code: 0 when every run did its work, 1 when a run failed as a whole (unreachable target,
// nothing succeeded), 2 for bad flags or a malformed workload file, 130 after Ctrl-C.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { EXIT_FAILED_RUN, EXIT_USAGE, exitCodeOf, finishReport } from './commands/common.js';
import type { Outcome } from './commands/common.js';
import {
  ENGINE_USAGE,
  HEADLINE_USAGE,
  LOAD_USAGE,
  SQL_USAGE,
  WORKLOAD_USAGE,
} from './commands/usage.js';
import { FlagError } from './common/flags.js';
import { JOIN_USAGE } from './join/usage.js';
import { EXIT_INTERRUPTED, interruptOnSignals } from './common/interrupt.js';
import { EndpointError } from './common/mysql-url.js';
import { writeReports } from './report/write.js';
import { errorMessage } from './run/errors.js';
import { TargetChoiceError } from './target/targets.js';
import { THROTTLE_USAGE } from './throttle/usage.js';
import { WorkloadError } from './workload/workload-error.js';

export interface BenchIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

interface Subcommand {
  summary: string;
  usage: string;
  /** A report to write, or directly an exit code (headline writes its own reports). */
  run(argv: string[], signal: AbortSignal, io: BenchIo): Promise<Outcome | number>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  engine: {
    summary: 'the db_bench-style engine benchmark (native loop and TypeScript API)',
    usage: ENGINE_USAGE,
    run: async (argv, signal, io) =>
      (await import('./commands/engine.js')).runEngineBenchmark(argv, signal, io.stdout),
  },
  sql: {
    summary: "sysbench's OLTP workloads through mysql2 pools or the sysbench binary",
    usage: SQL_USAGE,
    run: async (argv, signal) => (await import('./commands/sql.js')).runSqlBenchmark(argv, signal),
  },
  workload: {
    summary: 'a COSBench workload file against the engine or a MySQL endpoint',
    usage: WORKLOAD_USAGE,
    run: async (argv, signal) =>
      (await import('./commands/workload.js')).runWorkloadBenchmark(argv, signal),
  },
  load: {
    summary:
      'MetaStore-style load: large-scale, sustained, mixed PUT/GET/DELETE/RANGE, transactions',
    usage: LOAD_USAGE,
    run: async (argv, signal) =>
      (await import('./commands/load.js')).runLoadBenchmark(argv, signal),
  },
  throttle: {
    summary: 'write throttling under sustained overload: memory, throughput and latency, on vs off',
    usage: THROTTLE_USAGE,
    run: async (argv, signal) =>
      (await import('./throttle/command.js')).runThrottleBenchmark(argv, signal),
  },
  join: {
    summary: 'joins of two sysbench tables and a GROUP BY over a whole table (--vs to compare)',
    usage: JOIN_USAGE,
    run: async (argv, signal) =>
      (await import('./join/join-command.js')).runJoinBenchmark(argv, signal),
  },
  headline: {
    summary: 'every headline figure of docs/benchmarks.md, StrataDB and MariaDB side by side',
    usage: HEADLINE_USAGE,
    run: async (argv, signal, io) =>
      (await import('./commands/headline.js')).runHeadline(argv, signal, io),
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((name) => name.length));
  const lines = Object.entries(SUBCOMMANDS).map(
    ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`,
  );
  return `Usage: strata bench <benchmark> [flags]\n\nBenchmarks:\n${lines.join('\n')}\n\nRun 'strata bench <benchmark> --help' for its flags.`;
}

function isUsageError(error: unknown): boolean {
  return (
    error instanceof FlagError ||
    error instanceof WorkloadError ||
    error instanceof EndpointError ||
    error instanceof TargetChoiceError
  );
}

/** Runs `strata bench <argv…>`; resolves to the exit code. */
export async function runBench(
  argv: string[],
  io: BenchIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage() + '\n');
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = SUBCOMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`strata bench: unknown benchmark '${name}'\n\n${usage()}\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage + '\n');
    return 0;
  }
  const interrupt = interruptOnSignals();
  try {
    const outcome = await command.run(rest, interrupt.signal, io);
    if (typeof outcome === 'number') return outcome;
    finishReport(outcome.report, interrupt.signal);
    writeReports(outcome.report, outcome.files, io.stdout);
    if (outcome.report.interrupted) return EXIT_INTERRUPTED;
    return exitCodeOf(outcome.report);
  } catch (error) {
    io.stderr.write(`strata bench ${name}: ${errorMessage(error)}\n`);
    return isUsageError(error) ? EXIT_USAGE : EXIT_FAILED_RUN;
  } finally {
    interrupt.dispose();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  runBench(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`strata bench: ${errorMessage(error)}\n`);
      process.exitCode = EXIT_FAILED_RUN;
    },
  );
}
