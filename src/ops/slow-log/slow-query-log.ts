// The slow query log as MySQL has it: slow_query_log turns it on, long_query_time (seconds,
// fractions allowed) is the threshold, slow_query_log_file the file (appended to; empty: the
// data dir's host_name-slow.log). All three take effect at once under SET GLOBAL. Entries are
// written through a stream, so a slow disk never blocks the event loop.

import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { Settings } from '../../config/index.js';
import type { ServerLogger } from '../../server/index.js';
import type { SlowStatement, StatementStats } from '../../server/statement-stats.js';
import { formatSlowEntry, formatSlowLogHeader } from './slow-log-format.js';
import type { SlowLogHeader } from './slow-log-format.js';

const WATCHED_SETTINGS = ['slow_query_log', 'long_query_time', 'slow_query_log_file'] as const;

/** The file the slow log goes to: slow_query_log_file, or host_name-slow.log in the data dir. */
export function slowLogPath(settings: Settings): string {
  const configured = settings.getString('slow_query_log_file');
  if (configured !== '') return resolve(configured);
  return resolve(join(settings.getString('datadir'), `${hostname()}-slow.log`));
}

export class SlowQueryLog {
  private stream: WriteStream | null = null;
  private path = '';
  private stats: StatementStats | null = null;

  constructor(
    private readonly settings: Settings,
    private readonly header: SlowLogHeader,
    private readonly log: ServerLogger,
  ) {}

  /** Starts timing statements of stats against the settings, now and on every SET GLOBAL. */
  attach(stats: StatementStats): void {
    this.stats = stats;
    this.apply();
    for (const name of WATCHED_SETTINGS) this.settings.onChange(name, () => this.apply());
  }

  /** Stops logging and closes the file once what was written has been flushed. */
  async close(): Promise<void> {
    if (this.stats !== null) {
      this.stats.onSlowStatement = null;
      this.stats.slowThresholdSeconds = Infinity;
    }
    await this.closeStream();
  }

  private apply(): void {
    const stats = this.stats;
    if (stats === null) return;
    const enabled = this.settings.getBool('slow_query_log');
    stats.slowThresholdSeconds = enabled ? this.settings.getNumber('long_query_time') : Infinity;
    stats.onSlowStatement = enabled ? this.write : null;
    const path = slowLogPath(this.settings);
    if (!enabled || path !== this.path) void this.closeStream();
    if (enabled && this.stream === null) this.open(path);
  }

  private open(path: string): void {
    this.path = path;
    const stream = createWriteStream(path, { flags: 'a' });
    stream.on('error', (error) => {
      this.log.error('slow query log disabled: cannot write its file', {
        file: path,
        error: error.message,
      });
      if (this.stream === stream) {
        this.stream = null;
        this.path = '';
        if (this.stats !== null) this.stats.onSlowStatement = null;
      }
    });
    stream.write(formatSlowLogHeader(this.header));
    this.stream = stream;
    this.log.info('slow query log on', {
      file: path,
      long_query_time: this.settings.getNumber('long_query_time'),
    });
  }

  private closeStream(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    this.path = '';
    if (stream === null) return Promise.resolve();
    return new Promise((resolvePromise) => stream.end(() => resolvePromise()));
  }

  private readonly write = (statement: SlowStatement): void => {
    this.stream?.write(formatSlowEntry(statement));
  };
}
