// Runs `strata bench …` in process with captured output, and reads back its JSON report.

import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

import { runBench } from '../../../bench/cli.js';
import type { BenchReport } from '../../../bench/report/types.js';
import { makeTempDir } from '../../support/temp-dir.js';

export interface BenchRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The --json report (undefined when none was written). */
  report: BenchReport | undefined;
  dir: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the benchmark with --json (and --md, --html) into a fresh directory. */
export async function bench(args: string[]): Promise<BenchRun> {
  const dir = makeTempDir('strata-bench-test-');
  const json = path.join(dir, 'report.json');
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runBench(
    [
      ...args,
      '--json',
      json,
      '--md',
      path.join(dir, 'report.md'),
      '--html',
      path.join(dir, 'report.html'),
    ],
    { stdout, stderr },
  );
  const report = fs.existsSync(json)
    ? (JSON.parse(fs.readFileSync(json, 'utf8')) as BenchReport)
    : undefined;
  return { code, stdout: stdout.text, stderr: stderr.text, report, dir };
}

/** Output for an assertion message. */
export function describeRun(run: BenchRun): string {
  return `exit ${run.code}\nstderr: ${run.stderr}\nstdout: ${run.stdout.slice(-3000)}`;
}
