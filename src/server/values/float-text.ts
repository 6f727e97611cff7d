// MySQL's text forms of FLOAT and DOUBLE values (my_gcvt and my_fcvt in MySQL's strings/dtoa.cc):
// the shortest digits that round-trip (at most FLT_DIG = 6 significant digits for FLOAT), printed
// in plain notation when the decimal point position is within [-14, 15] (MAX_DECPT_FOR_F_FORMAT
// = DBL_DIG = 15) and in exponent notation without '+' or padding otherwise: 1e21 → '1e21',
// 0.1 → '0.1', 1e15 → '1e15', 1e-15 → '1e-15', 123456789 as FLOAT → '123457000'.

import { equalsDecimal } from './exact-decimal.js';

const MAX_DECPT_FOR_F_FORMAT = 15;
const FLOAT_SIGNIFICANT_DIGITS = 6;
/** Number.prototype.toFixed switches to exponent notation at 1e21. */
const TO_FIXED_LIMIT = 1e21;
/** Integers below 10^15 print as themselves (decimal point position <= 15). */
const PLAIN_INTEGER_LIMIT = 1e15;

function special(value: number): string | null {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return null;
}

function isNegative(value: number): boolean {
  return value < 0 || Object.is(value, -0);
}

/** Splits toExponential() output of a non-negative value into its digits and decimal point position. */
function splitExponential(text: string): { digits: string; decpt: number } {
  const e = text.indexOf('e');
  const mantissa = text.slice(0, e);
  const digits = mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa;
  return { digits: digits.replace(/0+$/, '') || '0', decpt: Number(text.slice(e + 1)) + 1 };
}

/** my_gcvt's choice between 'f' and 'e' notation, given the significant digits. */
function formatGeneral(negative: boolean, digits: string, decpt: number): string {
  const len = digits.length;
  const sign = negative ? '-' : '';
  const plain =
    decpt >= -MAX_DECPT_FOR_F_FORMAT + 1 && (decpt <= MAX_DECPT_FOR_F_FORMAT || len > decpt);
  if (plain) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt < len) return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
    return `${sign}${digits}${'0'.repeat(decpt - len)}`;
  }
  const exponent = decpt - 1;
  const mantissa = len > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${exponent}`;
}

/** DOUBLE without fixed decimals. */
export function doubleToText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < PLAIN_INTEGER_LIMIT && !Object.is(value, -0)) {
    return String(value);
  }
  const other = special(value);
  if (other !== null) return other;
  const { digits, decpt } = splitExponential(Math.abs(value).toExponential());
  return formatGeneral(isNegative(value), digits, decpt);
}

/**
 * Rounds a non-negative value to `significant` digits, half to even on exact ties (dtoa's
 * rounding), as digits and decimal point position.
 */
function roundSignificant(abs: number, significant: number): { digits: string; decpt: number } {
  const rounded = splitExponential(abs.toExponential(significant - 1));
  const longer = abs.toExponential(significant);
  const mantissa = longer.slice(0, longer.indexOf('e')).replace('.', '');
  if (mantissa.endsWith('5')) {
    const power10 = Number(longer.slice(longer.indexOf('e') + 1)) - significant;
    const kept = mantissa.slice(0, significant);
    const lastKept = kept.charCodeAt(kept.length - 1) - 0x30;
    if (lastKept % 2 === 0 && equalsDecimal(abs, mantissa, power10)) {
      return splitExponential(`${kept[0]}.${kept.slice(1)}e${power10 + significant}`);
    }
  }
  return rounded;
}

/** FLOAT without fixed decimals: the value as float32, at most 6 significant digits. */
export function floatToText(value: number): string {
  const single = Math.fround(value);
  const other = special(single);
  if (other !== null) return other;
  if (single === 0) return Object.is(single, -0) ? '-0' : '0';
  const { digits, decpt } = roundSignificant(Math.abs(single), FLOAT_SIGNIFICANT_DIGITS);
  return formatGeneral(single < 0, digits, decpt);
}

/** FLOAT/DOUBLE with a fixed number of decimals (my_fcvt: '%.Nf' rounding half to even). */
export function fixedToText(value: number, decimals: number): string {
  const other = special(value);
  if (other !== null) return other;
  const abs = Math.abs(value);
  const sign = isNegative(value) ? '-' : '';
  if (abs >= TO_FIXED_LIMIT) {
    return `${sign}${BigInt(abs).toString()}${decimals > 0 ? '.' + '0'.repeat(decimals) : ''}`;
  }
  let text = abs.toFixed(decimals);
  const longer = abs.toFixed(decimals + 1);
  if (longer.endsWith('5')) {
    const digits = longer.replace('.', '');
    if (equalsDecimal(abs, digits, -(decimals + 1))) {
      const truncated = longer.slice(0, -1).replace(/\.$/, '');
      const lastKept = truncated.charCodeAt(truncated.length - 1) - 0x30;
      if (lastKept % 2 === 0) text = truncated;
    }
  }
  return sign + text;
}
