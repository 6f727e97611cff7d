// The status endpoint (status_port, off by default): plain HTTP on its own port.
//
//   GET  /metrics   Prometheus text format (metrics.ts)
//   GET  /health    200 {"status":"ready"} once recovery has finished and the server listens;
//                   503 {"status":"starting"} before, 503 {"status":"stopping"} during shutdown
//   POST /backup    {"dest": "/absolute/path"}: a consistent copy of the running data dir
//                   (Engine.checkpoint). Needs "Authorization: Bearer <token>", the token of the
//                   data dir's admin file (admin-file.ts), which only those who can read the data
//                   dir can read.
//
// It listens before the data dir is opened, so that /health can answer during recovery and a
// port already in use fails the start before anything is written.

import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../engine/index.js';
import type { CheckpointResult } from '../../engine/index.js';
import { ServerStartError } from '../../server/index.js';
import type { ServerLogger } from '../../server/index.js';
import type { Metrics } from '../metrics/metrics.js';

export type Phase = 'starting' | 'ready' | 'stopping';
export type BackupHandler = (dest: string) => Promise<CheckpointResult>;

export interface StatusServerOptions {
  host: string;
  port: number;
  metrics: Metrics;
  log: ServerLogger;
  /** The bearer token POST /backup requires. */
  token: string;
}

const HTTP_OK = 200;
const HTTP_BAD_REQUEST = 400;
const HTTP_UNAUTHORIZED = 401;
const HTTP_NOT_FOUND = 404;
const HTTP_METHOD_NOT_ALLOWED = 405;
const HTTP_CONFLICT = 409;
const HTTP_PAYLOAD_TOO_LARGE = 413;
const HTTP_INTERNAL_ERROR = 500;
const HTTP_UNAVAILABLE = 503;
/** A backup request is a path in JSON: far below this. */
const MAX_BODY_BYTES = 64 * 1024;
const BEARER = 'Bearer ';
const MS_PER_SECOND = 1000;

const BackupRequest = z.object({ dest: z.string().min(1) }).strict();

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(text + '\n');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_BODY_BYTES) {
        reject(new HttpError(HTTP_PAYLOAD_TOO_LARGE, 'request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export class StatusServer {
  phase: Phase = 'starting';
  /** Set once the engine is open; POST /backup answers 503 until then. */
  backup: BackupHandler | null = null;
  private backupRunning = false;
  private readonly startedAtMs = Date.now();

  private constructor(
    private readonly http: http.Server,
    private readonly options: StatusServerOptions,
    readonly url: string,
  ) {}

  /** Listens on host:port; a port in use or an address not of this machine is a ServerStartError. */
  static async listen(options: StatusServerOptions): Promise<StatusServer> {
    let server: StatusServer | null = null;
    const listener = http.createServer((request, response) => {
      void server!.handle(request, response);
    });
    const address = await new Promise<AddressInfo>((resolve, reject) => {
      listener.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          new ServerStartError(
            error.code === 'EADDRINUSE'
              ? `status port ${options.port} is already in use on ${options.host}`
              : `cannot listen on status port ${options.host}:${options.port}: ${error.message}`,
          ),
        );
      });
      listener.listen({ host: options.host, port: options.port }, () =>
        resolve(listener.address() as AddressInfo),
      );
    });
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    server = new StatusServer(listener, options, `http://${host}:${address.port}`);
    listener.on('error', (error) =>
      options.log.error('status endpoint error', { error: error.message }),
    );
    return server;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://status').pathname;
    try {
      if (path === '/metrics') {
        this.allow(request, 'GET');
        const text = await this.options.metrics.render();
        response.writeHead(HTTP_OK, { 'content-type': this.options.metrics.contentType });
        response.end(text);
      } else if (path === '/health') {
        this.allow(request, 'GET');
        const uptimeSeconds = Math.floor((Date.now() - this.startedAtMs) / MS_PER_SECOND);
        sendJson(response, this.phase === 'ready' ? HTTP_OK : HTTP_UNAVAILABLE, {
          status: this.phase,
          uptimeSeconds,
        });
      } else if (path === '/backup') {
        this.allow(request, 'POST');
        sendJson(response, HTTP_OK, await this.runBackup(request));
      } else {
        throw new HttpError(HTTP_NOT_FOUND, `no such endpoint: ${path}`);
      }
    } catch (error) {
      if (error instanceof HttpError) {
        if (error.status === HTTP_METHOD_NOT_ALLOWED) response.setHeader('allow', error.message);
        sendJson(response, error.status, { error: error.message });
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      this.options.log.error('status endpoint request failed', { path, error: message });
      sendJson(response, HTTP_INTERNAL_ERROR, { error: message });
    }
  }

  private allow(request: IncomingMessage, method: string): void {
    if (request.method !== method) throw new HttpError(HTTP_METHOD_NOT_ALLOWED, method);
  }

  private authorized(request: IncomingMessage): boolean {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith(BEARER)) return false;
    const given = Buffer.from(header.slice(BEARER.length));
    const expected = Buffer.from(this.options.token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async runBackup(request: IncomingMessage): Promise<unknown> {
    if (!this.authorized(request)) {
      throw new HttpError(HTTP_UNAUTHORIZED, 'a backup needs the token of the data dir');
    }
    const body = await readBody(request);
    let parsed: z.infer<typeof BackupRequest>;
    try {
      parsed = BackupRequest.parse(JSON.parse(body));
    } catch {
      throw new HttpError(HTTP_BAD_REQUEST, 'expected a JSON body {"dest": "/absolute/path"}');
    }
    if (!isAbsolute(parsed.dest)) {
      throw new HttpError(HTTP_BAD_REQUEST, `dest '${parsed.dest}' is not an absolute path`);
    }
    const parent = await stat(dirname(parsed.dest)).catch(() => null);
    if (parent === null || !parent.isDirectory()) {
      throw new HttpError(
        HTTP_BAD_REQUEST,
        `the parent directory of '${parsed.dest}' does not exist`,
      );
    }
    if (this.phase !== 'ready' || this.backup === null) {
      throw new HttpError(HTTP_UNAVAILABLE, `the server is ${this.phase}`);
    }
    if (this.backupRunning) throw new HttpError(HTTP_CONFLICT, 'a backup is already running');
    this.backupRunning = true;
    const started = performance.now();
    try {
      const result = await this.backup(parsed.dest);
      const seconds = (performance.now() - started) / MS_PER_SECOND;
      this.options.log.info('backup complete', {
        dest: parsed.dest,
        tables: result.tableFiles,
        linked: result.linkedFiles,
        bytes: result.tableBytes,
        sequence: result.sequence.toString(),
        seconds,
      });
      return { dest: parsed.dest, ...result };
    } catch (error) {
      if (error instanceof EngineError && error.code === 'INVALID_ARGUMENT') {
        throw new HttpError(HTTP_BAD_REQUEST, error.message);
      }
      this.options.log.error('backup failed', {
        dest: parsed.dest,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      this.backupRunning = false;
    }
  }
}
