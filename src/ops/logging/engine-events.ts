// Log lines for what the engine reports: every corruption and I/O error a statement meets, the
// I/O path falling back from what was asked (no O_DIRECT, no io_uring, no untorn writes), and
// write throttling's "report write throttle info" and "throttle situation" (each at most once a
// second, as src/engine/throttle.ts paces them).

import { EngineError } from '../../engine/index.js';
import type { Engine } from '../../engine/index.js';
import type { ServerLogger } from '../../server/index.js';

/** Connects the engine's reports to the log; call once the engine is open. */
export function logEngineEvents(engine: Engine, log: ServerLogger): void {
  engine.setThrottleLog((message, fields) => log.warn(message, fields));
  const io = engine.stats().io;
  if (io.fallbackReason !== '') {
    log.warn('I/O fallback', {
      reason: io.fallbackReason,
      backend: io.backend,
      direct_io: io.directIo,
      atomic_writes: io.atomicWrites,
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** An error below the SQL layer that reached it (the SQL engine's log hook) or stopped startup. */
export function logEngineError(log: ServerLogger, error: unknown): void {
  if (error instanceof EngineError && error.code === 'CORRUPTION') {
    log.error('corruption', { error: error.message });
  } else if (
    error instanceof EngineError &&
    (error.code === 'IO_ERROR' || error.code === 'NO_SPACE')
  ) {
    log.error('I/O error', { code: error.code, error: error.message });
  } else {
    log.error('sql layer error', { error: describe(error) });
  }
}
