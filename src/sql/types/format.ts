// Text forms of numbers as MySQL prints them: DOUBLE with up to 17 significant digits and an
// exponent from 1e15 up or below 1e-4 ('1e20', '1.5e-7'); FLOAT with 6 significant digits.

const EXPONENT_FROM = 15;
const EXPONENT_BELOW = -4;
const FLOAT_DIGITS = 6;

export function formatDouble(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent >= EXPONENT_FROM || exponent < EXPONENT_BELOW) {
    const [mantissa, exp] = value.toExponential().split('e');
    return `${mantissa}e${exp!.startsWith('+') ? exp!.slice(1) : exp}`;
  }
  return String(value);
}

export function formatFloat(value: number): string {
  if (value === 0) return '0';
  return formatDouble(Number(value.toPrecision(FLOAT_DIGITS)));
}
