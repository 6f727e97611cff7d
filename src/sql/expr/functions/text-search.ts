// String functions that search and splice: SUBSTRING_INDEX, INSERT, and MariaDB's REGEXP_REPLACE,
// REGEXP_SUBSTR and REGEXP_INSTR (case-insensitive under a case-insensitive collation, as REGEXP
// is). Positions count characters.

import { ER } from '../../../server/constants/error-codes.js';
import { sqlError } from '../../errors.js';
import type { Value } from '../../types/value.js';
import type { Compiled } from '../compiled.js';
import { toInt, toText } from '../convert.js';
import { makeType } from '../expr-type.js';
import type { ExprType } from '../expr-type.js';
import { strictFunction } from './function-def.js';
import type { FunctionTable } from './function-def.js';

const text = (v: Value, a: Compiled) => toText(v, a.type)!;
const int = (v: Value, a: Compiled) => Number(toInt(v, a.type, null));

function firstStringType(args: readonly Compiled[]): ExprType {
  const collated = args.find((a) => a.type.kind === 'string');
  return makeType('string', collated ? { collation: collated.type.collation } : {});
}

/** A compiled pattern per distinct pattern text (patterns are usually constants). */
function regexCache(): (pattern: string, flags: string, name: string) => RegExp {
  let lastKey: string | null = null;
  let last: RegExp | null = null;
  return (pattern, flags, name) => {
    const key = flags + '\u0000' + pattern;
    if (key !== lastKey) {
      try {
        last = new RegExp(pattern, flags);
      } catch {
        throw sqlError(ER.WRONG_ARGUMENTS, name);
      }
      lastKey = key;
    }
    return last!;
  };
}

function flagsFor(subject: Compiled, extra = ''): string {
  const ci = subject.type.kind === 'string' && subject.type.collation.caseInsensitive;
  return (ci ? 'iu' : 'u') + extra;
}

/** Character index (1-based) of a UTF-16 offset. */
function charPosition(s: string, offset: number): number {
  return Array.from(s.slice(0, offset)).length + 1;
}

export const TEXT_SEARCH_FUNCTIONS: FunctionTable = {
  SUBSTRING_INDEX: strictFunction(3, 3, firstStringType, ([s, d, n], args) => {
    const str = text(s!, args[0]!);
    const delim = text(d!, args[1]!);
    const count = int(n!, args[2]!);
    if (delim === '' || count === 0) return '';
    const parts = str.split(delim);
    if (count > 0) return parts.slice(0, count).join(delim);
    return parts.slice(Math.max(0, parts.length + count)).join(delim);
  }),
  INSERT: strictFunction(4, 4, firstStringType, ([s, p, l, n], args) => {
    const chars = Array.from(text(s!, args[0]!));
    const position = int(p!, args[1]!);
    const length = int(l!, args[2]!);
    const replacement = text(n!, args[3]!);
    if (position < 1 || position > chars.length) return chars.join('');
    const end =
      length < 0 || position - 1 + length > chars.length ? chars.length : position - 1 + length;
    return chars.slice(0, position - 1).join('') + replacement + chars.slice(end).join('');
  }),
  REGEXP_REPLACE: {
    minArgs: 3,
    maxArgs: 3,
    compile: (args) => {
      const regex = regexCache();
      return strictFunction(3, 3, firstStringType, ([s, p, r], a) =>
        text(s!, a[0]!).replace(
          regex(text(p!, a[1]!), flagsFor(a[0]!, 'g'), 'regexp_replace'),
          text(r!, a[2]!)
            .replace(/\$/g, '$$$$')
            .replace(/\\(\d)/g, '$$$1'),
        ),
      ).compile(args);
    },
  },
  REGEXP_SUBSTR: {
    minArgs: 2,
    maxArgs: 2,
    compile: (args) => {
      const regex = regexCache();
      return strictFunction(2, 2, firstStringType, ([s, p], a) => {
        const match = regex(text(p!, a[1]!), flagsFor(a[0]!), 'regexp_substr').exec(
          text(s!, a[0]!),
        );
        return match ? match[0] : '';
      }).compile(args);
    },
  },
  REGEXP_INSTR: {
    minArgs: 2,
    maxArgs: 2,
    compile: (args) => {
      const regex = regexCache();
      return strictFunction(
        2,
        2,
        () => makeType('int'),
        ([s, p], a) => {
          const subject = text(s!, a[0]!);
          const match = regex(text(p!, a[1]!), flagsFor(a[0]!), 'regexp_instr').exec(subject);
          return match ? charPosition(subject, match.index) : 0;
        },
      ).compile(args);
    },
  },
};
