// The real sysbench 1.0 binary (Debian's sysbench package) running the same OLTP workloads, its
// output turned into the common report: transactions and ignored errors as operations, its
// latency histogram loaded into an HdrHistogram for the percentiles, its interval lines as the
// timeline.

import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

import type { MysqlEndpoint } from '../common/mysql-url.js';
import { latencyHistogram, latencySummary } from '../run/recorder.js';
import type { Figures, RunReport, TimelinePoint } from '../report/types.js';
import type { OltpWorkload } from './oltp.js';
import type { SqlRunSettings } from './mysql2-driver.js';
import type { SysbenchOutput } from './sysbench-output.js';

const SYSBENCH = 'sysbench';
const MICROS_PER_MS = 1000;
const OUTPUT_TAIL_CHARS = 600;
/** sysbench's --mysql-ignore-errors default: deadlocks (1213), 1020 and lock wait timeouts (1205). */
const IGNORED_ERROR_KIND = 'SYSBENCH_IGNORED_ERROR';
const SYSBENCH_SEED_LIMIT = 2 ** 31;

export async function sysbenchVersion(): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)(SYSBENCH, ['--version']);
    return stdout.trim().replace(/^sysbench\s+/, '');
  } catch {
    return null;
  }
}

export interface SysbenchCall {
  workload: OltpWorkload;
  command: 'prepare' | 'run' | 'cleanup';
  endpoint: MysqlEndpoint;
  settings: SqlRunSettings;
  seed: number;
  signal: AbortSignal;
  /** Receives each interval line while it runs (the progress line). */
  onLine?: (line: string) => void;
}

function sysbenchArgs(call: SysbenchCall): string[] {
  const { endpoint, settings } = call;
  const args = [
    `oltp_${call.workload}`,
    '--db-driver=mysql',
    `--mysql-host=${endpoint.host}`,
    `--mysql-port=${endpoint.port}`,
    `--mysql-user=${endpoint.user}`,
    `--mysql-password=${endpoint.password}`,
    `--mysql-db=${endpoint.database ?? ''}`,
    `--tables=${settings.tables}`,
    `--table-size=${settings.tableSize}`,
    `--threads=${settings.threads}`,
    // sysbench counts whole seconds.
    `--time=${Math.max(1, Math.ceil(settings.seconds))}`,
    `--events=${settings.events}`,
    `--range-size=${settings.rangeSize}`,
    `--rand-type=${settings.randType}`,
    // sysbench takes a signed 32-bit seed.
    `--rand-seed=${call.seed % SYSBENCH_SEED_LIMIT}`,
    `--report-interval=${Math.max(1, Math.round(settings.intervalSeconds))}`,
    '--histogram=on',
    '--percentile=95',
  ];
  if (!settings.preparedStatements) args.push('--db-ps-mode=disable');
  if (settings.engineClause !== undefined) {
    args.push(`--mysql_storage_engine=${settings.engineClause}`);
  }
  args.push(call.command);
  return args;
}

/** Runs sysbench; resolves to its stdout, rejects with the tail of its output when it fails. */
export function runSysbench(call: SysbenchCall): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(SYSBENCH, sysbenchArgs(call), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    const stop = () => child.kill('SIGINT');
    call.signal.addEventListener('abort', stop, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('[')) call.onLine?.(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      call.signal.removeEventListener('abort', stop);
      reject(error);
    });
    child.on('close', (code) => {
      call.signal.removeEventListener('abort', stop);
      if (code === 0) resolve(stdout);
      else {
        const tail = (stderr + stdout).trim().slice(-OUTPUT_TAIL_CHARS).replaceAll('\n', ' ');
        reject(
          Object.assign(new Error(`sysbench ${call.command} exited with ${code}: ${tail}`), {
            code: 'SYSBENCH_FAILED',
          }),
        );
      }
    });
  });
}

function timeline(output: SysbenchOutput): TimelinePoint[] {
  let previous = 0;
  return output.intervals.map((interval) => {
    const seconds = interval.t - previous;
    previous = interval.t;
    return {
      t: interval.t,
      seconds,
      successes: Math.round(interval.tps * seconds),
      errors: Math.round(interval.errorsPerSec * seconds),
      bytes: 0,
      opsPerSec: interval.tps,
      mbPerSec: 0,
      p50Ms: null,
      p95Ms: interval.p95Ms,
      p99Ms: null,
      maxMs: null,
    };
  });
}

/** The report figures of a sysbench run. */
export function figuresOf(output: SysbenchOutput): Figures {
  const histogram = latencyHistogram();
  for (const [ms, count] of output.histogram) {
    histogram.recordValueWithCount(Math.max(1, Math.round(ms * MICROS_PER_MS)), count);
  }
  const seconds = output.totalSeconds;
  const attempts = output.transactions + output.ignoredErrors;
  const counters = { queries: output.queries, reconnects: output.reconnects };
  return {
    attempts,
    successes: output.transactions,
    errors: output.ignoredErrors,
    successRate: attempts > 0 ? output.transactions / attempts : 0,
    seconds,
    opsPerSec: seconds > 0 ? output.transactions / seconds : 0,
    bytes: 0,
    mbPerSec: 0,
    latencyMs: latencySummary(histogram),
    errorsByKind: output.ignoredErrors > 0 ? { [IGNORED_ERROR_KIND]: output.ignoredErrors } : {},
    counters,
    counterRates: Object.fromEntries(
      Object.entries(counters).map(([name, value]) => [name, seconds > 0 ? value / seconds : 0]),
    ),
  };
}

export function sysbenchRunReport(
  output: SysbenchOutput,
  base: Pick<RunReport, 'phase' | 'target' | 'round' | 'startedAt' | 'interrupted' | 'settings'>,
): RunReport {
  const total = figuresOf(output);
  return {
    ...base,
    failure: null,
    total,
    operations: { transaction: total },
    timeline: timeline(output),
  };
}
