// The help text of `strata bench throttle`, apart from the benchmark so that printing it loads
// no engine.

export const THROTTLE_USAGE = `Usage: strata bench throttle [flags]

Write throttling under sustained overload. Writers push far more than flushing can absorb into an
engine in this process with a small memstore limit: for --duration seconds with throttling on,
then as long with it off (trigger 100), same limit and same writers. Reports memtable memory,
throughput and write latency over time, stalls, and the goal: with throttling on, memory never
above the limit and no write waits more than 1 s; with it off, writes stall hard at the limit or
memory runs past it.

  --duration SECONDS         each run (default 60)
  --writers N                concurrent writers, each as fast as the engine takes it (default 64)
  --rows_per_write N         rows in each write batch (default 4)
  --value_size BYTES         default 1024; keys are 16 bytes
  --sync 0|1                 fdatasync the WAL at every write (default 0)
  --memstore_limit SIZE      memory the memtables may hold (default 32M)
  --write_buffer_size SIZE   memtable size (default 4M)
  --writing_throttling_trigger_percentage N   the trigger of the run with throttling on (default 60)
  --writing_throttling_maximum_duration TIME  default 10s (the server's default, 2h, suits
                             memstores of gigabytes)
  --flush_delay_ms MS        pause before each flush, a disk slower than this machine's, so that
                             writers outrun flushing (default 1000; 0: flushes at full speed)

Common flags:
  --datadir DIR        the two runs' data dirs, kept (default: temporary, removed)
  --json FILE          the full report: every figure, the configuration, machine and versions
  --md FILE            the Markdown summary (also printed on stdout)
  --html FILE          a self-contained page with charts of memory, throughput and latency
  --interval SECONDS   timeline sampling interval (default 1)
  --progress 0|1       the live progress line on stderr (default: when stderr is a terminal)
  --seed N             random seed of the keys, to replay a run`;
