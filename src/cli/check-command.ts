// `strata check DATADIR`: verifies every checksum of a stopped server's data dir (see
// native/tools/check.h) and lists each problem with its file and offset.

import { checkDataDir } from '../engine/index.js';
import type { CheckReport } from '../engine/index.js';
import { expectPositionals, parseCommand } from './command-args.js';
import { dataDirFailure } from './data-dir-failure.js';
import { formatFindings, plural } from './inspect-format.js';
import type { Subcommand } from './subcommand.js';
import { toJson } from './text-table.js';
import { EXIT_FAILURE, EXIT_OK } from './usage-error.js';

const USAGE = `Usage: strata check DATADIR [--json]

Verifies every checksum in the data dir, offline: CURRENT and every MANIFEST record, every block
of every live SST (footer, index, filter, properties, data blocks and page-compressed slots), the
order of their keys and the sizes and counts the MANIFEST recorded, and every record of the WALs
recovery would replay. Each problem is printed with its file and byte offset; notes are findings
the engine handles by design (a write torn by a crash at the end of the newest WAL, files the
next open deletes).

The server must not be running on DATADIR (it holds the data dir's lock): check a copy made with
'strata backup' instead.

Exit status: 0 when there is no problem, 1 when there are problems (or DATADIR cannot be checked),
2 for a usage error.

Options:
  --json    print the report as JSON
  --help    this text`;

function summary(dir: string, report: CheckReport): string {
  return (
    `checked ${dir}: MANIFEST (${plural(report.manifestRecords, 'record')}), ` +
    `${plural(report.tableFiles, 'SST')} (${plural(report.blocks, 'block')}, ` +
    `${plural(report.entries, 'entry', 'entries')}), ` +
    `${plural(report.walFiles, 'WAL')} (${plural(report.walRecords, 'record')}), ` +
    `${report.bytes} bytes\n`
  );
}

export const checkCommand: Subcommand = {
  name: 'check',
  summary: 'verify every checksum of a data dir (offline)',
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
    const [dir] = expectPositionals(positionals, ['DATADIR']) as [string];
    let report: CheckReport;
    try {
      report = await checkDataDir(dir);
    } catch (error) {
      throw dataDirFailure(dir, error);
    }
    if (values.json === true) {
      process.stdout.write(toJson(report));
    } else {
      process.stdout.write(summary(dir, report) + formatFindings(report));
      const counts = `${plural(report.problems.length, 'problem')}, ${plural(report.notes.length, 'note')}`;
      process.stdout.write(
        report.problems.length === 0 ? `OK: ${counts}\n` : `FAILED: ${counts}\n`,
      );
    }
    return report.problems.length === 0 ? EXIT_OK : EXIT_FAILURE;
  },
};
