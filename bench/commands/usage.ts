// The help texts of `strata bench` and its benchmarks, apart from the benchmarks themselves so
// that printing help loads none of them.

import { OLTP_WORKLOADS } from '../sql/oltp.js';
import { RAND_TYPES } from '../sql/random.js';

export const COMMON_FLAGS_HELP = `Common flags:
  --datadir DIR        data dirs of in-process engines and started servers (default: temporary)
  --json FILE          the full report: every figure, the configuration, machine and versions
  --md FILE            the Markdown summary (also printed on stdout)
  --html FILE          a self-contained page with charts of throughput and latency over time
  --vs URL             the same workload against another MySQL-compatible server,
                       mysql://user:pass@host:port/db, alternating with the target; reports ratios
  --rounds N           alternate the targets N times (default 1)
  --label NAME, --vs_label NAME   names of the two targets in the reports
  --interval SECONDS   timeline sampling interval (default 1)
  --progress 0|1       the live progress line on stderr (default: when stderr is a terminal)
  --seed N             random seed, to replay a run (default: from the clock, printed in the report)`;

export const ENGINE_USAGE = `Usage: strata bench engine [engine benchmark flags] [--datadir DIR] [--json FILE] [--md FILE] [--html FILE]

Runs the engine benchmark (db_bench's workloads and flags: --benchmarks=fillseq,fillrandom,
overwrite,readrandom,seekrandom --num=1000000 --key_size=16 --value_size=100 --mode=native|js|both
…) and reports its figures. --datadir is its --db. The engine benchmark prints db_bench's lines
as it goes; it measures throughput, not per-operation latency.`;

export const HEADLINE_USAGE = `Usage: strata bench headline [flags]

Regenerates every headline figure with StrataDB and MariaDB side by side.

  --out DIR          where the reports and headline.md go (default: a new temporary dir)
  --mariadb URL      a running MariaDB to compare with (default: start one with the anchor scripts)
  --anchors DIR      the anchor scripts (default: ../shared/anchors beside the project)
  --seconds N        seconds per sysbench workload and per timed load scenario (default 20)
  --table_size N     rows per sysbench table, 4 tables (default 100000)
  --threads N        sysbench threads (default 8)
  --quick 0|1        a short sanity run: 4 x 10,000 rows, 5 s phases, smaller load counts
  --progress 0|1     the live progress line (default: when stderr is a terminal)`;

export const LOAD_USAGE = `Usage: strata bench load [flags]

MetaStore-style load tests, 16-byte keys and --value_size values:
  large-scale  --large_clients (50) clients × --large_ops (1000) PUTs of new keys each
  sustained    --sustained_clients (20) clients issuing PUTs for --sustained_seconds (30)
  mixed        --mixed_clients (20) clients for --mixed_seconds (30): --mix (put:40,get:40,delete:10,range:10)
               over --keyspace (10000) preloaded keys, ranges of --range_limit (10) pairs
  txn          --txns (10000) transactions from --txn_clients (10): lock and write --txn_keys (2)
               keys, read as many more

  --target strata|server|URL   the transaction store in this process (default; --sync 0|1, default 1),
                               a StrataDB server started here, or mysql://… (a table kv(k, v))
  --scenarios LIST             default large-scale,sustained,mixed,txn
  --value_size BYTES           default 100

${COMMON_FLAGS_HELP}`;

export const SQL_USAGE = `Usage: strata bench sql [flags]

sysbench's OLTP workloads (sysbench 1.0's tables, statements and random distributions):
${OLTP_WORKLOADS.join(', ')}.

  --target server|URL  a StrataDB server started on --datadir (default), or mysql://…
  --workloads LIST     comma-separated, oltp_ prefix optional (default point_select,read_write)
  --driver mysql2|sysbench   mysql2 pools (default) or the sysbench binary, when installed
  --steps LIST         prepare,run,cleanup (default all three)
  --tables N (4)  --table_size N (10000)  --threads N (8)  --seconds N (10)  --events N (0: no limit)
  --range_size N (100)  --rand_type ${RAND_TYPES.join('|')} (special)  --ps 0|1 (prepared statements, 1)
  --skip_trx 0|1 (0)  --engine CLAUSE (pasted after ENGINE =, like sysbench's --mysql_storage_engine)

${COMMON_FLAGS_HELP}`;

export const WORKLOAD_USAGE = `Usage: strata bench workload FILE.xml [flags]

Runs a COSBench workload file: <workload>, <storage type config>, <workflow>, <workstage>,
<work name type workers runtime|totalOps|totalBytes …>, <operation type=read|write|delete|list
ratio config> with cprefix, containers, objects, sizes and the distributions c(n), u(a,b),
r(a,b), s(a,b) (sizes in B, KB, MB, GB: decimal units, as COSBench's).

Storage types: strata (the engine in this process; config path=DIR, sync=true|false) and mysql
(a table per container; config url=mysql://user:pass@host:port/db).

  --target strata|server|URL   replaces the file's storage (server: a StrataDB server started here)

${COMMON_FLAGS_HELP}`;
