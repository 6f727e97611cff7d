// COM_STATISTICS: a one-line summary of server counters (what `mysqladmin status` prints).

import type { Connection } from '../connection.js';
import { encodeStatistics } from '../packets/statistics.js';

const MS_PER_SECOND = 1000;
const QPS_DECIMALS = 3;

export function statistics(conn: Connection): void {
  const { counters, clock } = conn.context;
  const uptimeSeconds = Math.max(
    1,
    Math.floor((clock.nowMs - counters.startedAtMs) / MS_PER_SECOND),
  );
  const threads = conn.context.connectionCount();
  const text =
    `Uptime: ${uptimeSeconds}  Threads: ${threads}  Questions: ${counters.questions}  ` +
    `Queries per second avg: ${(counters.questions / uptimeSeconds).toFixed(QPS_DECIMALS)}`;
  encodeStatistics(conn.writer, text);
}
