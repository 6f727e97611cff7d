// The sqllogictest conformance corpus (../shared/conformance, beside the clone) played against a
// `strata serve` child process: every file must keep at least the passes it has today, with no
// statement timing out and no file abandoned. `scripts/conformance.sh` runs the same corpus
// against StrataDB and MariaDB side by side.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CONFORMANCE = resolve(REPO, '../shared/conformance');
const SERVER_START_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 120_000;
/** Per statement: generous for a loaded machine; a hang is still a failure. */
const STATEMENT_TIMEOUT_MS = 10_000;

/**
 * Passes per corpus file: every record that runs for engine mysql, as MariaDB 10.11 passes them
 * all (scripts/conformance.sh compares the two side by side).
 */
const MIN_PASSES: Readonly<Record<string, number>> = {
  'evidence/in1.test': 128,
  'evidence/in2.test': 45,
  'evidence/slt_lang_aggfunc.test': 5,
  'evidence/slt_lang_createtrigger.test': 20,
  'evidence/slt_lang_createview.test': 13,
  'evidence/slt_lang_dropindex.test': 8,
  'evidence/slt_lang_droptable.test': 12,
  'evidence/slt_lang_droptrigger.test': 12,
  'evidence/slt_lang_dropview.test': 13,
  'evidence/slt_lang_reindex.test': 5,
  'evidence/slt_lang_replace.test': 10,
  'evidence/slt_lang_update.test': 27,
  'index/between/10/slt_good_5.test': 300,
  'index/delete/1/slt_good_0.test': 300,
  'index/in/10/slt_good_5.test': 300,
  'index/orderby/10/slt_good_4.test': 300,
  'random/aggregates/slt_good_129.test': 802,
  'random/groupby/slt_good_13.test': 459,
  'random/select/slt_good_124.test': 428,
  'select1.test': 1031,
  'select4.test': 1300,
  'select5.test': 1100,
};

interface FileReport {
  readonly file: string;
  readonly passed: number;
  readonly failed: number;
  readonly notRun: number;
  readonly abandoned: string | null;
  readonly failures: ReadonlyArray<{ where: string; kind: string; msg: string; sql: string }>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function startServer(port: number, datadir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(REPO, 'dist/src/cli/strata.js'), 'serve', '--port', String(port), '--datadir', datadir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolveStart, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`strata serve did not start:\n${output}`));
    }, SERVER_START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready for connections')) {
        clearTimeout(timer);
        resolveStart(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`strata serve exited with ${code}:\n${output}`));
    });
  });
}

/** Runs the corpus runner (copied beside the project's node_modules, for its mysql2). */
function runCorpus(scratch: string, port: number): Promise<FileReport[]> {
  const runner = join(scratch, 'run.mjs');
  copyFileSync(join(CONFORMANCE, 'run.mjs'), runner);
  symlinkSync(join(REPO, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  const report = join(scratch, 'report.json');
  const child = spawn(process.execPath, [runner, join(CONFORMANCE, 'corpus')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SLT_HOST: '127.0.0.1',
      SLT_PORT: String(port),
      SLT_USER: 'root',
      SLT_PASSWORD: '',
      SLT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      SLT_REPORT: report,
    },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolveRun, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the corpus run did not finish in ${RUN_TIMEOUT_MS} ms:\n${output}`));
    }, RUN_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      if (!existsSync(report)) {
        reject(new Error(`the runner wrote no report:\n${output}`));
        return;
      }
      const parsed = JSON.parse(readFileSync(report, 'utf8')) as { files: FileReport[] };
      resolveRun(parsed.files);
    });
  });
}

const present = existsSync(join(CONFORMANCE, 'run.mjs'));

describe('the conformance corpus', { skip: !present && `no corpus at ${CONFORMANCE}` }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'strata-conformance-'));
  let server: ChildProcess | undefined;
  let reports: FileReport[] = [];

  before(async () => {
    const port = await freePort();
    server = await startServer(port, join(scratch, 'data'));
    reports = await runCorpus(scratch, port);
  });

  after(() => {
    server?.kill();
    rmSync(scratch, { recursive: true, force: true });
  });

  const relative = (file: string) => file.slice(join(CONFORMANCE, 'corpus').length + 1);

  it('runs every corpus file', () => {
    assert.deepEqual(reports.map((r) => relative(r.file)).sort(), Object.keys(MIN_PASSES).sort());
  });

  it('never times out or abandons a file', () => {
    for (const r of reports) {
      assert.equal(r.abandoned, null, `${relative(r.file)} was abandoned: ${r.abandoned}`);
      assert.equal(r.notRun, 0, relative(r.file));
      const timeouts = r.failures.filter((f) => f.kind.includes('timeout'));
      assert.deepEqual(timeouts, [], relative(r.file));
    }
  });

  for (const [file, minimum] of Object.entries(MIN_PASSES)) {
    it(`passes at least ${minimum} records of ${file}`, () => {
      const r = reports.find((x) => relative(x.file) === file);
      assert.ok(r, `${file} did not run`);
      const detail = r.failures.map((f) => `${f.where}: ${f.kind}: ${f.sql}`).join('\n');
      assert.ok(r.passed >= minimum, `${r.passed} < ${minimum} passed:\n${detail}`);
    });
  }
});
