// Runs the built `strata` command as a child process.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const STRATA = fileURLToPath(new URL('../../src/cli/strata.js', import.meta.url));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function strata(args: readonly string[], timeoutMs = 30_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STRATA, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`strata ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Serving {
  child: ChildProcess;
  port: number;
  output(): string;
  /** Sends the signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<Finished>;
}

const READY_TEXT = /ready for connections .*port=(\d+)/;
const READY_JSON = /"msg":"ready for connections"/;

/** The port of a "ready for connections" log line, text or JSON (--log-format=json). */
function readyPort(stderr: string): number | null {
  const text = READY_TEXT.exec(stderr);
  if (text) return Number(text[1]);
  const line = stderr.split('\n').find((candidate) => READY_JSON.test(candidate));
  return line === undefined ? null : (JSON.parse(line) as { port: number }).port;
}

/** Starts `strata serve` and waits for its "ready for connections" line. */
export function serve(args: readonly string[], timeoutMs = 30_000): Promise<Serving> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [STRATA, 'serve', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<Finished>((done) =>
      child.on('close', (code) => done({ code, stdout, stderr })),
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`strata serve did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const port = readyPort(stderr);
      if (port !== null) {
        clearTimeout(timer);
        resolve({
          child,
          port,
          output: () => stderr,
          stop: (signal = 'SIGTERM') => {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((finished) => {
      clearTimeout(timer);
      reject(new Error(`strata serve exited with ${finished.code}: ${finished.stderr}`));
    });
  });
}
