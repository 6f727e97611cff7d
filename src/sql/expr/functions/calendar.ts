// Calendar and clock functions beyond the basic ones: WEEK / WEEKOFYEAR / YEARWEEK with MySQL's
// eight week modes, MAKEDATE, FROM_DAYS, TIME_TO_SEC, SEC_TO_TIME, MAKETIME, TIMESTAMP and
// STR_TO_DATE (the date, datetime or time its format describes).

import { ER } from '../../../server/constants/error-codes.js';
import {
  daysInMonth,
  formatDate,
  formatDateTime,
  formatTime,
  parseDateTime,
  parseTime,
} from '../../types/datetime.js';
import type { DateTimeParts } from '../../types/datetime.js';
import type { Value } from '../../types/value.js';
import type { Compiled } from '../compiled.js';
import { toDouble, toInt, toText } from '../convert.js';
import type { EvalContext } from '../eval-context.js';
import { makeType } from '../expr-type.js';
import type { EvalKind } from '../../types/column-type.js';
import { argParts } from './datetime.js';
import { strictFunction } from './function-def.js';
import type { FunctionDef, FunctionTable } from './function-def.js';

const MS_PER_DAY = 86_400_000;
/** TO_DAYS('1970-01-01'): MySQL counts days from year 0. */
const DAYNR_OF_EPOCH = 719_528;
/** FROM_DAYS answers the zero date below this day number (MySQL's). */
const FIRST_VALID_DAYNR = 366;
const MICROS_PER_SECOND = 1e6;
const SECONDS_PER_HOUR = 3600;
const MAX_TIME_SECONDS = 838 * SECONDS_PER_HOUR + 59 * 60 + 59;

// Week mode bits (MySQL's sql_time.h).
const WEEK_MONDAY_FIRST = 1;
const WEEK_YEAR = 2;
const WEEK_FIRST_WEEKDAY = 4;

function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY) + DAYNR_OF_EPOCH;
}

function daysInYear(year: number): number {
  return daysInMonth(year, 2) === 29 ? 366 : 365;
}

function partsOfDayNumber(daynr: number): DateTimeParts {
  const date = new Date((daynr - DAYNR_OF_EPOCH) * MS_PER_DAY);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: 0,
    minute: 0,
    second: 0,
    micro: 0,
  };
}

/** MySQL's week_mode(): the behaviour bits of a WEEK() mode argument. */
function weekBehaviour(mode: number): number {
  let behaviour = mode & 7;
  if (!(behaviour & WEEK_MONDAY_FIRST)) behaviour ^= WEEK_FIRST_WEEKDAY;
  return behaviour;
}

/** MySQL's calc_week(): the week number, and the year it belongs to. */
function calcWeek(p: DateTimeParts, behaviour: number): { week: number; year: number } {
  const daynr = dayNumber(p.year, p.month, p.day);
  let firstDaynr = dayNumber(p.year, 1, 1);
  const mondayFirst = (behaviour & WEEK_MONDAY_FIRST) !== 0;
  let weekYear = (behaviour & WEEK_YEAR) !== 0;
  const firstWeekday = (behaviour & WEEK_FIRST_WEEKDAY) !== 0;
  let weekday = (firstDaynr + 5 + (mondayFirst ? 0 : 1)) % 7;
  let year = p.year;
  if (p.month === 1 && p.day <= 7 - weekday) {
    if (!weekYear && ((firstWeekday && weekday !== 0) || (!firstWeekday && weekday >= 4)))
      return { week: 0, year };
    weekYear = true;
    year--;
    const days = daysInYear(year);
    firstDaynr -= days;
    weekday = (weekday + 53 * 7 - days) % 7;
  }
  let days: number;
  if ((firstWeekday && weekday !== 0) || (!firstWeekday && weekday >= 4))
    days = daynr - (firstDaynr + (7 - weekday));
  else days = daynr - (firstDaynr - weekday);
  if (weekYear && days >= 52 * 7) {
    weekday = (weekday + daysInYear(year)) % 7;
    if ((!firstWeekday && weekday < 4) || (firstWeekday && weekday === 0))
      return { week: 1, year: year + 1 };
  }
  return { week: Math.floor(days / 7) + 1, year };
}

function weekFunction(defaultMode: number | null, withYear: boolean): FunctionDef {
  return strictFunction(
    1,
    defaultMode === null ? 1 : 2,
    () => makeType('int'),
    ([d, m], [a, b], ctx) => {
      const p = argParts(d!, a!, ctx);
      if (!p || p.month === 0 || p.day === 0) return null;
      const mode = m === undefined ? (defaultMode ?? 3) : Number(toInt(m, b!.type, ctx));
      const behaviour = weekBehaviour(mode) | (withYear ? WEEK_YEAR : 0);
      const { week, year } = calcWeek(p, defaultMode === null ? weekBehaviour(3) : behaviour);
      return withYear ? year * 100 + week : week;
    },
  );
}

/** The seconds of a TIME (or the time of day of a DATETIME), signed. */
function secondsOf(v: Value, a: Compiled, ctx: EvalContext): number | null {
  const text = toText(v, a.type)!;
  const dt = a.type.kind === 'time' ? undefined : parseDateTime(text);
  const micros = dt
    ? ((dt.hour * 60 + dt.minute) * 60 + dt.second) * MICROS_PER_SECOND + dt.micro
    : parseTime(text);
  if (micros === undefined) {
    ctx.warn(ER.TRUNCATED_WRONG_VALUE, 'time', text);
    return null;
  }
  return micros / MICROS_PER_SECOND;
}

/** A TIME from seconds, clamped to ±838:59:59 with a warning as MySQL does. */
function timeOfSeconds(seconds: number, ctx: EvalContext): string {
  let s = seconds;
  if (Math.abs(s) > MAX_TIME_SECONDS) {
    s = Math.sign(s) * MAX_TIME_SECONDS;
    ctx.warn(ER.TRUNCATED_WRONG_VALUE, 'time', String(seconds));
  }
  const micros = Math.round(s * MICROS_PER_SECOND);
  return formatTime(micros, micros % MICROS_PER_SECOND === 0 ? 0 : 6);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** What STR_TO_DATE's format yields: a DATE, a TIME or a DATETIME (MySQL decides by specifiers). */
function strToDateKind(format: string): EvalKind {
  const specifiers = [...format.matchAll(/%(.)/g)].map((m) => m[1]!);
  const date = specifiers.some((c) => 'YyMmbcdDejaWUuVvXx'.includes(c));
  const time = specifiers.some((c) => 'HhIiklrSsTfp'.includes(c));
  if (date && time) return 'datetime';
  return time ? 'time' : date ? 'date' : 'datetime';
}

/** Parses text by a DATE_FORMAT-style format; undefined when it does not match. */
function parseByFormat(input: string, format: string): DateTimeParts | undefined {
  const p: DateTimeParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0 };
  let pm: boolean | null = null;
  let at = 0;
  const number = (maxDigits: number): number | undefined => {
    const m = new RegExp(`^[+-]?\\d{1,${maxDigits}}`).exec(input.slice(at));
    if (!m) return undefined;
    at += m[0].length;
    return Number(m[0]);
  };
  const word = (names: readonly string[], short: boolean): number | undefined => {
    const rest = input.slice(at).toLowerCase();
    const index = names.findIndex((n) => rest.startsWith(short ? n.slice(0, 3) : n));
    if (index < 0) return undefined;
    at += short ? 3 : names[index]!.length;
    return index;
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%' || i === format.length - 1) {
      if (/\s/.test(c)) {
        while (at < input.length && /\s/.test(input[at]!)) at++;
        continue;
      }
      if (input[at] !== c) return undefined;
      at++;
      continue;
    }
    const spec = format[++i]!;
    let v: number | undefined;
    switch (spec) {
      case 'Y':
        v = number(4);
        if (v !== undefined) p.year = v;
        break;
      case 'y':
        v = number(2);
        if (v !== undefined) p.year = v < 70 ? 2000 + v : 1900 + v;
        break;
      case 'm':
      case 'c':
        v = number(2);
        if (v !== undefined) p.month = v;
        break;
      case 'M':
      case 'b':
        v = word(MONTHS, spec === 'b');
        if (v !== undefined) p.month = v + 1;
        break;
      case 'd':
      case 'e':
        v = number(2);
        if (v !== undefined) p.day = v;
        break;
      case 'H':
      case 'k':
      case 'h':
      case 'I':
      case 'l':
        v = number(2);
        if (v !== undefined) p.hour = v;
        break;
      case 'i':
        v = number(2);
        if (v !== undefined) p.minute = v;
        break;
      case 's':
      case 'S':
        v = number(2);
        if (v !== undefined) p.second = v;
        break;
      case 'f': {
        const m = /^\d{1,6}/.exec(input.slice(at));
        if (!m) return undefined;
        at += m[0].length;
        p.micro = Number(m[0].padEnd(6, '0'));
        v = 0;
        break;
      }
      case 'p': {
        const rest = input.slice(at, at + 2).toUpperCase();
        if (rest !== 'AM' && rest !== 'PM') return undefined;
        pm = rest === 'PM';
        at += 2;
        v = 0;
        break;
      }
      case 'W':
      case 'a':
        v = word(WEEKDAYS, spec === 'a');
        break;
      case 'j': {
        v = number(3);
        if (v !== undefined && p.year) {
          const parts = partsOfDayNumber(dayNumber(p.year, 1, 1) + v - 1);
          p.month = parts.month;
          p.day = parts.day;
        }
        break;
      }
      case 'T': {
        const m = /^(\d{1,2}):(\d{1,2}):(\d{1,2})/.exec(input.slice(at));
        if (!m) return undefined;
        at += m[0].length;
        [p.hour, p.minute, p.second] = [Number(m[1]), Number(m[2]), Number(m[3])];
        v = 0;
        break;
      }
      case '%':
        v = input[at] === '%' ? 0 : undefined;
        if (v !== undefined) at++;
        break;
      default:
        return undefined;
    }
    if (v === undefined) return undefined;
  }
  if (pm !== null) {
    if (p.hour < 1 || p.hour > 12) return undefined;
    p.hour = (p.hour % 12) + (pm ? 12 : 0);
  }
  if (p.month > 12 || p.hour > 23 || p.minute > 59 || p.second > 59) return undefined;
  if (p.month && p.day > daysInMonth(p.year, p.month)) return undefined;
  return p;
}

export const CALENDAR_FUNCTIONS: FunctionTable = {
  WEEK: weekFunction(0, false),
  WEEKOFYEAR: weekFunction(null, false),
  YEARWEEK: weekFunction(0, true),
  MAKEDATE: strictFunction(
    2,
    2,
    () => makeType('date'),
    ([y, d], [a, b], ctx) => {
      let year = Number(toInt(y!, a!.type, ctx));
      const day = Number(toInt(d!, b!.type, ctx));
      if (day <= 0 || year < 0) return null;
      if (year < 100) year = year < 70 ? 2000 + year : 1900 + year;
      const parts = partsOfDayNumber(dayNumber(year, 1, 1) + day - 1);
      return parts.year > 9999 ? null : formatDate(parts);
    },
  ),
  FROM_DAYS: strictFunction(
    1,
    1,
    () => makeType('date'),
    ([n], [a], ctx) => {
      const daynr = Number(toInt(n!, a!.type, ctx));
      if (daynr < FIRST_VALID_DAYNR) return '0000-00-00';
      const parts = partsOfDayNumber(daynr);
      return parts.year > 9999 ? null : formatDate(parts);
    },
  ),
  TIME_TO_SEC: strictFunction(
    1,
    1,
    () => makeType('int'),
    ([v], [a], ctx) => {
      const seconds = secondsOf(v!, a!, ctx);
      return seconds === null ? null : Math.trunc(seconds);
    },
  ),
  SEC_TO_TIME: strictFunction(
    1,
    1,
    () => makeType('time'),
    ([v], [a], ctx) => timeOfSeconds(toDouble(v!, a!.type, ctx)!, ctx),
  ),
  MAKETIME: strictFunction(
    3,
    3,
    () => makeType('time'),
    ([h, m, s], [a, b, c], ctx) => {
      const hours = Number(toInt(h!, a!.type, ctx));
      const minutes = Number(toInt(m!, b!.type, ctx));
      const seconds = toDouble(s!, c!.type, ctx)!;
      if (minutes < 0 || minutes > 59 || seconds < 0 || seconds >= 60) return null;
      const total = Math.abs(hours) * SECONDS_PER_HOUR + minutes * 60 + seconds;
      return timeOfSeconds(hours < 0 ? -total : total, ctx);
    },
  ),
  TIMESTAMP: strictFunction(
    1,
    2,
    () => makeType('datetime'),
    ([d, t], [a, b], ctx) => {
      const p = argParts(d!, a!, ctx);
      if (!p) return null;
      if (t === undefined) return formatDateTime(p, p.micro ? 6 : 0);
      const seconds = secondsOf(t, b!, ctx);
      if (seconds === null) return null;
      const ms =
        Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) +
        Math.round(seconds * 1000);
      const date = new Date(ms);
      const parts: DateTimeParts = {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: date.getUTCHours(),
        minute: date.getUTCMinutes(),
        second: date.getUTCSeconds(),
        micro: p.micro,
      };
      return formatDateTime(parts, parts.micro ? 6 : 0);
    },
  ),
  STR_TO_DATE: {
    minArgs: 2,
    maxArgs: 2,
    compile: ([s, f]) => {
      const kind: EvalKind = f!.constant
        ? strToDateKind(toText(f!.evaluate([], null as unknown as EvalContext), f!.type) ?? '')
        : 'datetime';
      return {
        type: makeType(kind, { scale: 0 }),
        constant: s!.constant && f!.constant,
        evaluate: (row, ctx) => {
          const v = s!.evaluate(row, ctx);
          const format = f!.evaluate(row, ctx);
          if (v === null || format === null) return null;
          const input = toText(v, s!.type)!;
          const p = parseByFormat(input, toText(format, f!.type)!);
          if (!p) {
            ctx.warn(ER.WRONG_VALUE_FOR_TYPE, kind, input, 'str_to_date');
            return null;
          }
          if (kind === 'date') return formatDate(p);
          if (kind === 'time')
            return formatTime(
              ((p.hour * 60 + p.minute) * 60 + p.second) * MICROS_PER_SECOND + p.micro,
              p.micro ? 6 : 0,
            );
          return formatDateTime(p, p.micro ? 6 : 0);
        },
      };
    },
  },
};
