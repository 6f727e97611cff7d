// The server log (src/ops/logging/server-log.ts): pino records written as text lines or JSON,
// filtered by level, the level changeable at run time.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { createServerLog } from '../../src/ops/logging/server-log.js';
import type { LogFormat, LogLevel } from '../../src/ops/logging/server-log.js';

function capture(format: LogFormat, level: LogLevel = 'info') {
  const lines: string[] = [];
  const log = createServerLog({ format, level, output: { write: (line) => lines.push(line) } });
  return { log, lines };
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('server log', () => {
  it('writes text as time, level, message and key=value fields', () => {
    const { log, lines } = capture('text');
    log.info('ready for connections', { host: '127.0.0.1', port: 3306, tls: false });
    assert.equal(lines.length, 1);
    const [time, ...rest] = lines[0]!.split(' ');
    assert.match(time!, ISO_TIME);
    assert.equal(
      rest.join(' '),
      'info ready for connections host="127.0.0.1" port=3306 tls=false\n',
    );
  });

  it('writes one JSON object per line with level, time, message and fields', () => {
    const { log, lines } = capture('json');
    log.error('corruption', { error: 'block checksum mismatch' });
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.equal(record.level, 'error');
    assert.equal(record.msg, 'corruption');
    assert.equal(record.error, 'block checksum mismatch');
    assert.match(String(record.time), ISO_TIME);
  });

  it('leaves out events below its level', () => {
    const { log, lines } = capture('text', 'warn');
    log.info('not shown');
    log.debug('not shown either');
    log.warn('shown');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, / warn shown\n$/);
  });

  it('changes its level at run time', () => {
    const { log, lines } = capture('text', 'error');
    log.info('before');
    log.setLevel('debug');
    log.debug('after');
    assert.equal(log.level, 'debug');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, / debug after\n$/);
  });
});
