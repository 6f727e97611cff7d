// The engine's reports reach the server log (src/ops/logging/engine-events.ts): corruption and
// I/O errors as error lines, an I/O fallback and write-throttle reports as warnings.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { Engine, EngineError, WriteBatch } from '../../src/engine/index.js';
import { logEngineError, logEngineEvents } from '../../src/ops/logging/engine-events.js';
import { createServerLog } from '../../src/ops/logging/server-log.js';
import { makeTempDir } from '../support/temp-dir.js';

const SHARED_MEMORY = '/dev/shm';
const MIB = 1024 * 1024;

function capture() {
  const records: Array<Record<string, unknown>> = [];
  const log = createServerLog({
    format: 'json',
    level: 'info',
    output: { write: (line) => records.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { log, records };
}

describe('engine events in the server log', () => {
  it('logs corruption as an error line carrying the engine’s message', () => {
    const { log, records } = capture();
    logEngineError(log, new EngineError('CORRUPTION', 'corruption in 000012.sst at offset 49152'));
    assert.deepEqual(
      records.map((r) => [r.level, r.msg, r.error]),
      [['error', 'corruption', 'corruption in 000012.sst at offset 49152']],
    );
  });

  it('logs I/O errors and a full disk as I/O error lines with their code', () => {
    const { log, records } = capture();
    logEngineError(log, new EngineError('NO_SPACE', 'no space left on device'));
    logEngineError(log, new EngineError('IO_ERROR', 'read failed'));
    assert.deepEqual(
      records.map((r) => [r.level, r.msg, r.code]),
      [
        ['error', 'I/O error', 'NO_SPACE'],
        ['error', 'I/O error', 'IO_ERROR'],
      ],
    );
  });

  it('logs the reason when the I/O path falls back from what was asked', async () => {
    // tmpfs has no O_DIRECT: asking for it falls back to buffered I/O.
    const dir = fs.mkdtempSync(path.join(SHARED_MEMORY, 'strata-events-'));
    const engine = await Engine.open({ path: path.join(dir, 'db'), directIo: true });
    const { log, records } = capture();
    try {
      logEngineEvents(engine, log);
    } finally {
      await engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const fallback = records.find((r) => r.msg === 'I/O fallback');
    assert.ok(fallback);
    assert.equal(fallback.level, 'warn');
    assert.match(String(fallback.reason), /O_DIRECT/);
  });

  it('logs write-throttle reports as warnings', async () => {
    const engine = await Engine.open({ path: path.join(makeTempDir('strata-events-'), 'db') });
    const { log, records } = capture();
    logEngineEvents(engine, log);
    engine.setMemstoreThrottle({ limitBytes: 8 * MIB, triggerPercentage: 1, maxDurationMs: 1000 });
    try {
      for (let i = 0; i < 20 && !records.some((r) => r.msg === 'throttle situation'); i++) {
        const batch = new WriteBatch();
        for (let j = 0; j < 64; j++) batch.put(0, Buffer.from(`k${i}-${j}`), Buffer.alloc(1024, j));
        await engine.write(batch);
      }
    } finally {
      await engine.close();
    }
    const info = records.find((r) => r.msg === 'report write throttle info');
    assert.ok(info, JSON.stringify(records));
    assert.equal(info.level, 'warn');
    assert.equal(info.limitBytes, 8 * MIB);
    assert.ok(records.some((r) => r.msg === 'throttle situation' && r.level === 'warn'));
  });
});
