// Metrics of the MySQL protocol server: statements by type with their latency histograms, and
// the connection and traffic counters of SHOW GLOBAL STATUS under Prometheus names.

import type { Registry } from 'prom-client';
import type { StatusVariable } from '../../server/index.js';
import {
  BUCKETS_PER_TYPE,
  LATENCY_BUCKETS_SECONDS,
  STATEMENT_TYPES,
} from '../../server/statement-stats.js';
import type { StatementStats } from '../../server/statement-stats.js';
import { CollectedMetric, histogramSamples } from './collected-metric.js';
import type { MetricKind, Sample } from './collected-metric.js';

/** What the metrics read from the running server (MysqlServer). */
export interface ServerMetricsSource {
  readonly statementStats: StatementStats;
  statusVariables(): StatusVariable[];
}

/** SHOW GLOBAL STATUS variable → Prometheus metric. */
const STATUS_METRICS: ReadonlyArray<readonly [string, string, MetricKind, string]> = [
  ['Threads_connected', 'strata_connections', 'gauge', 'Open client connections.'],
  ['Threads_running', 'strata_connections_running', 'gauge', 'Connections running a command.'],
  [
    'Max_used_connections',
    'strata_connections_max_used',
    'gauge',
    'Most connections open at once since the server started.',
  ],
  [
    'Connections',
    'strata_connection_attempts_total',
    'counter',
    'Connection attempts, successful or not.',
  ],
  [
    'Aborted_connects',
    'strata_aborted_connects_total',
    'counter',
    'Connections that failed to authenticate or timed out in the handshake.',
  ],
  [
    'Aborted_clients',
    'strata_aborted_clients_total',
    'counter',
    'Authenticated connections that ended without COM_QUIT.',
  ],
  ['Bytes_received', 'strata_received_bytes_total', 'counter', 'Bytes received from clients.'],
  ['Bytes_sent', 'strata_sent_bytes_total', 'counter', 'Bytes sent to clients.'],
  ['Questions', 'strata_questions_total', 'counter', 'Statements sent by clients.'],
  [
    'Native_wire_queries',
    'strata_native_wire_queries_total',
    'counter',
    'Prepared point selects answered by the native wire path (counted as type "select" in ' +
      'strata_statements_total, not timed in strata_statement_duration_seconds).',
  ],
  ['Prepared_stmt_count', 'strata_prepared_statements', 'gauge', 'Open prepared statements.'],
  ['Uptime', 'strata_uptime_seconds', 'gauge', 'Seconds since the server started.'],
];

const STATEMENT_DURATION = 'strata_statement_duration_seconds';

export class ServerMetrics {
  private source: ServerMetricsSource | null = null;

  constructor(registry: Registry) {
    for (const [variable, name, type, help] of STATUS_METRICS) {
      new CollectedMetric(name, help, type, () => this.statusSample(variable)).registerIn(registry);
    }
    new CollectedMetric(
      'strata_statements_total',
      'Statements executed, by type (the first keyword; prepared statements count each execute).',
      'counter',
      () => this.statementCounts(),
    ).registerIn(registry);
    new CollectedMetric(
      'strata_statement_failures_total',
      'Statements that ended in an error, by type.',
      'counter',
      () => this.perType((stats) => stats.failures),
    ).registerIn(registry);
    new CollectedMetric(
      STATEMENT_DURATION,
      'Time from a statement’s arrival to its result, by type.',
      'histogram',
      () => this.durations(),
    ).registerIn(registry);
  }

  attach(source: ServerMetricsSource | null): void {
    this.source = source;
  }

  private statusSample(variable: string): Sample[] {
    const found = this.source?.statusVariables().find(([name]) => name === variable);
    return found === undefined ? [] : [{ value: found[1] }];
  }

  private perType(values: (stats: StatementStats) => Float64Array): Sample[] {
    if (this.source === null) return [];
    const array = values(this.source.statementStats);
    return STATEMENT_TYPES.map((type, index) => ({ value: array[index]!, labels: { type } }));
  }

  private statementCounts(): Sample[] {
    const samples = this.perType((stats) => stats.counts);
    const native = this.statusSample('Native_wire_queries')[0]?.value ?? 0;
    const select = samples.find((sample) => sample.labels?.type === 'select');
    if (select !== undefined) select.value += native;
    return samples;
  }

  private durations(): Sample[] {
    if (this.source === null) return [];
    const stats = this.source.statementStats;
    return STATEMENT_TYPES.flatMap((type, index) =>
      histogramSamples(
        STATEMENT_DURATION,
        LATENCY_BUCKETS_SECONDS,
        stats.bucketCounts,
        index * BUCKETS_PER_TYPE,
        stats.sumSeconds[index]!,
        { type },
      ),
    );
  }
}
