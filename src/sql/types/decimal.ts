// Exact decimal arithmetic for DECIMAL values: value = unscaled / 10^scale with a bigint
// coefficient. MySQL allows 65 digits of precision and 30 after the point; results of division
// get div_precision_increment (default 4) more fractional digits than the dividend.

import type { DecimalParts } from '../../codec/index.js';

export const MAX_DECIMAL_PRECISION = 65;
export const MAX_DECIMAL_SCALE = 30;
export const DEFAULT_DIV_PRECISION_INCREMENT = 4;

const DECIMAL_TEXT = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;
const powersOfTen: bigint[] = [];

export function pow10(n: number): bigint {
  let p = powersOfTen[n];
  if (p === undefined) {
    p = 10n ** BigInt(n);
    powersOfTen[n] = p;
  }
  return p;
}

export class Decimal implements DecimalParts {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  static of(unscaled: bigint, scale: number): Decimal {
    return new Decimal(unscaled, scale);
  }

  /** Parses decimal text (an exponent is allowed); undefined when it is not a number. */
  static parse(text: string): Decimal | undefined {
    const m = DECIMAL_TEXT.exec(text);
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return undefined;
    const intPart = m[2] ?? '';
    const fracPart = m[3] ?? '';
    let unscaled = BigInt(intPart + fracPart || '0');
    let scale = fracPart.length;
    const exponent = m[4] !== undefined ? Number(m[4]) : 0;
    if (exponent > 0) {
      if (exponent >= scale) {
        unscaled *= pow10(exponent - scale);
        scale = 0;
      } else scale -= exponent;
    } else if (exponent < 0) scale -= exponent;
    if (m[1] === '-') unscaled = -unscaled;
    return new Decimal(unscaled, scale);
  }

  static fromInt(value: number | bigint): Decimal {
    return new Decimal(BigInt(value), 0);
  }

  /** The shortest decimal that round-trips the double (as MySQL converts doubles to DECIMAL). */
  static fromNumber(value: number): Decimal {
    if (Number.isInteger(value) && Math.abs(value) < 2 ** 53) return new Decimal(BigInt(value), 0);
    return Decimal.parse(String(value)) ?? Decimal.ZERO;
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): number {
    return this.unscaled < 0n ? -1 : this.unscaled > 0n ? 1 : 0;
  }

  negate(): Decimal {
    return new Decimal(-this.unscaled, this.scale);
  }

  abs(): Decimal {
    return this.unscaled < 0n ? this.negate() : this;
  }

  withScale(scale: number): bigint {
    return scale >= this.scale
      ? this.unscaled * pow10(scale - this.scale)
      : this.unscaled / pow10(this.scale - scale);
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.withScale(scale) + other.withScale(scale), scale);
  }

  sub(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.withScale(scale) - other.withScale(scale), scale);
  }

  mul(other: Decimal): Decimal {
    const scale = Math.min(this.scale + other.scale, MAX_DECIMAL_SCALE);
    const exact = new Decimal(this.unscaled * other.unscaled, this.scale + other.scale);
    return exact.scale > scale ? exact.round(scale) : exact;
  }

  /** Division with scale = dividend scale + increment (MySQL's rule), rounded half up. */
  div(other: Decimal, increment = DEFAULT_DIV_PRECISION_INCREMENT): Decimal | null {
    if (other.unscaled === 0n) return null;
    const scale = Math.min(this.scale + increment, MAX_DECIMAL_SCALE);
    // (a/10^sa) / (b/10^sb) = a·10^(sb + scale − sa) / b, computed with one extra digit to round.
    const shift = other.scale + scale - this.scale + 1;
    let numerator = this.unscaled;
    let denominator = other.unscaled;
    if (shift >= 0) numerator *= pow10(shift);
    else denominator *= pow10(-shift);
    const q = numerator / denominator;
    return new Decimal(roundLastDigit(q), scale);
  }

  /** Remainder with the sign of the dividend (MySQL's MOD); null when dividing by zero. */
  mod(other: Decimal): Decimal | null {
    if (other.unscaled === 0n) return null;
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.withScale(scale) % other.withScale(scale), scale);
  }

  /** Rounds half away from zero to scale digits (scale may be negative, as ROUND(x, -2)). */
  round(scale: number): Decimal {
    if (scale >= this.scale) return new Decimal(this.withScale(scale), scale);
    const drop = this.scale - scale;
    const q = this.unscaled / pow10(drop - 1);
    const rounded = roundLastDigit(q);
    if (scale >= 0) return new Decimal(rounded, scale);
    return new Decimal(rounded * pow10(-scale), 0);
  }

  /** Truncates toward zero to scale digits. */
  truncate(scale: number): Decimal {
    if (scale >= this.scale) return new Decimal(this.withScale(scale), scale);
    const truncated = this.unscaled / pow10(this.scale - scale);
    if (scale >= 0) return new Decimal(truncated, scale);
    return new Decimal(truncated * pow10(-scale), 0);
  }

  floor(): Decimal {
    const t = this.truncate(0);
    return this.unscaled < 0n && t.withScale(this.scale) !== this.unscaled
      ? new Decimal(t.unscaled - 1n, 0)
      : t;
  }

  ceil(): Decimal {
    const t = this.truncate(0);
    return this.unscaled > 0n && t.withScale(this.scale) !== this.unscaled
      ? new Decimal(t.unscaled + 1n, 0)
      : t;
  }

  compare(other: Decimal): number {
    const scale = Math.max(this.scale, other.scale);
    const a = this.withScale(scale);
    const b = other.withScale(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Digits before the point (at least 1) plus digits after: MySQL's precision of the value. */
  precision(): number {
    const digits = (this.unscaled < 0n ? -this.unscaled : this.unscaled).toString().length;
    return Math.max(digits, this.scale + 1);
  }

  integerDigits(): number {
    const digits = (this.unscaled < 0n ? -this.unscaled : this.unscaled).toString().length;
    return Math.max(0, digits - this.scale);
  }

  toNumber(): number {
    return Number(this.toString());
  }

  /** Truncated toward zero to an integer. */
  toBigInt(): bigint {
    return this.unscaled / pow10(this.scale);
  }

  toString(): string {
    const negative = this.unscaled < 0n;
    let digits = (negative ? -this.unscaled : this.unscaled).toString();
    if (this.scale > 0) {
      if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
      digits =
        digits.slice(0, digits.length - this.scale) +
        '.' +
        digits.slice(digits.length - this.scale);
    }
    return negative ? '-' + digits : digits;
  }
}

/** q carries one extra digit; drop it, rounding half away from zero. */
function roundLastDigit(q: bigint): bigint {
  const last = q % 10n;
  let result = q / 10n;
  if (last >= 5n) result += 1n;
  else if (last <= -5n) result -= 1n;
  return result;
}
