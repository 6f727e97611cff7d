// `strata bench …`: the benchmarks of bench/ (engine, sql, workload, load, throttle, join,
// headline), loaded only when asked for.

import type { Subcommand } from './subcommand.js';

const USAGE = `Usage: strata bench <engine|sql|workload|load|headline> [options]

Runs a benchmark and reports it (stdout, --json FILE, --md FILE, --html FILE).
Run 'strata bench <benchmark> --help' for a benchmark's options; docs/benchmarks.md explains them.`;

export const benchCommand: Subcommand = {
  name: 'bench',
  summary: 'run a benchmark (engine, sql, workload, load, throttle, join, headline)',
  usage: USAGE,
  async run(args) {
    if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    const { runBench } = await import('../../bench/cli.js');
    return runBench([...args]);
  },
};
