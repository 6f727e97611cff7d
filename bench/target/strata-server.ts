// A StrataDB server started for a benchmark: `strata serve` as a child process on a free
// loopback port and a data dir of the benchmark's choosing, stopped with SIGTERM (a graceful
// shutdown) when the benchmark is over. A separate process, so that the server and the load
// generator do not share one event loop.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

import { STRATA_CLI } from '../common/paths.js';
import { SERVER_NODE_FLAGS } from '../../src/cli/node-flags.js';

/** `strata serve` opens the engine, recovers and listens; a cold start takes well under this. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const READY_LINE = /ready for connections .*port=(\d+)/;
const LOG_TAIL_CHARS = 2000;

export interface StrataServer {
  readonly port: number;
  readonly datadir: string;
  /** Graceful stop; kills the process if it has not exited in time. */
  stop(): Promise<void>;
}

export class ServerStartFailure extends Error {
  readonly code = 'SERVER_START_FAILED';
}

export function startStrataServer(
  datadir: string,
  extraArgs: readonly string[] = [],
): Promise<StrataServer> {
  if (!fs.existsSync(STRATA_CLI)) {
    return Promise.reject(
      new ServerStartFailure(`the strata command is not built (${STRATA_CLI}): run npm run build`),
    );
  }
  fs.mkdirSync(datadir, { recursive: true });
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, STRATA_CLI, 'serve', '--port=0', `--datadir=${datadir}`, ...extraArgs],
    // Its own process group: a Ctrl-C at the terminal stops the benchmark, which then stops the
    // server once the reports are written, instead of the server dying under a running phase.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  return new Promise((resolve, reject) => {
    let log = '';
    let ready = false;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new ServerStartFailure(`strata serve did not start in ${START_TIMEOUT_MS} ms: ${log}`),
      );
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(
        new ServerStartFailure(`strata serve exited with ${code}: ${log.slice(-LOG_TAIL_CHARS)}`),
      );
    };
    child.once('exit', onExit);
    child.stderr!.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-LOG_TAIL_CHARS);
      if (ready) return;
      const match = READY_LINE.exec(log);
      if (match === null) return;
      ready = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({ port: Number(match[1]), datadir, stop: () => stopServer(child, exited) });
    });
  });
}

async function stopServer(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
