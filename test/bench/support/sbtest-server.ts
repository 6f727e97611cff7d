// A StrataDB server in this process on a free port and a fresh data dir, for the benchmarks that
// run over MySQL endpoints (sql, join); url names its sbtest database.

import path from 'node:path';

import { startStack } from '../../../src/cli/serve.js';
import type { RunningStack } from '../../../src/cli/serve.js';
import { Settings } from '../../../src/config/index.js';
import { silentLogger } from '../../../src/server/logger.js';
import { makeTempDir } from '../../support/temp-dir.js';

export async function startSbtestServer(
  name: string,
): Promise<{ stack: RunningStack; url: string }> {
  const settings = new Settings();
  settings.setInitial('port', 0);
  settings.setInitial('datadir', path.join(makeTempDir(`strata-bench-${name}-`), 'data'));
  const stack = await startStack(settings, silentLogger);
  return { stack, url: `mysql://root@127.0.0.1:${stack.address.port}/sbtest` };
}
