// Functions that write numbers and bytes as text or back: FORMAT (grouped thousands), BIN and OCT,
// CHAR and ORD, TO_BASE64 and FROM_BASE64, SHA2, BIT_COUNT, INET_ATON and INET_NTOA.

import { createHash } from 'node:crypto';

import type { Value } from '../../types/value.js';
import { toBigInt } from '../../types/value.js';
import type { Compiled } from '../compiled.js';
import { toDecimal, toInt, toText } from '../convert.js';
import { makeType } from '../expr-type.js';
import { strictFunction } from './function-def.js';
import type { FunctionTable } from './function-def.js';

const text = (v: Value, a: Compiled) => toText(v, a.type)!;
const bytesOf = (v: Value, a: Compiled) =>
  Buffer.isBuffer(v) ? v : Buffer.from(text(v, a), 'utf8');
/** FORMAT rounds to at most this many decimals (MySQL's limit). */
const MAX_FORMAT_DECIMALS = 30;
const SHA2_LENGTHS: Record<number, string> = {
  0: 'sha256',
  224: 'sha224',
  256: 'sha256',
  384: 'sha384',
  512: 'sha512',
};
const IPV4_PARTS = 4;

/** An integer argument as 64 unsigned bits (negative numbers wrap, as MySQL's BIN does). */
function uint64(v: Value, a: Compiled): bigint {
  return BigInt.asUintN(64, toBigInt(toInt(v, a.type, null) as number | bigint));
}

function radix(base: number) {
  return strictFunction(
    1,
    1,
    () => makeType('string'),
    ([v], [a]) => uint64(v!, a!).toString(base),
  );
}

/** 1234567.891 → '1,234,567.89' for 2 decimals. */
function formatNumber(v: Value, a: Compiled, decimals: number): string {
  const digits = Math.max(0, Math.min(MAX_FORMAT_DECIMALS, decimals));
  const rounded = toDecimal(v, a.type, null)!.round(digits);
  const [whole, fraction] = rounded.toString().split('.');
  const negative = whole!.startsWith('-');
  const grouped = (negative ? whole!.slice(1) : whole!).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const tail = digits > 0 ? '.' + (fraction ?? '').padEnd(digits, '0') : '';
  return (negative ? '-' : '') + grouped + tail;
}

export const ENCODING_FUNCTIONS: FunctionTable = {
  FORMAT: strictFunction(
    2,
    3,
    () => makeType('string'),
    ([v, d], [a, b]) => formatNumber(v!, a!, Number(toInt(d!, b!.type, null))),
  ),
  BIN: radix(2),
  OCT: radix(8),
  CHAR: strictFunction(
    1,
    Infinity,
    () => makeType('binary'),
    (values, args) => {
      const out: number[] = [];
      values.forEach((v, i) => {
        let n = uint64(v, args[i]!) & 0xffffffffn;
        const bytes: number[] = [];
        while (n > 0n) {
          bytes.unshift(Number(n & 0xffn));
          n >>= 8n;
        }
        out.push(...(bytes.length ? bytes : [0]));
      });
      return Buffer.from(out);
    },
  ),
  ORD: strictFunction(
    1,
    1,
    () => makeType('int'),
    ([v], [a]) => {
      const bytes = bytesOf(v!, a!);
      if (bytes.length === 0) return 0;
      const first = text(v!, a!).codePointAt(0) ?? 0;
      const length = Buffer.byteLength(String.fromCodePoint(first), 'utf8');
      let code = 0;
      for (let i = 0; i < length; i++) code = code * 256 + bytes[i]!;
      return code;
    },
  ),
  TO_BASE64: strictFunction(
    1,
    1,
    () => makeType('string'),
    ([v], [a]) => bytesOf(v!, a!).toString('base64'),
  ),
  FROM_BASE64: strictFunction(
    1,
    1,
    () => makeType('binary'),
    ([v], [a]) => {
      const s = text(v!, a!).replace(/\s/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) return null;
      return Buffer.from(s, 'base64');
    },
  ),
  SHA2: strictFunction(
    2,
    2,
    () => makeType('string'),
    ([v, n], [a, b]) => {
      const algorithm = SHA2_LENGTHS[Number(toInt(n!, b!.type, null))];
      return algorithm ? createHash(algorithm).update(bytesOf(v!, a!)).digest('hex') : null;
    },
  ),
  BIT_COUNT: strictFunction(
    1,
    1,
    () => makeType('int'),
    ([v], [a]) => {
      let n = uint64(v!, a!);
      let count = 0;
      while (n > 0n) {
        count += Number(n & 1n);
        n >>= 1n;
      }
      return count;
    },
  ),
  INET_ATON: strictFunction(
    1,
    1,
    () => makeType('int', { unsigned: true }),
    ([v], [a]) => {
      const parts = text(v!, a!).split('.');
      if (parts.length > IPV4_PARTS || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
        return null;
      // a.b.c is a.b.0.c, as inet_aton reads short forms.
      const numbers = parts.map(Number);
      const last = numbers.pop()!;
      let value = 0;
      for (const n of numbers) value = value * 256 + n;
      return value * 256 ** (IPV4_PARTS - numbers.length) + last;
    },
  ),
  INET_NTOA: strictFunction(
    1,
    1,
    () => makeType('string'),
    ([v], [a]) => {
      const n = uint64(v!, a!);
      if (n > 0xffffffffn) return null;
      const value = Number(n);
      return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
    },
  ),
};
