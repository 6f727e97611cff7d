// Statements by type and how long they took: counts, failures and latency histograms kept in
// preallocated typed arrays, so that timing a statement allocates nothing (a point select costs
// about 6 µs in all; the bookkeeping here is a clock read and a few array increments). Monitoring
// reads the arrays when it is scraped (src/ops/metrics). A statement slower than the slow-log
// threshold is handed to the slow query log, the only path that builds an object.

import type { StatementResult } from '../sql/api.js';

/** Statement types as `strata_statements_total{type=…}` labels them (MySQL's Com_* groups). */
export const STATEMENT_TYPES = [
  'select',
  'insert',
  'update',
  'delete',
  'replace',
  'begin',
  'commit',
  'rollback',
  'set',
  'show',
  'ddl',
  'other',
] as const;
export type StatementType = (typeof STATEMENT_TYPES)[number];

const TYPE_INDEX: Readonly<Record<StatementType, number>> = Object.fromEntries(
  STATEMENT_TYPES.map((type, index) => [type, index]),
) as Record<StatementType, number>;
const OTHER = TYPE_INDEX.other;

const MS_PER_SECOND = 1000;
const CHAR_SPACE = 0x20;
const CHAR_LOWER_A = 0x61;
const CHAR_LOWER_Z = 0x7a;
const CHAR_OPEN_PAREN = 0x28;
const CHAR_SLASH = 0x2f;
const CHAR_STAR = 0x2a;
const CHAR_DASH = 0x2d;
const CHAR_HASH = 0x23;
/** ASCII letters differ from their capitals by this bit. */
const LOWER_CASE_BIT = 0x20;

/** First keyword (lower case) → statement type. */
const KEYWORD_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['select', TYPE_INDEX.select],
  ['with', TYPE_INDEX.select],
  ['insert', TYPE_INDEX.insert],
  ['update', TYPE_INDEX.update],
  ['delete', TYPE_INDEX.delete],
  ['replace', TYPE_INDEX.replace],
  ['begin', TYPE_INDEX.begin],
  ['start', TYPE_INDEX.begin],
  ['commit', TYPE_INDEX.commit],
  ['rollback', TYPE_INDEX.rollback],
  ['set', TYPE_INDEX.set],
  ['show', TYPE_INDEX.show],
  ['create', TYPE_INDEX.ddl],
  ['alter', TYPE_INDEX.ddl],
  ['drop', TYPE_INDEX.ddl],
  ['truncate', TYPE_INDEX.ddl],
  ['rename', TYPE_INDEX.ddl],
];

/** KEYWORD_TYPES by the keyword's first letter (index: char code − 'a'). */
const ALPHABET = 26;
const KEYWORDS_BY_LETTER: ReadonlyArray<ReadonlyArray<readonly [string, number]>> = Array.from(
  { length: ALPHABET },
  (_, letter) =>
    KEYWORD_TYPES.filter(([keyword]) => keyword.charCodeAt(0) - CHAR_LOWER_A === letter),
);

/**
 * Upper bounds of the latency buckets in seconds: 50 µs (a cached point select) to 10 s, about
 * 2.5 steps per decade as Prometheus' defaults but starting three decades lower.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
  5, 10,
];
/** Buckets per type: the bounds above and +Inf. */
export const BUCKETS_PER_TYPE = LATENCY_BUCKETS_SECONDS.length + 1;

function isSpace(code: number): boolean {
  return code <= CHAR_SPACE;
}

/** Index just past leading white space, comments and opening parentheses. */
function skipPrefix(sql: string): number {
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c) || c === CHAR_OPEN_PAREN) {
      i++;
    } else if (c === CHAR_SLASH && sql.charCodeAt(i + 1) === CHAR_STAR) {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return n;
      i = end + 2;
    } else if (c === CHAR_HASH || (c === CHAR_DASH && sql.charCodeAt(i + 1) === CHAR_DASH)) {
      const end = sql.indexOf('\n', i);
      if (end < 0) return n;
      i = end + 1;
    } else {
      return i;
    }
  }
  return i;
}

function keywordAt(sql: string, start: number, keyword: string): boolean {
  const end = start + keyword.length;
  if (end > sql.length) return false;
  for (let i = 0; i < keyword.length; i++) {
    if ((sql.charCodeAt(start + i) | LOWER_CASE_BIT) !== keyword.charCodeAt(i)) return false;
  }
  if (end === sql.length) return true;
  const next = sql.charCodeAt(end) | LOWER_CASE_BIT;
  return next < CHAR_LOWER_A || next > CHAR_LOWER_Z;
}

/** The statement type of SQL text, from its first keyword; reads the text without copying it. */
export function classifyStatement(sql: string): number {
  const start = skipPrefix(sql);
  const letter = (sql.charCodeAt(start) | LOWER_CASE_BIT) - CHAR_LOWER_A;
  const candidates = KEYWORDS_BY_LETTER[letter];
  if (candidates === undefined) return OTHER;
  for (const [keyword, type] of candidates) {
    if (keywordAt(sql, start, keyword)) return type;
  }
  return OTHER;
}

export function statementTypeName(type: number): StatementType {
  return STATEMENT_TYPES[type] ?? 'other';
}

/** The connection a statement runs on, as the bookkeeping sees it. */
export interface StatementOwner {
  readonly id: number;
  readonly user: string;
  readonly host: string;
  /** The running statement's type, or -1 between statements. */
  statementType: number;
  /** performance.now() when it started. */
  statementStartedMs: number;
  /** Its text (a prepared statement's as prepared). */
  statementSql: string;
}

/** A statement slower than the slow-log threshold. */
export interface SlowStatement {
  /** Wall-clock time the statement started (Date.now()). */
  startedAtMs: number;
  queryTimeSeconds: number;
  connectionId: number;
  user: string;
  host: string;
  sql: string;
  type: StatementType;
  failed: boolean;
  rowsSent: number;
  /** Rows the statement returned or changed: the SQL layer does not report rows it read. */
  rowsExamined: number;
}

export class StatementStats {
  readonly counts = new Float64Array(STATEMENT_TYPES.length);
  readonly failures = new Float64Array(STATEMENT_TYPES.length);
  /** Per type, BUCKETS_PER_TYPE non-cumulative counts (the last one is +Inf). */
  readonly bucketCounts = new Float64Array(STATEMENT_TYPES.length * BUCKETS_PER_TYPE);
  readonly sumSeconds = new Float64Array(STATEMENT_TYPES.length);
  /** Statements at least this slow go to onSlowStatement (Infinity: the slow log is off). */
  slowThresholdSeconds = Infinity;
  onSlowStatement: ((statement: SlowStatement) => void) | null = null;

  /** Marks the start of a statement on owner. */
  start(owner: StatementOwner, type: number, sql: string): void {
    owner.statementType = type;
    owner.statementSql = sql;
    owner.statementStartedMs = performance.now();
  }

  /** Records the statement running on owner (result null: it failed). No-op between statements. */
  finish(owner: StatementOwner, result: StatementResult | null): void {
    const type = owner.statementType;
    if (type < 0) return;
    owner.statementType = -1;
    const seconds = (performance.now() - owner.statementStartedMs) / MS_PER_SECOND;
    this.counts[type]!++;
    if (result === null) this.failures[type]!++;
    this.sumSeconds[type]! += seconds;
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS_SECONDS.length && seconds > LATENCY_BUCKETS_SECONDS[bucket]!) {
      bucket++;
    }
    this.bucketCounts[type * BUCKETS_PER_TYPE + bucket]!++;
    if (seconds >= this.slowThresholdSeconds && this.onSlowStatement !== null) {
      this.reportSlow(owner, type, seconds, result);
    }
  }

  private reportSlow(
    owner: StatementOwner,
    type: number,
    seconds: number,
    result: StatementResult | null,
  ): void {
    const rowsSent = result?.kind === 'rows' ? result.rows.length : 0;
    const rowsChanged = result?.kind === 'ok' ? result.affectedRows : 0;
    this.onSlowStatement!({
      startedAtMs: Date.now() - seconds * MS_PER_SECOND,
      queryTimeSeconds: seconds,
      connectionId: owner.id,
      user: owner.user,
      host: owner.host,
      sql: owner.statementSql,
      type: statementTypeName(type),
      failed: result === null,
      rowsSent,
      rowsExamined: rowsSent + rowsChanged,
    });
  }
}
