import type { Decimal } from '../types/decimal.js';

/**
 * How a literal was written; decides its type (1.5 is DECIMAL, 1e0 DOUBLE). 'hex' (X'41', 0x41,
 * b'1') is a binary string that becomes an unsigned integer in numeric context.
 */
export type LiteralType =
  | 'null'
  | 'int'
  | 'decimal'
  | 'double'
  | 'string'
  | 'binary'
  | 'hex'
  | 'bool'
  | 'date'
  | 'time'
  | 'datetime';

export type LiteralValue = null | number | bigint | Decimal | string | Buffer;

export interface LiteralNode {
  readonly kind: 'Literal';
  readonly type: LiteralType;
  readonly value: LiteralValue;
  /** Character set introducer (_utf8mb4'x') or N'x', when given. */
  readonly charset?: string;
}
