// The join-heavy read workloads: two sysbench tables (sbtest1, sbtest2: id primary key, k with a
// secondary index, c and pad strings) joined on an indexed column, and a GROUP BY over a whole
// table. Each event is one query sent as a prepared statement, as sysbench sends its reads.

import type { SeededRandom } from '../common/random.js';
import type { RunSpec } from '../run/phase.js';
import type { NextOperation } from '../run/workers.js';
import type { WorkerConnections } from '../target/worker-connections.js';

export const JOIN_WORKLOADS = ['join_point', 'join_range', 'join_group', 'group_by'] as const;
export type JoinWorkload = (typeof JOIN_WORKLOADS)[number];

/** Rows each range of join_range and join_group covers (sysbench's --range_size default). */
export const RANGE_ROWS = 100;
/** Buckets of group_by and join_group (k modulo this). */
export const GROUP_BUCKETS = 100;

/**
 * The statement of each workload and its parameters for one event:
 *   join_point  one row of sbtest1 and the sbtest2 row its k names (primary-key probe);
 *   join_range  100 consecutive rows of sbtest1 with the sbtest2 rows of equal k (index probe);
 *   join_group  the same 100-row join, grouped and summed;
 *   group_by    every row of sbtest1 grouped into 100 buckets.
 */
export const JOIN_STATEMENTS: Record<JoinWorkload, string> = {
  join_point: 'SELECT a.c, b.c FROM sbtest1 a JOIN sbtest2 b ON b.id = a.k WHERE a.id = ?',
  join_range:
    'SELECT a.id, b.id, b.pad FROM sbtest1 a JOIN sbtest2 b ON b.k = a.k WHERE a.id BETWEEN ? AND ?',
  join_group:
    'SELECT a.k % 10 AS bucket, COUNT(*), SUM(b.id) FROM sbtest1 a JOIN sbtest2 b ON b.k = a.k ' +
    'WHERE a.id BETWEEN ? AND ? GROUP BY bucket ORDER BY bucket',
  group_by: `SELECT k % ${GROUP_BUCKETS} AS bucket, COUNT(*), SUM(id), AVG(k) FROM sbtest1 GROUP BY bucket`,
};

export function parametersOf(
  workload: JoinWorkload,
  random: SeededRandom,
  tableSize: number,
): number[] {
  switch (workload) {
    case 'join_point':
      return [random.int(1, tableSize)];
    case 'join_range':
    case 'join_group': {
      const first = random.int(1, Math.max(1, tableSize - RANGE_ROWS + 1));
      return [first, first + RANGE_ROWS - 1];
    }
    case 'group_by':
      return [];
  }
}

export interface JoinRunSettings {
  threads: number;
  seconds: number;
  tableSize: number;
  intervalSeconds: number;
}

export function joinRunSpec(
  workload: JoinWorkload,
  target: { label: string; round: number },
  settings: JoinRunSettings,
  random: SeededRandom,
  connections: WorkerConnections,
): RunSpec {
  const randoms = Array.from({ length: settings.threads }, (_, w) => random.fork(w));
  const sql = JOIN_STATEMENTS[workload];
  const next: NextOperation = (worker) => ({
    type: workload,
    run: (count) =>
      connections.with(worker, async (connection) => {
        const params = parametersOf(workload, randoms[worker]!, settings.tableSize);
        const [rows] = await connection.execute(sql, params);
        count('rows', Array.isArray(rows) ? rows.length : 0);
        return 0;
      }),
  });
  return {
    phase: workload,
    target: target.label,
    round: target.round,
    workers: settings.threads,
    next,
    seconds: settings.seconds,
    intervalSeconds: settings.intervalSeconds,
    settings: {
      threads: settings.threads,
      seconds: settings.seconds,
      table_size: settings.tableSize,
      statement: sql,
    },
  };
}
