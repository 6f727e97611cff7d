// Child processes for the crash tests: run a compiled fixture, wait for a line of its output,
// kill it with SIGKILL.

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  process: ChildProcess;
  /** Resolves with the first output line that matches, rejects if the child exits first. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
}

const DEFAULT_WAIT_MS = 60_000;

export function startFixture(name: string, args: string[]): Child {
  const script = fileURLToPath(new URL(`../fixtures/${name}.js`, import.meta.url));
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let buffered = '';
  let stderr = '';
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    waitForLine(match, timeoutMs = DEFAULT_WAIT_MS) {
      return new Promise<string>((resolve, reject) => {
        let seen = 0;
        const check = () => {
          for (; seen < lines.length; seen++) {
            if (match(lines[seen]!)) {
              cleanup();
              resolve(lines[seen]!);
              return;
            }
          }
        };
        const onExit = () => {
          cleanup();
          reject(new Error(`fixture ${name} exited early (code ${child.exitCode}): ${stderr}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`fixture ${name} printed no matching line in ${timeoutMs} ms: ${stderr}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          listeners.delete(check);
          child.off('exit', onExit);
          clearTimeout(timer);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
