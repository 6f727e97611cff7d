// The parts of MySQL's canonical temporal strings ('2024-05-01', '2024-05-01 12:00:00.250000',
// '-838:59:59.000000') for the binary protocol, and back. Parsing reads character codes; the
// strings come from the SQL layer, so a malformed one is a bug and throws.

export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

export interface TimeParts {
  negative: boolean;
  /** Whole hours (may exceed 24; MySQL's TIME spans -838:59:59 to 838:59:59). */
  hours: number;
  minute: number;
  second: number;
  microsecond: number;
}

const DIGIT_ZERO = 0x30;
const MICROSECOND_DIGITS = 6;
const HOURS_PER_DAY = 24;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  digits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      const digit = this.text.charCodeAt(this.pos++) - DIGIT_ZERO;
      if (!(digit >= 0 && digit <= 9))
        throw new TypeError(`malformed temporal value '${this.text}'`);
      value = value * 10 + digit;
    }
    return value;
  }

  /** One or more digits. */
  number(): number {
    const start = this.pos;
    let value = 0;
    for (;;) {
      const digit = this.text.charCodeAt(this.pos) - DIGIT_ZERO;
      if (!(digit >= 0 && digit <= 9)) break;
      value = value * 10 + digit;
      this.pos++;
    }
    if (this.pos === start) throw new TypeError(`malformed temporal value '${this.text}'`);
    return value;
  }

  expect(char: string): void {
    if (this.text[this.pos++] !== char)
      throw new TypeError(`malformed temporal value '${this.text}'`);
  }

  more(): boolean {
    return this.pos < this.text.length;
  }

  /** '.ffffff' (1 to 6 digits) as microseconds, or 0 when absent. */
  fraction(): number {
    if (!this.more()) return 0;
    this.expect('.');
    const start = this.pos;
    const value = this.number();
    const length = this.pos - start;
    if (length > MICROSECOND_DIGITS) throw new TypeError(`malformed temporal value '${this.text}'`);
    return value * 10 ** (MICROSECOND_DIGITS - length);
  }
}

/** 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS[.ffffff]' (a 'T' separator is accepted too). */
export function parseDateTime(text: string): DateTimeParts {
  const cursor = new Cursor(text);
  const year = cursor.digits(4);
  cursor.expect('-');
  const month = cursor.digits(2);
  cursor.expect('-');
  const day = cursor.digits(2);
  if (!cursor.more()) return { year, month, day, hour: 0, minute: 0, second: 0, microsecond: 0 };
  const separator = text[cursor.pos++];
  if (separator !== ' ' && separator !== 'T')
    throw new TypeError(`malformed temporal value '${text}'`);
  const hour = cursor.digits(2);
  cursor.expect(':');
  const minute = cursor.digits(2);
  cursor.expect(':');
  const second = cursor.digits(2);
  const microsecond = cursor.fraction();
  return { year, month, day, hour, minute, second, microsecond };
}

/** '[-]H+:MM:SS[.ffffff]'. */
export function parseTime(text: string): TimeParts {
  const cursor = new Cursor(text);
  const negative = text[0] === '-';
  if (negative) cursor.pos++;
  const hours = cursor.number();
  cursor.expect(':');
  const minute = cursor.digits(2);
  cursor.expect(':');
  const second = cursor.digits(2);
  const microsecond = cursor.fraction();
  return { negative, hours, minute, second, microsecond };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function fractionText(microsecond: number): string {
  return microsecond === 0 ? '' : `.${pad(microsecond, MICROSECOND_DIGITS)}`;
}

export function formatDate(parts: DateTimeParts): string {
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

export function formatDateTime(parts: DateTimeParts): string {
  return (
    `${formatDate(parts)} ${pad(parts.hour, 2)}:${pad(parts.minute, 2)}:${pad(parts.second, 2)}` +
    fractionText(parts.microsecond)
  );
}

export function formatTime(parts: TimeParts): string {
  return (
    `${parts.negative ? '-' : ''}${pad(parts.hours, 2)}:${pad(parts.minute, 2)}:` +
    `${pad(parts.second, 2)}${fractionText(parts.microsecond)}`
  );
}

/** Splits whole hours into the binary protocol's days and hours. */
export function splitHours(hours: number): { days: number; hour: number } {
  return { days: Math.floor(hours / HOURS_PER_DAY), hour: hours % HOURS_PER_DAY };
}
