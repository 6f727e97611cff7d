// Timestamps: physical milliseconds << 18 | logical counter (docs/format/keys.md, "Timestamps").
// Kept as bigint because they exceed 2^53; this module is the one place that knows the layout.

/** Bits of the logical counter: 262,144 timestamps per millisecond. */
export const LOGICAL_BITS = 18;
export const MAX_LOGICAL = (1 << LOGICAL_BITS) - 1;
const LOGICAL_SHIFT = BigInt(LOGICAL_BITS);

/** 2^64 - 1: the largest timestamp; also the value every key suffix is inverted against. */
export const MAX_TS = 0xffff_ffff_ffff_ffffn;
/** Means "no timestamp" in optional in-memory fields; never handed out by the oracle. */
export const ZERO_TS = 0n;

export function composeTs(physicalMs: number, logical: number): bigint {
  return (BigInt(physicalMs) << LOGICAL_SHIFT) | BigInt(logical);
}

export function physicalMsOf(ts: bigint): number {
  return Number(ts >> LOGICAL_SHIFT);
}

export function logicalOf(ts: bigint): number {
  return Number(ts & BigInt(MAX_LOGICAL));
}

/** The timestamp `ms` milliseconds after ts (same logical part), saturating at MAX_TS. */
export function addMs(ts: bigint, ms: number): bigint {
  const result = ts + (BigInt(Math.trunc(ms)) << LOGICAL_SHIFT);
  return result > MAX_TS ? MAX_TS : result < 0n ? 0n : result;
}

export function maxTs(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** For logs and messages: the physical time as ISO 8601 plus the logical counter. */
export function formatTs(ts: bigint): string {
  return `${ts} (${new Date(physicalMsOf(ts)).toISOString()} #${logicalOf(ts)})`;
}
