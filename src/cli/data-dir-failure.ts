// The engine's refusals to work on a data dir (or one of its files), as one line for an operator.

import { EngineError } from '../engine/index.js';
import { CommandError } from './usage-error.js';

export function dataDirFailure(path: string, error: unknown): Error {
  if (!(error instanceof EngineError))
    return error instanceof Error ? error : new Error(String(error));
  if (error.code === 'BUSY') {
    return new CommandError(
      `${path} is in use by a running server (stop it first, or work on a copy made with 'strata backup')`,
    );
  }
  if (error.code === 'NOT_FOUND') return new CommandError(`${path} does not exist`);
  return new CommandError(error.message);
}
