// The slow query log's text, in MySQL's format so that mysqldumpslow and pt-query-digest read it:
//
//   # Time: 2026-01-02T03:04:05.678000Z
//   # User@Host: root[root] @ localhost []  Id:     8
//   # Query_time: 1.000132  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 1
//   SET timestamp=1767323045;
//   SELECT SLEEP(1);
//
// Lock_time is 0: lock waits are not measured per statement yet. Rows_examined counts the rows a
// statement returned or changed (the SQL layer does not report rows it read and discarded).

import type { SlowStatement } from '../../server/statement-stats.js';

const MS_PER_SECOND = 1000;
/** MySQL prints seconds with microseconds. */
const SECONDS_DECIMALS = 6;
/** mysqld right-aligns the connection id in 5 columns. */
const ID_WIDTH = 5;

export interface SlowLogHeader {
  version: string;
  port: number;
}

/** The lines mysqld writes when it opens the file. */
export function formatSlowLogHeader(header: SlowLogHeader): string {
  return (
    `strata, Version: ${header.version} (StrataDB). started with:\n` +
    `Tcp port: ${header.port}  Unix socket: \n` +
    'Time                 Id Command    Argument\n'
  );
}

/** ISO time with microseconds (the clock has milliseconds). */
function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

export function formatSlowEntry(statement: SlowStatement): string {
  const sql = statement.sql.trimEnd();
  const user = statement.user;
  return (
    `# Time: ${isoMicros(statement.startedAtMs)}\n` +
    `# User@Host: ${user}[${user}] @ ${statement.host} []  Id: ${String(statement.connectionId).padStart(ID_WIDTH)}\n` +
    `# Query_time: ${statement.queryTimeSeconds.toFixed(SECONDS_DECIMALS)}  ` +
    `Lock_time: ${(0).toFixed(SECONDS_DECIMALS)} Rows_sent: ${statement.rowsSent}  ` +
    `Rows_examined: ${statement.rowsExamined}\n` +
    `SET timestamp=${Math.floor(statement.startedAtMs / MS_PER_SECOND)};\n` +
    `${sql}${sql.endsWith(';') ? '' : ';'}\n`
  );
}
