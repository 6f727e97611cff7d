// The sysbench-style OLTP benchmark driven through mysql2: prepare (tables loaded with bulk
// INSERTs, then the secondary index), run (one of the OLTP workloads from N connections) and
// cleanup, each a phase whose operations are counted like any other.

import type { Pool } from 'mysql2/promise';

import type { SeededRandom } from '../common/random.js';
import type { RunSpec } from '../run/phase.js';
import type { NextOperation, Operation } from '../run/workers.js';
import type { WorkerConnections } from '../target/worker-connections.js';
import { runEvent } from './oltp.js';
import type { OltpSettings, OltpWorkload, StatementRunner } from './oltp.js';
import { C_TEMPLATE, PAD_TEMPLATE, SysbenchRandom } from './random.js';
import type { RandType } from './random.js';
import { createSecondaryIndex, createTable, dropTable, insertRowsPrefix } from './statements.js';

/**
 * Rows per INSERT while loading: about 190 KB of SQL (sysbench flushes its bulk insert at
 * 512 KiB), well under any server's max_allowed_packet.
 */
export const BULK_INSERT_ROWS = 1000;

export interface SqlRunSettings extends OltpSettings {
  threads: number;
  seconds: number;
  /** Stop after this many events (sysbench --events); 0 for no limit. */
  events: number;
  randType: RandType;
  /** Prepared statements (binary protocol) as sysbench's default; false sends text. */
  preparedStatements: boolean;
  /** Pasted after ENGINE = when creating tables (sysbench's --mysql_storage_engine). */
  engineClause: string | undefined;
  intervalSeconds: number;
}

/** Which target a phase runs on, and in which round. */
export interface PhaseTarget {
  label: string;
  round: number;
}

function runnerFor(
  connection: { execute: Pool['execute']; query: Pool['query'] },
  prepared: boolean,
): StatementRunner {
  return {
    prepared: async (sql, params) => {
      if (prepared) await connection.execute(sql, params as never);
      else await connection.query(sql, params as never);
    },
    text: async (sql) => {
      await connection.query(sql);
    },
  };
}

/** The operations of one worker, in order; undefined once they are done. */
function sequence(operations: Operation[]): () => Operation | undefined {
  let next = 0;
  return () => operations[next++];
}

export function prepareSpec(
  target: PhaseTarget,
  settings: SqlRunSettings,
  random: SeededRandom,
  connections: WorkerConnections,
): RunSpec {
  const workers = Math.max(1, Math.min(settings.threads, settings.tables));
  const queues: Array<() => Operation | undefined> = [];
  for (let worker = 0; worker < workers; worker++) {
    const rand = new SysbenchRandom(random.fork(worker), settings.randType);
    const ops: Operation[] = [];
    const sql = (type: string, text: () => string, rows = 0): Operation => ({
      type,
      run: (count) =>
        connections.with(worker, async (connection) => {
          await connection.query(text());
          if (rows > 0) count('rows', rows);
          return 0;
        }),
    });
    for (let table = worker + 1; table <= settings.tables; table += workers) {
      ops.push(sql('drop_table', () => dropTable(table)));
      ops.push(sql('create_table', () => createTable(table, settings.engineClause)));
      for (let first = 0; first < settings.tableSize; first += BULK_INSERT_ROWS) {
        const rows = Math.min(BULK_INSERT_ROWS, settings.tableSize - first);
        ops.push(sql('insert_rows', () => bulkInsert(table, rows, rand, settings.tableSize), rows));
      }
      ops.push(sql('create_index', () => createSecondaryIndex(table)));
    }
    queues.push(sequence(ops));
  }
  return {
    phase: 'prepare',
    target: target.label,
    round: target.round,
    workers,
    next: (worker) => queues[worker]!(),
    intervalSeconds: settings.intervalSeconds,
    settings: { tables: settings.tables, table_size: settings.tableSize, threads: workers },
  };
}

function bulkInsert(table: number, rows: number, rand: SysbenchRandom, tableSize: number): string {
  const values: string[] = [];
  for (let i = 0; i < rows; i++) {
    values.push(
      `(${rand.default(1, tableSize)}, '${rand.string(C_TEMPLATE)}', '${rand.string(PAD_TEMPLATE)}')`,
    );
  }
  return `${insertRowsPrefix(table)}${values.join(',')}`;
}

export function runSpec(
  workload: OltpWorkload,
  target: PhaseTarget,
  settings: SqlRunSettings,
  random: SeededRandom,
  connections: WorkerConnections,
): RunSpec {
  const rands = Array.from(
    { length: settings.threads },
    (_, worker) => new SysbenchRandom(random.fork(worker), settings.randType),
  );
  const next: NextOperation = (worker) => ({
    type: 'transaction',
    run: (count) =>
      connections.with(worker, async (connection) => {
        const runner = runnerFor(connection, settings.preparedStatements);
        await runEvent(workload, runner, rands[worker]!, settings, () => count('queries'));
        return 0;
      }),
  });
  return {
    phase: `oltp_${workload}`,
    target: target.label,
    round: target.round,
    workers: settings.threads,
    next,
    seconds: settings.seconds,
    totalOps: settings.events > 0 ? settings.events : undefined,
    intervalSeconds: settings.intervalSeconds,
    settings: {
      threads: settings.threads,
      seconds: settings.seconds,
      tables: settings.tables,
      table_size: settings.tableSize,
      rand_type: settings.randType,
      prepared_statements: settings.preparedStatements,
    },
  };
}

export function cleanupSpec(
  target: PhaseTarget,
  settings: SqlRunSettings,
  connections: WorkerConnections,
): RunSpec {
  const ops: Operation[] = [];
  for (let table = 1; table <= settings.tables; table++) {
    ops.push({
      type: 'drop_table',
      run: () =>
        connections.with(0, async (connection) => (await connection.query(dropTable(table)), 0)),
    });
  }
  const queue = sequence(ops);
  return {
    phase: 'cleanup',
    target: target.label,
    round: target.round,
    workers: 1,
    next: () => queue(),
    intervalSeconds: settings.intervalSeconds,
    settings: { tables: settings.tables },
  };
}
