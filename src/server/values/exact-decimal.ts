// Exact comparison of a double with a decimal number, used only to detect exact rounding ties
// (where MySQL's dtoa rounds half to even and JavaScript's toFixed/toExponential round up).

const MANTISSA_BITS = 52n;
const EXPONENT_BIAS = 1075;
const SUBNORMAL_EXPONENT = -1074;
const EXPONENT_MASK = 0x7ff;

const view = new DataView(new ArrayBuffer(8));

/** value = mantissa * 2^exponent exactly, for a finite value. */
function decompose(value: number): { mantissa: bigint; exponent: number } {
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> MANTISSA_BITS) & BigInt(EXPONENT_MASK));
  const fraction = bits & ((1n << MANTISSA_BITS) - 1n);
  if (biased === 0) return { mantissa: fraction, exponent: SUBNORMAL_EXPONENT };
  return { mantissa: fraction | (1n << MANTISSA_BITS), exponent: biased - EXPONENT_BIAS };
}

/** Whether |value| equals digits × 10^power10 exactly (digits: a string of decimal digits). */
export function equalsDecimal(value: number, digits: string, power10: number): boolean {
  const { mantissa, exponent } = decompose(Math.abs(value));
  let left = mantissa;
  let right = BigInt(digits);
  if (exponent >= 0) left <<= BigInt(exponent);
  else right <<= BigInt(-exponent);
  if (power10 >= 0) right *= 10n ** BigInt(power10);
  else left *= 10n ** BigInt(-power10);
  return left === right;
}
