// The help text of `strata bench join`, apart from the benchmark so that printing it loads none.

import { COMMON_FLAGS_HELP } from '../commands/usage.js';
import { JOIN_WORKLOADS } from './join-workloads.js';

export const JOIN_USAGE = `Usage: strata bench join [flags]

Join-heavy reads over two sysbench tables (sbtest1, sbtest2) loaded by the prepare step:
  join_point   SELECT … FROM sbtest1 a JOIN sbtest2 b ON b.id = a.k WHERE a.id = ?
  join_range   100 rows of sbtest1 joined to sbtest2 on the indexed column k
  join_group   the same join, grouped by a.k % 10
  group_by     every row of sbtest1 grouped into 100 buckets (COUNT, SUM, AVG)

  --target server|URL  the system measured (default server: a StrataDB started here)
  --workloads LIST     comma-separated, from ${JOIN_WORKLOADS.join(', ')} (default all)
  --table_size N       rows per table (default 100000: group_by reads all of them)
  --threads N          concurrent connections (default 8)
  --seconds N          measured seconds per workload and target (default 10)
  --steps LIST         prepare, run, cleanup (default all three)

${COMMON_FLAGS_HELP}`;
