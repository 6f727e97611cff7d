// The common type of several branches (CASE, IF, COALESCE, UNION columns) and conversion of each
// branch's values into it.

import { BINARY_COLLATION } from '../types/collation.js';
import type { Value } from '../types/value.js';
import { toBinary, toDecimal, toDouble, toInt, toText } from './convert.js';
import type { EvalContext } from './eval-context.js';
import { makeType } from './expr-type.js';
import type { ExprType } from './expr-type.js';

export function unifyTypes(types: readonly ExprType[]): ExprType {
  const real = types.filter((t) => t.kind !== 'null');
  const nullable = types.some((t) => t.nullable || t.kind === 'null');
  if (real.length === 0) return makeType('null');
  const kinds = new Set(real.map((t) => t.kind));
  const maxLength = Math.max(...real.map((t) => t.length));
  const maxScale = Math.max(...real.map((t) => (t.kind === 'double' ? 0 : t.scale)));
  if (kinds.size === 1) {
    const first = real[0]!;
    const kind = first.kind;
    if (kind === 'int')
      return makeType('int', {
        unsigned: real.every((t) => t.unsigned),
        nullable,
        length: maxLength,
      });
    return makeType(kind, {
      nullable,
      length: maxLength,
      scale: kind === 'double' ? first.scale : maxScale,
      collation: first.collation,
      singlePrecision: real.every((t) => t.singlePrecision),
    });
  }
  const numeric = [...kinds].every((k) => k === 'int' || k === 'decimal' || k === 'double');
  if (numeric) {
    if (kinds.has('double')) return makeType('double', { nullable });
    return makeType('decimal', { nullable, scale: maxScale, length: maxLength + maxScale });
  }
  if (kinds.size === 2 && kinds.has('date') && kinds.has('datetime')) {
    return makeType('datetime', { nullable, scale: maxScale });
  }
  if (kinds.has('binary'))
    return makeType('binary', { nullable, length: maxLength, collation: BINARY_COLLATION });
  const stringType = real.find((t) => t.kind === 'string');
  return makeType('string', {
    nullable,
    length: maxLength,
    ...(stringType ? { collation: stringType.collation } : {}),
  });
}

export type Converter = (value: Value, ctx: EvalContext | null) => Value;

const identity: Converter = (value) => value;

/** Converts values of type from into the representation of type to. */
export function converter(from: ExprType, to: ExprType): Converter {
  if (from.kind === to.kind || from.kind === 'null') return identity;
  switch (to.kind) {
    case 'int':
      return (v, ctx) => toInt(v, from, ctx);
    case 'decimal':
      return (v, ctx) => toDecimal(v, from, ctx);
    case 'double':
      return (v, ctx) => toDouble(v, from, ctx);
    case 'binary':
      return (v) => toBinary(v, from);
    case 'datetime':
      if (from.kind === 'date') return (v) => (v === null ? null : `${v as string} 00:00:00`);
      return (v) => toText(v, from);
    default:
      return (v) => toText(v, from);
  }
}
