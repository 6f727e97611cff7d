// Literal tokens to literal nodes: integers that fit in 2^53 are numbers, larger ones bigints (up
// to 2^64 − 1) and beyond that DECIMAL; a point makes DECIMAL, an exponent DOUBLE.

import type { LiteralNode } from '../ast/index.js';
import { Decimal } from '../types/decimal.js';
import type { Token } from './lexer.js';

const UINT64_MAX = 2n ** 64n - 1n;
const HEX_RADIX = 16;
const BITS_PER_BYTE = 8;

export function numberLiteral(text: string): LiteralNode {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return { kind: 'Literal', type: 'int', value: n };
    const big = BigInt(text);
    if (big <= UINT64_MAX) return { kind: 'Literal', type: 'int', value: big };
    return { kind: 'Literal', type: 'decimal', value: Decimal.parse(text)! };
  }
  if (/[eE]/.test(text)) return { kind: 'Literal', type: 'double', value: Number(text) };
  return { kind: 'Literal', type: 'decimal', value: Decimal.parse(text)! };
}

export function hexLiteral(digits: string): LiteralNode {
  const even = digits.length % 2 === 1 ? '0' + digits : digits;
  return { kind: 'Literal', type: 'hex', value: Buffer.from(even, 'hex') };
}

export function bitLiteral(digits: string): LiteralNode {
  const bytes: number[] = [];
  let bits = digits;
  while (bits.length % BITS_PER_BYTE !== 0) bits = '0' + bits;
  for (let i = 0; i < bits.length; i += BITS_PER_BYTE) {
    bytes.push(parseInt(bits.slice(i, i + BITS_PER_BYTE), 2));
  }
  return { kind: 'Literal', type: 'hex', value: Buffer.from(bytes.length ? bytes : [0]) };
}

/** A string literal, with an optional introducer (_binary makes it a binary string). */
export function stringLiteral(text: string, charset: string | null): LiteralNode {
  if (charset === 'binary')
    return { kind: 'Literal', type: 'binary', value: Buffer.from(text, 'latin1') };
  return charset
    ? { kind: 'Literal', type: 'string', value: text, charset }
    : { kind: 'Literal', type: 'string', value: text };
}

/** The literal a token stands for, or undefined when the token is not a literal. */
export function tokenLiteral(token: Token): LiteralNode | undefined {
  switch (token.type) {
    case 'number':
      return numberLiteral(token.text);
    case 'string':
      return stringLiteral(token.text, null);
    case 'hex':
      return hexLiteral(token.text);
    case 'bit':
      return bitLiteral(token.text);
    default:
      return undefined;
  }
}

export function isHexDigits(text: string): boolean {
  return [...text].every((c) => !Number.isNaN(parseInt(c, HEX_RADIX)));
}
