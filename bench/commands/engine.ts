// `strata bench engine`: the db_bench-style engine benchmark (bench/engine/main.ts) run as a
// child process with its own flags, its figures carried into the common report.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { FlagError } from '../common/flags.js';
import { ENGINE_BENCH } from '../common/paths.js';
import type { Figures, RunReport } from '../report/types.js';
import { Recorder } from '../run/recorder.js';
import { startReport } from './common.js';
import type { Outcome } from './common.js';

/** The flags this command takes for itself; every other flag goes to the engine benchmark. */
const OWN_FLAGS = new Set(['datadir', 'json', 'md', 'html']);
/** Common flags that have no meaning for an in-process engine benchmark. */
const REFUSED_FLAGS = new Set([
  'vs',
  'vs_label',
  'rounds',
  'label',
  'interval',
  'progress',
  'seed',
  'target',
]);
/** db_bench's MB is 2^20 bytes; the report's is 10^6 (COSBench's). */
const ENGINE_MB_BYTES = 1048576;

interface EngineFigure {
  name: string;
  mode: 'native' | 'js';
  ops: number;
  ops_per_sec: number;
  micros_per_op: number;
  mb_per_sec: number | null;
  found?: number;
}

interface EngineJson {
  benchmarks: EngineFigure[];
  disk: { logical_bytes: number; allocated_bytes: number };
  settings: Record<string, unknown>;
}

interface SplitArgs {
  own: Map<string, string>;
  passThrough: string[];
}

function splitArgs(argv: string[]): SplitArgs {
  const own = new Map<string, string>();
  const passThrough: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new FlagError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const name = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)).replaceAll('-', '_');
    const hasValue = eq < 0 && i + 1 < argv.length && !argv[i + 1]!.startsWith('--');
    if (REFUSED_FLAGS.has(name)) {
      throw new FlagError(
        `--${name} does not apply to the engine benchmark (it runs in process, alone)`,
      );
    }
    if (OWN_FLAGS.has(name)) {
      own.set(name, eq >= 0 ? arg.slice(eq + 1) : hasValue ? argv[++i]! : '');
      continue;
    }
    passThrough.push(arg);
    if (hasValue) passThrough.push(argv[++i]!);
  }
  return { own, passThrough };
}

function figuresOf(figure: EngineFigure): Figures {
  const seconds = figure.ops_per_sec > 0 ? figure.ops / figure.ops_per_sec : 0;
  const bytes = figure.mb_per_sec === null ? 0 : figure.mb_per_sec * ENGINE_MB_BYTES * seconds;
  return {
    attempts: figure.ops,
    successes: figure.ops,
    errors: 0,
    successRate: figure.ops > 0 ? 1 : 0,
    seconds,
    opsPerSec: figure.ops_per_sec,
    bytes,
    mbPerSec: seconds > 0 ? bytes / 1e6 / seconds : 0,
    latencyMs: null,
    errorsByKind: {},
    counters: {},
    counterRates: {},
  };
}

function runChild(
  args: string[],
  signal: AbortSignal,
  stdout: NodeJS.WritableStream,
): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENGINE_BENCH, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.pipe(stdout, { end: false });
    const stop = () => child.kill('SIGINT');
    signal.addEventListener('abort', stop, { once: true });
    child.on('error', reject);
    child.on('close', (code) => {
      signal.removeEventListener('abort', stop);
      resolve(code);
    });
  });
}

export async function runEngineBenchmark(
  argv: string[],
  signal: AbortSignal,
  stdout: NodeJS.WritableStream,
): Promise<Outcome> {
  const { own, passThrough } = splitArgs(argv);
  if (!fs.existsSync(ENGINE_BENCH)) {
    throw new Error(`the engine benchmark is not built (${ENGINE_BENCH}): run npm run build`);
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-engine-'));
  const childJson = path.join(scratch, 'engine.json');
  const args = [...passThrough, `--json=${childJson}`];
  const datadir = own.get('datadir');
  if (datadir !== undefined) args.push(`--db=${datadir}`);
  const report = startReport('engine', 'Engine benchmark (db_bench workloads)', argv, {
    engineArgs: args,
  });
  try {
    const startedAt = new Date().toISOString();
    const code = await runChild(args, signal, stdout);
    if (code !== 0 || !fs.existsSync(childJson)) {
      report.runs.push(
        engineFailure(startedAt, signal.aborted, `the engine benchmark exited with ${code}`),
      );
    } else {
      const result = JSON.parse(fs.readFileSync(childJson, 'utf8')) as EngineJson;
      report.config = { engineArgs: args, ...result.settings };
      report.targets.push({
        label: 'stratadb',
        kind: 'strata',
        location: String(result.settings.db ?? 'temporary dir'),
        version: report.versions.stratadb ?? null,
      });
      for (const figure of result.benchmarks) report.runs.push(engineRun(figure, startedAt));
      report.notes.push(
        `disk after the run: ${result.disk.logical_bytes} bytes logical, ${result.disk.allocated_bytes} allocated`,
      );
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return { report, files: { json: own.get('json'), md: own.get('md'), html: own.get('html') } };
}

function engineRun(figure: EngineFigure, startedAt: string): RunReport {
  const total = figuresOf(figure);
  return {
    phase: `${figure.name} [${figure.mode}]`,
    target: 'stratadb',
    round: 1,
    startedAt,
    interrupted: false,
    failure: null,
    total,
    operations: {},
    timeline: [],
    settings: {
      mode: figure.mode,
      micros_per_op: figure.micros_per_op,
      ...(figure.found === undefined ? {} : { found: figure.found }),
    },
  };
}

function engineFailure(startedAt: string, interrupted: boolean, failure: string): RunReport {
  return {
    phase: 'engine',
    target: 'stratadb',
    round: 1,
    startedAt,
    interrupted,
    failure,
    total: new Recorder().totalFigures(),
    operations: {},
    timeline: [],
    settings: {},
  };
}
