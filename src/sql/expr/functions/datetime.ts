// Date and time functions. NOW() and friends are fixed at statement start; the session time zone
// shifts them from UTC.

import { ER } from '../../../server/constants/error-codes.js';
import {
  daysInMonth,
  formatDate,
  formatDateTime,
  formatTime,
  fromEpochMs,
  parseDateTime,
  parseTime,
  toEpochMs,
} from '../../types/datetime.js';
import type { DateTimeParts } from '../../types/datetime.js';
import type { Value } from '../../types/value.js';
import type { Compiled } from '../compiled.js';
import { toDouble, toInt, toText } from '../convert.js';
import type { EvalContext } from '../eval-context.js';
import { makeType } from '../expr-type.js';
import { strictFunction } from './function-def.js';
import type { FunctionDef, FunctionTable } from './function-def.js';

const MS_PER_DAY = 86_400_000;
const MS_PER_SECOND = 1000;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function nowParts(ctx: EvalContext, utc = false): DateTimeParts {
  const offset = utc ? 0 : ctx.session.timeZoneOffsetMinutes(ctx.nowMs);
  return fromEpochMs(ctx.nowMs, offset, 0);
}

function clock(kind: 'datetime' | 'date' | 'time', utc = false): FunctionDef {
  return {
    minArgs: 0,
    maxArgs: 1,
    compile: () => ({
      type: makeType(kind),
      constant: false,
      evaluate: (_row, ctx) => {
        const p = nowParts(ctx, utc);
        if (kind === 'date') return formatDate(p);
        if (kind === 'time') return formatTime(((p.hour * 60 + p.minute) * 60 + p.second) * 1e6, 0);
        return formatDateTime(p, 0);
      },
    }),
  };
}

/** Parts of a date/datetime argument, or null (with a warning) when it is not a valid one. */
export function argParts(value: Value, arg: Compiled, ctx: EvalContext): DateTimeParts | null {
  const text = toText(value, arg.type)!;
  const parts = parseDateTime(text);
  if (!parts) {
    ctx.warn(ER.TRUNCATED_WRONG_VALUE, 'datetime', text);
    return null;
  }
  return parts;
}

function part(f: (p: DateTimeParts) => number): FunctionDef {
  return strictFunction(
    1,
    1,
    () => makeType('int'),
    ([v], [a], ctx) => {
      const p = argParts(v!, a!, ctx);
      return p ? f(p) : null;
    },
  );
}

function timePart(f: (micros: number) => number): FunctionDef {
  return strictFunction(
    1,
    1,
    () => makeType('int'),
    ([v], [a], ctx) => {
      const text = toText(v!, a!.type)!;
      const dt = a!.type.kind === 'time' ? undefined : parseDateTime(text);
      const micros = dt
        ? ((dt.hour * 60 + dt.minute) * 60 + dt.second) * 1e6 + dt.micro
        : parseTime(text);
      if (micros === undefined) {
        ctx.warn(ER.TRUNCATED_WRONG_VALUE, 'time', text);
        return null;
      }
      return f(Math.abs(micros));
    },
  );
}

function dayNumber(p: DateTimeParts): number {
  return Math.floor(Date.UTC(p.year, p.month - 1, p.day) / MS_PER_DAY);
}

/** Adds an interval; months clamp the day to the month's length as MySQL does. */
export function addInterval(p: DateTimeParts, amount: number, unit: string): DateTimeParts | null {
  if (unit === 'MONTH' || unit === 'QUARTER' || unit === 'YEAR') {
    const months = amount * (unit === 'YEAR' ? 12 : unit === 'QUARTER' ? 3 : 1);
    const total = p.year * 12 + (p.month - 1) + months;
    const year = Math.floor(total / 12);
    const month = (total % 12) + 1;
    if (year < 0 || year > 9999) return null;
    return { ...p, year, month, day: Math.min(p.day, daysInMonth(year, month)) };
  }
  const unitMs: Record<string, number> = {
    MICROSECOND: 0.001,
    SECOND: 1000,
    MINUTE: 60_000,
    HOUR: 3_600_000,
    DAY: MS_PER_DAY,
    WEEK: 7 * MS_PER_DAY,
  };
  const micro = unit === 'MICROSECOND' ? p.micro + amount : p.micro;
  const ms =
    toEpochMs({ ...p, micro: 0 }) +
    (unit === 'MICROSECOND' ? Math.floor(micro / 1e6) * 1000 : amount * unitMs[unit]!);
  const result = fromEpochMs(ms, 0, unit === 'MICROSECOND' ? ((micro % 1e6) + 1e6) % 1e6 : p.micro);
  return result.year < 0 || result.year > 9999 ? null : result;
}

function dateArith(sign: 1 | -1): FunctionDef {
  return {
    minArgs: 2,
    maxArgs: 2,
    compile: ([d, interval]) => {
      const unit = (interval as Compiled & { unit?: string }).unit ?? 'DAY';
      const dayUnit = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'].includes(unit);
      const kind = d!.type.kind;
      // A DATE stays a DATE for whole-day units; a string argument answers in its own form.
      const resultKind =
        kind === 'date' && dayUnit
          ? 'date'
          : kind === 'date' || kind === 'datetime'
            ? 'datetime'
            : 'string';
      return {
        type: makeType(resultKind, { scale: unit === 'MICROSECOND' ? 6 : 0 }),
        constant: d!.constant && interval!.constant,
        evaluate: (row, ctx) => {
          const v = d!.evaluate(row, ctx);
          const n = interval!.evaluate(row, ctx);
          if (v === null || n === null) return null;
          const p = argParts(v, d!, ctx);
          if (!p) return null;
          const amount = Number(toInt(n, interval!.type, ctx));
          const r = addInterval(p, sign * amount, unit);
          if (!r) return null;
          const hasTime =
            resultKind !== 'string' || /[ T]\d|^\d{12}/.test(toText(v, d!.type)!.trim());
          if (resultKind === 'date' || (resultKind === 'string' && dayUnit && !hasTime))
            return formatDate(r);
          return formatDateTime(r, unit === 'MICROSECOND' || r.micro ? 6 : 0);
        },
      };
    },
  };
}

function formatWith(p: DateTimeParts, format: string): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const weekday = new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay();
  return format.replace(/%(.)/g, (_, c: string) => {
    switch (c) {
      case 'Y':
        return pad(p.year, 4);
      case 'y':
        return pad(p.year % 100);
      case 'm':
        return pad(p.month);
      case 'c':
        return String(p.month);
      case 'd':
        return pad(p.day);
      case 'e':
        return String(p.day);
      case 'H':
        return pad(p.hour);
      case 'k':
        return String(p.hour);
      case 'h':
      case 'I':
        return pad(p.hour % 12 || 12);
      case 'l':
        return String(p.hour % 12 || 12);
      case 'i':
        return pad(p.minute);
      case 's':
      case 'S':
        return pad(p.second);
      case 'f':
        return pad(p.micro, 6);
      case 'p':
        return p.hour < 12 ? 'AM' : 'PM';
      case 'M':
        return MONTH_NAMES[p.month - 1] ?? '';
      case 'b':
        return (MONTH_NAMES[p.month - 1] ?? '').slice(0, 3);
      case 'W':
        return DAY_NAMES[weekday]!;
      case 'a':
        return DAY_NAMES[weekday]!.slice(0, 3);
      case 'w':
        return String(weekday);
      case 'j':
        return pad(dayNumber(p) - dayNumber({ ...p, month: 1, day: 1 }) + 1, 3);
      case 'T':
        return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
      case 'r':
        return `${pad(p.hour % 12 || 12)}:${pad(p.minute)}:${pad(p.second)} ${p.hour < 12 ? 'AM' : 'PM'}`;
      case '%':
        return '%';
      default:
        return c;
    }
  });
}

export const DATETIME_FUNCTIONS: FunctionTable = {
  NOW: clock('datetime'),
  CURRENT_TIMESTAMP: clock('datetime'),
  LOCALTIME: clock('datetime'),
  LOCALTIMESTAMP: clock('datetime'),
  SYSDATE: clock('datetime'),
  CURDATE: clock('date'),
  CURRENT_DATE: clock('date'),
  CURTIME: clock('time'),
  CURRENT_TIME: clock('time'),
  UTC_TIMESTAMP: clock('datetime', true),
  UTC_DATE: clock('date', true),
  UTC_TIME: clock('time', true),
  UNIX_TIMESTAMP: {
    minArgs: 0,
    maxArgs: 1,
    compile: (args) => ({
      type: makeType('int'),
      constant: false,
      evaluate: (row, ctx) => {
        if (args.length === 0) return Math.floor(ctx.nowMs / MS_PER_SECOND);
        const v = args[0]!.evaluate(row, ctx);
        if (v === null) return null;
        const p = argParts(v, args[0]!, ctx);
        if (!p) return null;
        const offset = ctx.session.timeZoneOffsetMinutes(toEpochMs(p));
        return Math.max(0, Math.floor((toEpochMs(p) - offset * 60_000) / MS_PER_SECOND));
      },
    }),
  },
  FROM_UNIXTIME: strictFunction(
    1,
    1,
    () => makeType('datetime'),
    ([v], [a], ctx) => {
      const seconds = toDouble(v!, a!.type, ctx)!;
      const ms = Math.floor(seconds * MS_PER_SECOND);
      return formatDateTime(fromEpochMs(ms, ctx.session.timeZoneOffsetMinutes(ms), 0), 0);
    },
  ),
  DATE: strictFunction(
    1,
    1,
    () => makeType('date'),
    ([v], [a], ctx) => {
      const p = argParts(v!, a!, ctx);
      return p ? formatDate(p) : null;
    },
  ),
  TIME: strictFunction(
    1,
    1,
    () => makeType('time'),
    ([v], [a], ctx) => {
      const text = toText(v!, a!.type)!;
      const dt = parseDateTime(text);
      const micros =
        dt && a!.type.kind !== 'time'
          ? ((dt.hour * 60 + dt.minute) * 60 + dt.second) * 1e6
          : parseTime(text);
      if (micros === undefined) {
        ctx.warn(ER.TRUNCATED_WRONG_VALUE, 'time', text);
        return null;
      }
      return formatTime(micros, 0);
    },
  ),
  YEAR: part((p) => p.year),
  MONTH: part((p) => p.month),
  DAY: part((p) => p.day),
  DAYOFMONTH: part((p) => p.day),
  DAYOFWEEK: part((p) => new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 1),
  WEEKDAY: part((p) => (new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay() + 6) % 7),
  DAYOFYEAR: part((p) => dayNumber(p) - dayNumber({ ...p, month: 1, day: 1 }) + 1),
  QUARTER: part((p) => Math.ceil(p.month / 3)),
  TO_DAYS: part((p) => dayNumber(p) + 719528),
  HOUR: timePart((m) => Math.floor(m / 3.6e9)),
  MINUTE: timePart((m) => Math.floor(m / 6e7) % 60),
  SECOND: timePart((m) => Math.floor(m / 1e6) % 60),
  MICROSECOND: timePart((m) => m % 1e6),
  MONTHNAME: strictFunction(
    1,
    1,
    () => makeType('string'),
    ([v], [a], ctx) => {
      const p = argParts(v!, a!, ctx);
      return p && p.month ? MONTH_NAMES[p.month - 1]! : null;
    },
  ),
  DAYNAME: strictFunction(
    1,
    1,
    () => makeType('string'),
    ([v], [a], ctx) => {
      const p = argParts(v!, a!, ctx);
      return p ? DAY_NAMES[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()]! : null;
    },
  ),
  LAST_DAY: strictFunction(
    1,
    1,
    () => makeType('date'),
    ([v], [a], ctx) => {
      const p = argParts(v!, a!, ctx);
      return p && p.month ? formatDate({ ...p, day: daysInMonth(p.year, p.month) }) : null;
    },
  ),
  DATEDIFF: strictFunction(
    2,
    2,
    () => makeType('int'),
    ([x, y], [a, b], ctx) => {
      const p = argParts(x!, a!, ctx);
      const q = argParts(y!, b!, ctx);
      return p && q ? dayNumber(p) - dayNumber(q) : null;
    },
  ),
  DATE_FORMAT: strictFunction(
    2,
    2,
    () => makeType('string'),
    ([v, f], [a, b], ctx) => {
      const p = argParts(v!, a!, ctx);
      return p ? formatWith(p, toText(f!, b!.type)!) : null;
    },
  ),
  DATE_ADD: dateArith(1),
  ADDDATE: dateArith(1),
  DATE_SUB: dateArith(-1),
  SUBDATE: dateArith(-1),
  EXTRACT: strictFunction(
    2,
    2,
    () => makeType('int'),
    ([unit, v], [, a], ctx) => {
      const p = argParts(v!, a!, ctx);
      if (!p) return null;
      switch (String(unit)) {
        case 'YEAR':
          return p.year;
        case 'QUARTER':
          return Math.ceil(p.month / 3);
        case 'MONTH':
          return p.month;
        case 'DAY':
          return p.day;
        case 'HOUR':
          return p.hour;
        case 'MINUTE':
          return p.minute;
        case 'SECOND':
          return p.second;
        case 'MICROSECOND':
          return p.micro;
        default:
          return null;
      }
    },
  ),
  TIMESTAMPDIFF: strictFunction(
    3,
    3,
    () => makeType('int'),
    ([unit, x, y], [, a, b], ctx) => {
      const p = argParts(x!, a!, ctx);
      const q = argParts(y!, b!, ctx);
      if (!p || !q) return null;
      const u = String(unit);
      if (u === 'MONTH' || u === 'QUARTER' || u === 'YEAR') {
        let months = (q.year - p.year) * 12 + (q.month - p.month);
        const rest = (d: DateTimeParts) => ((d.day * 24 + d.hour) * 60 + d.minute) * 60 + d.second;
        if (months > 0 && rest(q) < rest(p)) months--;
        if (months < 0 && rest(q) > rest(p)) months++;
        return Math.trunc(months / (u === 'YEAR' ? 12 : u === 'QUARTER' ? 3 : 1));
      }
      const diffMs = toEpochMs(q) - toEpochMs(p);
      const per: Record<string, number> = {
        MICROSECOND: 0.001,
        SECOND: 1000,
        MINUTE: 60_000,
        HOUR: 3_600_000,
        DAY: MS_PER_DAY,
        WEEK: 7 * MS_PER_DAY,
      };
      return Math.trunc(diffMs / per[u]!);
    },
  ),
};
