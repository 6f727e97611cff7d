// DATE, DATETIME, TIMESTAMP and TIME values in MySQL's canonical text form
// ('2024-05-01', '2024-05-01 12:00:00.250000', '-12:30:00'), which is also how they are stored:
// fixed-width text for a given fractional precision compares in time order.

export const MAX_FSP = 6;
const MAX_TIME_HOURS = 838;
const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 3600;
const MS_PER_SECOND = 1000;
const MINUTES_PER_HOUR = 60;

export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function validParts(p: DateTimeParts): boolean {
  if (p.year === 0 && p.month === 0 && p.day === 0) return true;
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.year > 9999) return false;
  if (p.day > daysInMonth(p.year, p.month)) return false;
  return p.hour < 24 && p.minute < 60 && p.second < 60;
}

function twoDigitYear(year: number, digits: number): number {
  if (digits > 2) return year;
  return year < 70 ? 2000 + year : 1900 + year;
}

const DELIMITED =
  /^(\d{2,4})[-/.:](\d{1,2})[-/.:](\d{1,2})(?:(?:[ T]+|$)(?:(\d{1,2})(?:[:.](\d{1,2})(?:[:.](\d{1,2})(?:\.(\d*))?)?)?)?)?\s*$/;

/** Parses MySQL's date and datetime spellings; undefined when the text is not a valid one. */
export function parseDateTime(text: string): DateTimeParts | undefined {
  const t = text.trim();
  const m = DELIMITED.exec(t);
  let p: DateTimeParts;
  if (m) {
    p = {
      year: twoDigitYear(Number(m[1]), m[1]!.length),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
      micro: fractionToMicro(m[7] ?? ''),
    };
  } else {
    const digits = /^(\d+)(?:\.(\d*))?$/.exec(t);
    if (!digits) return undefined;
    const d = digits[1]!;
    if (![6, 8, 12, 14].includes(d.length)) return undefined;
    const yearDigits = d.length === 8 || d.length === 14 ? 4 : 2;
    const year = twoDigitYear(Number(d.slice(0, yearDigits)), yearDigits);
    const rest = d.slice(yearDigits);
    p = {
      year,
      month: Number(rest.slice(0, 2)),
      day: Number(rest.slice(2, 4)),
      hour: Number(rest.slice(4, 6) || 0),
      minute: Number(rest.slice(6, 8) || 0),
      second: Number(rest.slice(8, 10) || 0),
      micro: fractionToMicro(digits[2] ?? ''),
    };
  }
  return validParts(p) ? p : undefined;
}

function fractionToMicro(fraction: string): number {
  if (fraction === '') return 0;
  return Number((fraction + '000000').slice(0, MAX_FSP));
}

export function formatDate(p: DateTimeParts): string {
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}`;
}

/** Rounds the microseconds to fsp digits (carrying into the seconds) and formats. */
export function formatDateTime(p: DateTimeParts, fsp: number): string {
  const q = roundToFsp(p, fsp);
  const base = `${formatDate(q)} ${pad(q.hour, 2)}:${pad(q.minute, 2)}:${pad(q.second, 2)}`;
  return fsp > 0 ? `${base}.${pad(q.micro, MAX_FSP).slice(0, fsp)}` : base;
}

function roundToFsp(p: DateTimeParts, fsp: number): DateTimeParts {
  const unit = 10 ** (MAX_FSP - fsp);
  const micro = Math.round(p.micro / unit) * unit;
  if (micro < 10 ** MAX_FSP) return { ...p, micro };
  if (p.year === 0) return { ...p, micro: 0 };
  const ms = toEpochMs(p) + MS_PER_SECOND;
  return { ...fromEpochMs(ms, 0), micro: 0 };
}

export function toEpochMs(p: DateTimeParts): number {
  return (
    Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + Math.floor(p.micro / 1000)
  );
}

/** Parts of a UTC instant shifted by offsetMinutes. */
export function fromEpochMs(ms: number, offsetMinutes: number, micro?: number): DateTimeParts {
  const d = new Date(ms + offsetMinutes * SECONDS_PER_MINUTE * MS_PER_SECOND);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    micro: micro ?? d.getUTCMilliseconds() * 1000,
  };
}

/** Parses TIME ('[-][D ]HH:MM:SS[.frac]', 'HHMMSS', seconds); returns signed microseconds. */
export function parseTime(text: string): number | undefined {
  const t = text.trim();
  let m = /^(-)?(?:(\d+)\s+)?(\d{1,3}):(\d{1,2})(?::(\d{1,2}))?(?:\.(\d*))?$/.exec(t);
  let hours: number;
  let minutes: number;
  let seconds: number;
  let fraction: string;
  let negative: boolean;
  if (m) {
    negative = m[1] === '-';
    hours = Number(m[3]) + Number(m[2] ?? 0) * 24;
    minutes = Number(m[4]);
    seconds = Number(m[5] ?? 0);
    fraction = m[6] ?? '';
  } else {
    m = /^(-)?(\d{1,7})(?:\.(\d*))?$/.exec(t);
    if (!m) {
      const dt = parseDateTime(t);
      if (!dt) return undefined;
      return (
        ((dt.hour * MINUTES_PER_HOUR + dt.minute) * SECONDS_PER_MINUTE + dt.second) * 1e6 + dt.micro
      );
    }
    negative = m[1] === '-';
    const digits = m[2]!.padStart(6, '0');
    hours = Number(digits.slice(0, -4));
    minutes = Number(digits.slice(-4, -2));
    seconds = Number(digits.slice(-2));
    fraction = m[3] ?? '';
  }
  if (minutes >= 60 || seconds >= 60 || hours > MAX_TIME_HOURS) return undefined;
  const micros =
    (hours * SECONDS_PER_HOUR + minutes * SECONDS_PER_MINUTE + seconds) * 1e6 +
    fractionToMicro(fraction);
  return negative ? -micros : micros;
}

export function formatTime(micros: number, fsp: number): string {
  const negative = micros < 0;
  let rest = Math.abs(micros);
  const unit = 10 ** (MAX_FSP - fsp);
  rest = Math.round(rest / unit) * unit;
  const micro = rest % 1e6;
  let seconds = Math.floor(rest / 1e6);
  const hours = Math.floor(seconds / SECONDS_PER_HOUR);
  seconds -= hours * SECONDS_PER_HOUR;
  const minutes = Math.floor(seconds / SECONDS_PER_MINUTE);
  seconds -= minutes * SECONDS_PER_MINUTE;
  const base = `${negative ? '-' : ''}${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}`;
  return fsp > 0 ? `${base}.${pad(micro, MAX_FSP).slice(0, fsp)}` : base;
}

/** Minutes east of UTC for a time_zone value ('SYSTEM', '+05:30', '-08:00', 'UTC'). */
export function timeZoneOffsetMinutes(zone: string, atMs: number): number | undefined {
  const z = zone.trim().toUpperCase();
  if (z === 'SYSTEM') return -new Date(atMs).getTimezoneOffset();
  if (z === 'UTC' || z === 'GMT') return 0;
  const m = /^([+-])(\d{1,2}):(\d{2})$/.exec(z);
  if (!m) return undefined;
  const minutes = Number(m[2]) * MINUTES_PER_HOUR + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}
