// Collations: how strings compare, and the sort keys that index keys store so that byte order of
// the key equals the collation's order. All collations here are PAD SPACE (trailing spaces do not
// count), as MySQL's utf8mb4_bin and utf8mb4_general_ci are.

import { Collation as CollationId } from '../../server/constants/charsets.js';

export interface CollationInfo {
  readonly id: number;
  readonly name: string;
  readonly charset: string;
  readonly caseInsensitive: boolean;
  readonly isDefault: boolean;
  /** Bytes per character at most (for column lengths in result metadata). */
  readonly maxBytesPerChar: number;
}

function info(
  id: number,
  name: string,
  charset: string,
  caseInsensitive: boolean,
  isDefault: boolean,
  maxBytesPerChar: number,
): CollationInfo {
  return { id, name, charset, caseInsensitive, isDefault, maxBytesPerChar };
}

/** Every collation we accept, keyed by lower-case name. */
export const COLLATIONS: ReadonlyMap<string, CollationInfo> = new Map(
  [
    info(CollationId.UTF8MB4_GENERAL_CI, 'utf8mb4_general_ci', 'utf8mb4', true, true, 4),
    info(CollationId.UTF8MB4_BIN, 'utf8mb4_bin', 'utf8mb4', false, false, 4),
    info(CollationId.UTF8MB4_UNICODE_CI, 'utf8mb4_unicode_ci', 'utf8mb4', true, false, 4),
    info(CollationId.UTF8MB4_0900_AI_CI, 'utf8mb4_0900_ai_ci', 'utf8mb4', true, false, 4),
    info(CollationId.UTF8MB3_GENERAL_CI, 'utf8mb3_general_ci', 'utf8mb3', true, true, 3),
    info(CollationId.UTF8MB3_BIN, 'utf8mb3_bin', 'utf8mb3', false, false, 3),
    info(CollationId.LATIN1_SWEDISH_CI, 'latin1_swedish_ci', 'latin1', true, true, 1),
    info(CollationId.BINARY, 'binary', 'binary', false, true, 1),
  ].map((c) => [c.name, c]),
);

const BY_ID = new Map([...COLLATIONS.values()].map((c) => [c.id, c]));
const CHARSET_ALIASES: Record<string, string> = { utf8: 'utf8mb3' };

export const DEFAULT_CHARSET = 'utf8mb4';
export const DEFAULT_COLLATION = COLLATIONS.get('utf8mb4_general_ci')!;
export const BINARY_COLLATION = COLLATIONS.get('binary')!;

export function normalizeCharset(name: string): string {
  const lower = name.toLowerCase();
  return CHARSET_ALIASES[lower] ?? lower;
}

export function collationByName(name: string): CollationInfo | undefined {
  return COLLATIONS.get(name.toLowerCase().replace(/^utf8_/, 'utf8mb3_'));
}

export function collationById(id: number): CollationInfo | undefined {
  return BY_ID.get(id);
}

export function defaultCollationOf(charset: string): CollationInfo | undefined {
  const name = normalizeCharset(charset);
  for (const c of COLLATIONS.values()) if (c.charset === name && c.isDefault) return c;
  return undefined;
}

export function charsets(): string[] {
  return [...new Set([...COLLATIONS.values()].map((c) => c.charset))];
}

const SPACE = 0x20;
const FOLDS_OR_NON_ASCII = /[a-z\u0080-\uffff]/;
const NON_ASCII = /[\u0080-\uffff]/;
const FIRST_NON_ASCII = 0x80;
const LATIN_EXTENDED_END = 0x24f;
const REPLACEMENT_WEIGHT = 0xfffd;
const weightCache = new Map<number, number>();

/** general_ci weight of one code point: upper case, Latin accents folded, non-BMP as U+FFFD. */
function foldWeight(codePoint: number): number {
  if (codePoint < FIRST_NON_ASCII) {
    return codePoint >= 0x61 && codePoint <= 0x7a ? codePoint - 0x20 : codePoint;
  }
  if (codePoint > 0xffff) return REPLACEMENT_WEIGHT;
  let weight = weightCache.get(codePoint);
  if (weight === undefined) {
    let ch = String.fromCharCode(codePoint);
    if (codePoint <= LATIN_EXTENDED_END) ch = ch.normalize('NFD').charAt(0);
    const upper = ch.toUpperCase();
    weight = upper.length === 1 ? upper.charCodeAt(0) : ch.charCodeAt(0);
    weightCache.set(codePoint, weight);
  }
  return weight;
}

function trimmedEnd(s: string): number {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

/** Compares two strings under the collation (-1, 0, 1). */
export function compareStrings(a: string, b: string, collation: CollationInfo): number {
  if (a === b) return 0;
  const ea = trimmedEnd(a);
  const eb = trimmedEnd(b);
  if (!collation.caseInsensitive) {
    const sa = ea === a.length ? a : a.slice(0, ea);
    const sb = eb === b.length ? b : b.slice(0, eb);
    if (sa === sb) return 0;
    return compareCodePoints(sa, sb);
  }
  const n = Math.min(ea, eb);
  let i = 0;
  // ASCII runs compare by folding a–z; anything else goes through the weight table.
  for (; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= FIRST_NON_ASCII || cb >= FIRST_NON_ASCII) break;
    if (ca >= 0x61 && ca <= 0x7a) ca -= 0x20;
    if (cb >= 0x61 && cb <= 0x7a) cb -= 0x20;
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  let j = i;
  while (i < ea && j < eb) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
    if (ca === cb) continue;
    const wa = foldWeight(ca);
    const wb = foldWeight(cb);
    if (wa !== wb) return wa < wb ? -1 : 1;
  }
  return i < ea ? 1 : j < eb ? -1 : 0;
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      // Surrogates (0xD800–0xDFFF) encode code points above every BMP character.
      const sa = ca >= 0xd800 && ca <= 0xdfff ? ca + 0x10000 : ca;
      const sb = cb >= 0xd800 && cb <= 0xdfff ? cb + 0x10000 : cb;
      return sa < sb ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/**
 * Bytes whose order equals the collation's: UTF-8 for binary collations, 16-bit big-endian
 * weights for case-insensitive ones; trailing spaces dropped (PAD SPACE).
 */
export function sortKey(s: string, collation: CollationInfo): Buffer {
  const end = trimmedEnd(s);
  const text = end === s.length ? s : s.slice(0, end);
  if (!collation.caseInsensitive) return Buffer.from(text, 'utf8');
  const out = Buffer.allocUnsafe(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    out.writeUInt16BE(foldWeight(cp), n);
    n += 2;
  }
  return out.subarray(0, n);
}

/** A string that is equal for strings the collation calls equal (for hashing in GROUP BY). */
export function groupKey(s: string, collation: CollationInfo): string {
  const end = trimmedEnd(s);
  const text = end === s.length ? s : s.slice(0, end);
  if (!collation.caseInsensitive) return text;
  // ASCII text without lower-case letters is its own key (no copy); other ASCII folds to upper
  // case. The regular expression scans about twice as fast as a charCodeAt loop.
  if (!FOLDS_OR_NON_ASCII.test(text)) return text;
  if (!NON_ASCII.test(text)) return text.toUpperCase();
  let out = '';
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    out += String.fromCharCode(foldWeight(cp));
  }
  return out;
}
