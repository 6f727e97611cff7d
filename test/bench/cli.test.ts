// The `strata bench` command line: help, usage errors and exit codes, bad workload files, and a
// clean stop on Ctrl-C that still writes the report.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

import type { BenchReport } from '../../bench/report/types.js';
import { makeTempDir } from '../support/temp-dir.js';
import { bench } from './support/bench-run.js';
import { assertCountsAddUp } from './support/counts.js';

const CLI = fileURLToPath(new URL('../../bench/cli.js', import.meta.url));
const INTERRUPT_AFTER_MS = 1500;
const EXIT_INTERRUPTED = 130;

function workloadFile(xml: string): string {
  const file = path.join(makeTempDir('strata-cli-'), 'w.xml');
  fs.writeFileSync(file, xml);
  return file;
}

describe('strata bench command line', () => {
  it('lists the benchmarks', async () => {
    const run = await bench(['--help']);
    assert.equal(run.code, 0);
    for (const name of ['engine', 'sql', 'workload', 'load', 'headline']) {
      assert.match(run.stdout, new RegExp(`\\n  ${name} `));
    }
  });

  it('exits 2 for an unknown benchmark', async () => {
    const run = await bench(['fio']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown benchmark 'fio'/);
  });

  it('exits 2 for an unknown flag', async () => {
    const run = await bench(['load', '--clientz', '3']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown flag --clientz/);
  });

  it('exits 2 for a malformed URL', async () => {
    const run = await bench(['sql', '--target', 'postgres://x@y/z']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /the scheme must be mysql:\/\//);
  });

  it('exits 2 naming the element and attribute of a bad workload file', async () => {
    const file = workloadFile(`<workload name="w">
  <storage type="strata" />
  <workflow>
    <workstage name="main">
      <work name="reader" workers="0" runtime="1">
        <operation type="read" ratio="100" config="containers=c(1);objects=c(1)" />
      </work>
    </workstage>
  </workflow>
</workload>`);
    const run = await bench(['workload', file]);
    assert.equal(run.code, 2);
    assert.ok(
      run.stderr.includes(
        `${file}:5:7: <work name="reader">, attribute workers: must be an integer of at least 1, got '0'`,
      ),
      run.stderr,
    );
    assert.equal(run.report, undefined, 'nothing ran, no report');
  });

  it('exits 2 for a workload file that does not exist', async () => {
    const run = await bench(['workload', '/nonexistent/w.xml']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /w\.xml.*cannot be read/);
  });

  it('stops on Ctrl-C, still writes the report and exits 130', async () => {
    const file = workloadFile(`<workload name="long">
  <storage type="strata" config="sync=false" />
  <workflow>
    <workstage name="init"><work type="init" workers="1" config="containers=r(1,1)" /></workstage>
    <workstage name="main">
      <work name="writes" workers="2" runtime="60">
        <operation type="write" ratio="100" config="containers=c(1);objects=u(1,100);sizes=c(1)KB" />
      </work>
    </workstage>
  </workflow>
</workload>`);
    const json = path.join(makeTempDir('strata-cli-'), 'r.json');
    const child = spawn(
      process.execPath,
      [CLI, 'workload', file, '--json', json, '--interval', '0.25'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGINT'), INTERRUPT_AFTER_MS);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    assert.equal(code, EXIT_INTERRUPTED, stderr);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as BenchReport;
    assert.equal(report.interrupted, true);
    const writes = report.runs.find((r) => r.phase === 'main/writes')!;
    assert.equal(writes.interrupted, true);
    assert.ok(writes.total.successes > 0);
    assert.ok(writes.total.seconds < 30, 'stopped well before its 60 s');
    assertCountsAddUp(writes);
  });
});
