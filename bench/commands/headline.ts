// `strata bench headline`: every headline figure of docs/benchmarks.md in one run, StrataDB
// (a server this run starts) and MariaDB (the anchor, started here unless --mariadb names a
// running server) side by side: sysbench's OLTP workloads, the COSBench sample workloads and
// the MetaStore-style load tests. Writes each benchmark's JSON, Markdown and HTML reports and a
// headline.md table into --out.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Flags } from '../common/flags.js';
import { PROJECT_ROOT } from '../common/paths.js';
import { DEFAULT_ANCHORS_DIR, startMariadb } from '../headline/mariadb-anchor.js';
import type { MariadbAnchor } from '../headline/mariadb-anchor.js';
import { headlineRows, renderHeadline } from '../headline/summary.js';
import type { HeadlineRow } from '../headline/summary.js';
import type { BenchReport } from '../report/types.js';
import { writeReports } from '../report/write.js';
import { EXIT_INTERRUPTED } from '../common/interrupt.js';
import { EXIT_OK, exitCodeOf, finishReport } from './common.js';
import type { Outcome } from './common.js';
import { runLoadBenchmark } from './load.js';
import { runSqlBenchmark } from './sql.js';
import { runWorkloadBenchmark } from './workload.js';

const WORKLOAD_FILES = ['oeos-s3-write.xml', 'oeos-s3-read.xml'];
const QUICK = { seconds: 5, tableSize: 10_000, largeOps: 200, txns: 2000 };

interface Step {
  name: string;
  run(signal: AbortSignal): Promise<Outcome>;
}

export async function runHeadline(
  argv: string[],
  signal: AbortSignal,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const flags = new Flags(argv);
  const quick = flags.bool('quick', false);
  const out = path.resolve(
    flags.string('out', fs.mkdtempSync(path.join(os.tmpdir(), 'strata-headline-'))),
  );
  const mariadbUrl = flags.optionalString('mariadb');
  const anchors = flags.string('anchors', DEFAULT_ANCHORS_DIR);
  const seconds = flags.positive('seconds', quick ? QUICK.seconds : 20);
  const tableSize = flags.integer('table_size', quick ? QUICK.tableSize : 100_000, 1);
  const threads = flags.integer('threads', 8, 1);
  const progress = flags.optionalString('progress');
  flags.rejectUnknown();
  fs.mkdirSync(out, { recursive: true });

  let mariadb: MariadbAnchor | undefined;
  const vs = mariadbUrl ?? (mariadb = await startMariadb(anchors)).url;
  const shared = ['--vs', vs, ...(progress === undefined ? [] : ['--progress', progress])];
  const files = (name: string) => [
    '--json',
    path.join(out, `${name}.json`),
    '--md',
    path.join(out, `${name}.md`),
    '--html',
    path.join(out, `${name}.html`),
  ];
  const workloadsDir = path.join(PROJECT_ROOT, 'bench', 'workloads');
  const steps: Step[] = [
    {
      name: 'sysbench',
      run: (s) =>
        runSqlBenchmark(
          [
            '--workloads',
            'point_select,read_write,write_only,insert',
            '--tables',
            '4',
            '--table_size',
            String(tableSize),
            '--threads',
            String(threads),
            '--seconds',
            String(seconds),
            ...shared,
            ...files('sql'),
          ],
          s,
        ),
    },
    ...WORKLOAD_FILES.map((file) => ({
      name: `COSBench ${path.basename(file, '.xml')}`,
      run: (s: AbortSignal) =>
        runWorkloadBenchmark(
          [
            path.join(workloadsDir, file),
            '--target',
            'server',
            ...shared,
            ...files(path.basename(file, '.xml')),
          ],
          s,
        ),
    })),
    {
      name: 'load',
      run: (s) =>
        runLoadBenchmark(
          [
            '--target',
            'server',
            '--sustained_seconds',
            String(seconds),
            '--mixed_seconds',
            String(seconds),
            ...(quick ? ['--large_ops', String(QUICK.largeOps), '--txns', String(QUICK.txns)] : []),
            ...shared,
            ...files('load'),
          ],
          s,
        ),
    },
  ];

  const reports: BenchReport[] = [];
  const rows: HeadlineRow[] = [];
  let exitCode = EXIT_OK;
  try {
    for (const step of steps) {
      if (signal.aborted) break;
      io.stderr.write(`headline: ${step.name}\n`);
      const outcome = await step.run(signal);
      finishReport(outcome.report, signal);
      writeReports(outcome.report, outcome.files, io.stdout);
      reports.push(outcome.report);
      rows.push(...headlineRows(step.name, outcome.report));
      exitCode = Math.max(exitCode, exitCodeOf(outcome.report));
    }
  } finally {
    await mariadb?.stop();
  }
  const command = `npm run bench -- headline${quick ? ' --quick' : ''}`;
  const headline = renderHeadline(rows, reports, command);
  fs.writeFileSync(path.join(out, 'headline.md'), headline);
  io.stdout.write(`\n${headline}\nHeadline and reports: ${out}\n`);
  return signal.aborted ? EXIT_INTERRUPTED : exitCode;
}
