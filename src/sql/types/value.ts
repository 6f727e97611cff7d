// Values while evaluating: the representation follows the expression's EvalKind.
//   int: number when within ±2^53, else bigint      decimal: Decimal     double: number
//   string: string     binary: Buffer     date/datetime/time: canonical text
// NULL is null in every kind.

import type { Decimal } from './decimal.js';

export type Value = null | number | bigint | string | Buffer | Decimal;

/** One row as the executor passes it: values in slot order. */
export type Row = Value[];

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
export const UINT64_MAX = 2n ** 64n - 1n;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** A bigint as the int representation: a number when it fits in 2^53. */
export function normalizeInt(value: bigint): number | bigint {
  return value >= SAFE_MIN && value <= SAFE_MAX ? Number(value) : value;
}

export function toBigInt(value: number | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}
