// The systems a benchmark runs against, as --target and --vs name them:
//   strata  the engine (or the transaction store) in this process, on --datadir;
//   server  a StrataDB server this benchmark starts (`strata serve`) on --datadir;
//   a URL   any MySQL-compatible server: mysql://user:pass@host:port/db.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describeEndpoint, parseMysqlUrl, withDatabase } from '../common/mysql-url.js';
import type { MysqlEndpoint } from '../common/mysql-url.js';
import { stratadbVersion } from '../common/versions.js';
import type { TargetInfo } from '../report/types.js';
import { labelForVersion, prepareEndpoint } from './mysql-client.js';
import { startStrataServer } from './strata-server.js';
import type { StrataServer } from './strata-server.js';

export type TargetChoice =
  { kind: 'strata' } | { kind: 'server' } | { kind: 'mysql'; endpoint: MysqlEndpoint };

export class TargetChoiceError extends Error {}

export function parseTarget(
  text: string,
  allowed: ReadonlyArray<TargetChoice['kind']>,
): TargetChoice {
  if (text === 'strata' || text === 'server') {
    if (!allowed.includes(text)) {
      throw new TargetChoiceError(
        `target '${text}' is not available here (use ${allowed.join(', ')})`,
      );
    }
    return { kind: text };
  }
  if (!allowed.includes('mysql')) {
    throw new TargetChoiceError(
      `target '${text}' is not available here (use ${allowed.join(', ')})`,
    );
  }
  return { kind: 'mysql', endpoint: parseMysqlUrl(text) };
}

/** A data dir for in-process or started targets: the one given, or a temporary one removed at close. */
export interface DataDir {
  readonly path: string;
  release(): void;
}

export function dataDir(requested: string | undefined, name: string): DataDir {
  if (requested !== undefined) {
    const dir = path.resolve(requested, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    return { path: dir, release: () => undefined };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `strata-bench-${name}-`));
  return { path: dir, release: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A MySQL-protocol target, open for a benchmark. */
export interface SqlTarget {
  readonly info: TargetInfo;
  readonly endpoint: MysqlEndpoint;
  /** Why the target cannot be used (unreachable, failed to start); its runs are reported failed. */
  readonly openError: unknown;
  close(): Promise<void>;
}

export interface SqlTargetOptions {
  database: string;
  /** --datadir, for a started server. */
  datadir: string | undefined;
  label: string | undefined;
}

export async function openSqlTarget(
  choice: TargetChoice,
  options: SqlTargetOptions,
): Promise<SqlTarget> {
  if (choice.kind === 'strata') {
    throw new TargetChoiceError('the in-process engine does not speak SQL: use server or a URL');
  }
  let server: StrataServer | undefined;
  let dir: DataDir | undefined;
  let endpoint: MysqlEndpoint;
  let openError: unknown = null;
  let version: string | null = null;
  if (choice.kind === 'server') {
    dir = dataDir(options.datadir, 'server');
    try {
      server = await startStrataServer(dir.path);
    } catch (error) {
      openError = error;
    }
    endpoint = {
      host: '127.0.0.1',
      port: server?.port ?? 0,
      user: 'root',
      password: '',
      database: options.database,
    };
  } else {
    endpoint = withDatabase(choice.endpoint, options.database);
  }
  if (openError === null) {
    try {
      version = await prepareEndpoint(endpoint);
    } catch (error) {
      openError = error;
    }
  }
  const label =
    options.label ??
    (choice.kind === 'server' ? 'stratadb' : version === null ? 'mysql' : labelForVersion(version));
  const info: TargetInfo = {
    label,
    kind: choice.kind,
    location:
      choice.kind === 'server'
        ? `${describeEndpoint(endpoint)} (datadir ${dir!.path})`
        : describeEndpoint(endpoint),
    version: version ?? (choice.kind === 'server' ? stratadbVersion() : null),
  };
  return {
    info,
    endpoint,
    openError,
    close: async () => {
      await server?.stop();
      dir?.release();
    },
  };
}
