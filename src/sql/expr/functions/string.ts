// String functions. Lengths and positions count characters (code points) as MySQL does for
// utf8mb4; LENGTH counts bytes.

import { createHash } from 'node:crypto';

import type { Value } from '../../types/value.js';
import type { Compiled } from '../compiled.js';
import { toInt, toText } from '../convert.js';
import { makeType } from '../expr-type.js';
import type { ExprType } from '../expr-type.js';
import { strictFunction } from './function-def.js';
import type { FunctionTable } from './function-def.js';

const MAX_RESULT_CHARS = 16 * 1024 * 1024;

function chars(s: string): string[] {
  return Array.from(s);
}

function stringType(args: readonly Compiled[]): ExprType {
  const binary = args.some((a) => a.type.kind === 'binary');
  const collated = args.find((a) => a.type.kind === 'string');
  return binary
    ? makeType('binary')
    : makeType('string', collated ? { collation: collated.type.collation } : {});
}

const text = (v: Value, a: Compiled) => toText(v, a.type)!;
const int = (v: Value, a: Compiled) => Number(toInt(v, a.type, null));
const intType = () => makeType('int');

function result(type: ExprType, s: string): Value {
  return type.kind === 'binary' ? Buffer.from(s, 'utf8') : s;
}

function substring(s: string, start: number, length?: number): string {
  const cs = chars(s);
  if (start === 0) return '';
  const from = start > 0 ? start - 1 : cs.length + start;
  if (from < 0 || from >= cs.length) return '';
  const end = length === undefined ? cs.length : from + Math.max(0, length);
  return cs.slice(from, end).join('');
}

function pad(left: boolean) {
  return strictFunction(3, 3, stringType, ([s, n, p], args) => {
    const str = chars(text(s!, args[0]!));
    const length = int(n!, args[1]!);
    const filler = chars(text(p!, args[2]!));
    if (length < 0) return null;
    if (str.length >= length) return str.slice(0, length).join('');
    if (filler.length === 0) return null;
    const padding: string[] = [];
    while (padding.length < length - str.length)
      padding.push(filler[padding.length % filler.length]!);
    return left ? padding.join('') + str.join('') : str.join('') + padding.join('');
  });
}

function hash(algorithm: string) {
  return strictFunction(
    1,
    1,
    () => makeType('string'),
    ([v], args) => {
      const input = Buffer.isBuffer(v) ? v : Buffer.from(text(v!, args[0]!), 'utf8');
      return createHash(algorithm).update(input).digest('hex');
    },
  );
}

const BASE: FunctionTable = {
  CONCAT: strictFunction(1, Infinity, stringType, (values, args) => {
    let out = '';
    for (let i = 0; i < values.length; i++) out += text(values[i]!, args[i]!);
    return result(stringType(args), out);
  }),
  CONCAT_WS: {
    minArgs: 2,
    maxArgs: Infinity,
    compile: (args) => {
      const type = stringType(args);
      return {
        type,
        constant: args.every((a) => a.constant),
        evaluate: (row, ctx) => {
          const sep = args[0]!.evaluate(row, ctx);
          if (sep === null) return null;
          const parts: string[] = [];
          for (let i = 1; i < args.length; i++) {
            const v = args[i]!.evaluate(row, ctx);
            if (v !== null) parts.push(text(v, args[i]!));
          }
          return result(type, parts.join(text(sep, args[0]!)));
        },
      };
    },
  },
  LENGTH: strictFunction(1, 1, intType, ([v], args) =>
    Buffer.isBuffer(v) ? v.length : Buffer.byteLength(text(v!, args[0]!), 'utf8'),
  ),
  CHAR_LENGTH: strictFunction(1, 1, intType, ([v], args) =>
    Buffer.isBuffer(v) ? v.length : chars(text(v!, args[0]!)).length,
  ),
  UPPER: strictFunction(1, 1, stringType, ([v], args) => text(v!, args[0]!).toUpperCase()),
  LOWER: strictFunction(1, 1, stringType, ([v], args) => text(v!, args[0]!).toLowerCase()),
  SUBSTRING: strictFunction(2, 3, stringType, ([s, start, length], args) =>
    result(
      stringType(args),
      substring(
        text(s!, args[0]!),
        int(start!, args[1]!),
        length === undefined ? undefined : int(length, args[2]!),
      ),
    ),
  ),
  LEFT: strictFunction(2, 2, stringType, ([s, n], args) =>
    chars(text(s!, args[0]!))
      .slice(0, Math.max(0, int(n!, args[1]!)))
      .join(''),
  ),
  RIGHT: strictFunction(2, 2, stringType, ([s, n], args) => {
    const cs = chars(text(s!, args[0]!));
    const k = Math.max(0, int(n!, args[1]!));
    return k === 0 ? '' : cs.slice(Math.max(0, cs.length - k)).join('');
  }),
  TRIM: strictFunction(3, 3, stringType, ([s, remove, mode], args) => {
    let str = text(s!, args[0]!);
    const r = text(remove!, args[1]!);
    if (r === '') return str;
    const m = String(mode);
    if (m !== 'TRAILING') while (str.startsWith(r)) str = str.slice(r.length);
    if (m !== 'LEADING') while (str.endsWith(r)) str = str.slice(0, str.length - r.length);
    return str;
  }),
  LTRIM: strictFunction(1, 1, stringType, ([s], args) => text(s!, args[0]!).replace(/^ +/, '')),
  RTRIM: strictFunction(1, 1, stringType, ([s], args) => text(s!, args[0]!).replace(/ +$/, '')),
  REPLACE: strictFunction(3, 3, stringType, ([s, from, to], args) => {
    const f = text(from!, args[1]!);
    return f === '' ? text(s!, args[0]!) : text(s!, args[0]!).split(f).join(text(to!, args[2]!));
  }),
  REVERSE: strictFunction(1, 1, stringType, ([s], args) =>
    chars(text(s!, args[0]!)).reverse().join(''),
  ),
  REPEAT: strictFunction(2, 2, stringType, ([s, n], args) => {
    const count = int(n!, args[1]!);
    const str = text(s!, args[0]!);
    if (count <= 0) return '';
    if (str.length * count > MAX_RESULT_CHARS) return null;
    return str.repeat(count);
  }),
  SPACE: strictFunction(
    1,
    1,
    () => makeType('string'),
    ([n], args) => {
      const count = int(n!, args[0]!);
      return count > 0 && count <= MAX_RESULT_CHARS ? ' '.repeat(count) : count > 0 ? null : '';
    },
  ),
  LPAD: pad(true),
  RPAD: pad(false),
  LOCATE: strictFunction(2, 3, intType, ([needle, hay, start], args) => {
    const h = chars(text(hay!, args[1]!).toLowerCase());
    const n = text(needle!, args[0]!).toLowerCase();
    const from = start === undefined ? 1 : int(start, args[2]!);
    if (from < 1) return 0;
    const index = h
      .slice(from - 1)
      .join('')
      .indexOf(n);
    return index < 0
      ? 0
      : chars(
          h
            .slice(from - 1)
            .join('')
            .slice(0, index),
        ).length + from;
  }),
  INSTR: strictFunction(2, 2, intType, ([hay, needle], args) => {
    const h = text(hay!, args[0]!).toLowerCase();
    const index = h.indexOf(text(needle!, args[1]!).toLowerCase());
    return index < 0 ? 0 : chars(h.slice(0, index)).length + 1;
  }),
  ASCII: strictFunction(1, 1, intType, ([s], args) => {
    const b = Buffer.isBuffer(s) ? s : Buffer.from(text(s!, args[0]!), 'utf8');
    return b.length ? b[0]! : 0;
  }),
  HEX: strictFunction(
    1,
    1,
    () => makeType('string'),
    ([v], args) => {
      const t = args[0]!.type.kind;
      if (t === 'int' || t === 'decimal' || t === 'double') {
        const n = BigInt.asUintN(64, BigInt(toInt(v, args[0]!.type, null)!));
        return n.toString(16).toUpperCase();
      }
      const b = Buffer.isBuffer(v) ? v : Buffer.from(text(v!, args[0]!), 'utf8');
      return b.toString('hex').toUpperCase();
    },
  ),
  UNHEX: strictFunction(
    1,
    1,
    () => makeType('binary'),
    ([v], args) => {
      const s = text(v!, args[0]!);
      if (!/^[0-9a-fA-F]*$/.test(s)) return null;
      return Buffer.from(s.length % 2 ? '0' + s : s, 'hex');
    },
  ),
  MD5: hash('md5'),
  SHA1: hash('sha1'),
  SHA: hash('sha1'),
  STRCMP: strictFunction(2, 2, intType, ([a, b], args) => {
    const x = text(a!, args[0]!);
    const y = text(b!, args[1]!);
    return x < y ? -1 : x > y ? 1 : 0;
  }),
  FIND_IN_SET: strictFunction(2, 2, intType, ([needle, list], args) => {
    const index = text(list!, args[1]!).split(',').indexOf(text(needle!, args[0]!));
    return index + 1;
  }),
  QUOTE: strictFunction(
    1,
    1,
    stringType,
    ([v], args) =>
      "'" +
      text(v!, args[0]!)
        .replace(/\\/g, '\\\\')
        .replace(/'/g, "\\'")
        .replace(/\0/g, '\\0')
        .replace(/\x1a/g, '\\Z') +
      "'",
  ),
  FIELD: {
    minArgs: 2,
    maxArgs: Infinity,
    compile: (args) => ({
      type: makeType('int', { nullable: false }),
      constant: args.every((a) => a.constant),
      evaluate: (row, ctx) => {
        const needle = args[0]!.evaluate(row, ctx);
        if (needle === null) return 0;
        const n = text(needle, args[0]!).toLowerCase();
        for (let i = 1; i < args.length; i++) {
          const v = args[i]!.evaluate(row, ctx);
          if (v !== null && text(v, args[i]!).toLowerCase() === n) return i;
        }
        return 0;
      },
    }),
  },
  ELT: strictFunction(2, Infinity, stringType, ([n, ...rest], args) => {
    const i = int(n!, args[0]!);
    return i >= 1 && i <= rest.length ? text(rest[i - 1]!, args[i]!) : null;
  }),
};

export const STRING_FUNCTIONS: FunctionTable = {
  ...BASE,
  SUBSTR: BASE.SUBSTRING!,
  MID: BASE.SUBSTRING!,
  UCASE: BASE.UPPER!,
  LCASE: BASE.LOWER!,
  CHARACTER_LENGTH: BASE.CHAR_LENGTH!,
  OCTET_LENGTH: BASE.LENGTH!,
  POSITION: BASE.LOCATE!,
};
