// The one report format of every `strata bench` run: what the JSON file holds, and what the
// Markdown and HTML renderers read. Latencies are in milliseconds, bandwidth in MB/s with
// MB = 1,000,000 bytes (COSBench's unit), times in seconds.

import type { MachineFacts } from '../common/machine.js';

export interface LatencySummaryMs {
  avg: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The figures of one run, or of one operation type within it. */
export interface Figures {
  /** Operations tried: successes + errors. */
  attempts: number;
  successes: number;
  errors: number;
  /** successes / attempts; 0 when nothing was tried. */
  successRate: number;
  /** Measured seconds (ramp-up and ramp-down excluded). */
  seconds: number;
  /** Successful operations per second. */
  opsPerSec: number;
  /** Bytes moved by successful operations (written or read). */
  bytes: number;
  mbPerSec: number;
  /** From an HdrHistogram of successful operations; null when the run measured no latencies. */
  latencyMs: LatencySummaryMs | null;
  errorsByKind: Record<string, number>;
  /** Counters beside the operations (queries, rows, retries …), with per-second rates. */
  counters: Record<string, number>;
  counterRates: Record<string, number>;
}

/** One sampling interval of a run. */
export interface TimelinePoint {
  /** Seconds from the start of measurement to the end of this interval. */
  t: number;
  seconds: number;
  successes: number;
  errors: number;
  bytes: number;
  opsPerSec: number;
  mbPerSec: number;
  /** Percentiles of the operations completed in this interval; null when none completed. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface RunReport {
  /** What ran: a sysbench workload, a COSBench stage/work, a load scenario, an engine benchmark. */
  phase: string;
  /** The system it ran against (a target's label). */
  target: string;
  /** 1-based round when --rounds alternates the targets more than once. */
  round: number;
  startedAt: string;
  /** True when Ctrl-C stopped it early. */
  interrupted: boolean;
  /** Why the run failed as a whole (unreachable endpoint, acceptable failure ratio exceeded). */
  failure: string | null;
  total: Figures;
  operations: Record<string, Figures>;
  timeline: TimelinePoint[];
  /** Run-specific settings worth showing beside the figures (workers, limits …). */
  settings: Record<string, string | number | boolean>;
  /** Memtable memory and write stalls over the run (the throttle benchmark only). */
  memstore?: MemstoreRun;
}

/** Memtable memory and stalls in one sampling interval, aligned with the run's timeline. */
export interface MemstorePoint {
  /** The end of the interval, as TimelinePoint.t. */
  t: number;
  /** Memory held by the active and frozen memtables: the most seen in the interval, and at its end. */
  maxBytes: number;
  endBytes: number;
  /** Writes that took longer than MemstoreRun.slowWriteMs. */
  slowWrites: number;
  /** Writes that waited for the throttle's release clock. */
  throttleWaits: number;
  /** The engine's waits for a flush at the hard limit (slices of at most 100 ms). */
  limitStalls: number;
  flushes: number;
}

export interface MemstoreRun {
  limitBytes: number;
  /** Where throttling starts; equal to limitBytes when throttling is off. */
  triggerBytes: number;
  /** The most memory seen over the whole run. */
  maxBytes: number;
  slowWriteMs: number;
  slowWrites: number;
  throttleWaits: number;
  /** The longest single throttle wait. */
  throttleMaxWaitMs: number;
  limitStalls: number;
  /** Time writes spent stalled inside the engine (hard limit and L0 file count). */
  stallSeconds: number;
  flushes: number;
  timeline: MemstorePoint[];
}

/** A goal a benchmark checks its own figures against, printed with the evidence. */
export interface GoalCheck {
  goal: string;
  met: boolean;
  /** The figures behind the verdict. */
  evidence: string;
}

export interface TargetInfo {
  label: string;
  /** strata (in-process engine), server (a StrataDB server this run started) or mysql. */
  kind: 'strata' | 'server' | 'mysql';
  /** Where it is: a data dir or a URL without its password. */
  location: string;
  /** The server's VERSION(), or StrataDB's package version in process. */
  version: string | null;
}

/** One figure of the primary target set against the same figure of the --vs target. */
export interface Comparison {
  phase: string;
  /** opsPerSec, mbPerSec, p50Ms, p99Ms, or <counter>PerSec for a side counter (queriesPerSec …). */
  metric: string;
  primary: number;
  other: number;
  /** primary / other: above 1 is better for throughput, below 1 is better for latency. */
  ratio: number | null;
}

export type BenchKind = 'engine' | 'sql' | 'workload' | 'load' | 'throttle';

export interface BenchReport {
  tool: 'strata bench';
  kind: BenchKind;
  title: string;
  argv: string[];
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  machine: MachineFacts;
  versions: Record<string, string>;
  /** Every setting the run used, defaults included. */
  config: Record<string, unknown>;
  targets: TargetInfo[];
  runs: RunReport[];
  comparisons: Comparison[];
  /** Facts worth a line in the summary (seed, data dirs kept …). */
  notes: string[];
  /** The goals the benchmark checks its figures against (the throttle benchmark only). */
  goals?: GoalCheck[];
}
