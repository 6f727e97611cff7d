// Statement normalization for the statement cache: every literal of a DML statement becomes a
// parameter slot, so 'SELECT c FROM t WHERE id=5' and '… id=7' share the key
// 'SELECT c FROM t WHERE id=?' and one plan. The literal values travel beside the key. Numbers
// that are part of a type (CAST(x AS DECIMAL(10,2))) stay in the text.

import type { LiteralNode } from '../ast/index.js';
import { Lexer } from './lexer.js';
import type { Token } from './lexer.js';
import { stringLiteral, tokenLiteral } from './literals.js';

/** One parameter slot: a lifted literal, or a `?` whose value the client supplies. */
export interface Slot {
  readonly literal: LiteralNode | null;
  readonly start: number;
  readonly end: number;
}

export interface NormalizedStatement {
  readonly sql: string;
  /** Upper-case first word ('SELECT', 'INSERT', …), or '' for none. */
  readonly verb: string;
  /** Text with every slot written as '?'; equal keys mean equal statements up to literals. */
  readonly key: string;
  readonly slots: readonly Slot[];
  readonly tokens: readonly Token[];
}

/** Statements whose literals are lifted (the rest keep their text as key). */
const PARAMETERIZED_VERBS = new Set([
  'SELECT',
  'INSERT',
  'REPLACE',
  'UPDATE',
  'DELETE',
  'WITH',
  '(',
]);
const TYPE_WORDS = new Set([
  'DECIMAL',
  'DEC',
  'NUMERIC',
  'CHAR',
  'VARCHAR',
  'BINARY',
  'VARBINARY',
  'FLOAT',
  'DOUBLE',
  'DATETIME',
  'TIME',
  'TIMESTAMP',
  'NCHAR',
]);
const TYPED_LITERAL_WORDS: Record<string, LiteralNode['type']> = {
  DATE: 'date',
  TIME: 'time',
  TIMESTAMP: 'datetime',
};
const CHARSET_INTRODUCERS = new Set([
  '_utf8mb4',
  '_utf8',
  '_utf8mb3',
  '_latin1',
  '_binary',
  '_ascii',
]);

export function normalize(sql: string): NormalizedStatement {
  const tokens = new Lexer(sql).all();
  const first = tokens[0];
  const verb = first ? (first.type === 'word' ? first.text.toUpperCase() : first.text) : '';
  if (!PARAMETERIZED_VERBS.has(verb)) {
    const slots = tokens
      .filter((t) => t.type === 'param')
      .map((t) => ({ literal: null, start: t.start, end: t.end }));
    return { sql, verb, key: sql, slots, tokens };
  }
  const slots: Slot[] = [];
  let verbatimDepth = 0;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'op') {
      if (t.text === '(') {
        depth++;
        const prev = tokens[i - 1];
        const before = tokens[i - 2];
        if (
          verbatimDepth === 0 &&
          prev?.type === 'word' &&
          TYPE_WORDS.has(prev.text.toUpperCase()) &&
          before !== undefined &&
          ((before.type === 'word' && before.text.toUpperCase() === 'AS') ||
            (before.type === 'op' && before.text === ','))
        ) {
          verbatimDepth = depth;
        }
      } else if (t.text === ')') {
        if (depth === verbatimDepth) verbatimDepth = 0;
        depth--;
      }
      continue;
    }
    if (t.type === 'param') {
      slots.push({ literal: null, start: t.start, end: t.end });
      continue;
    }
    if (verbatimDepth > 0) continue;
    const literal = tokenLiteral(t);
    if (literal === undefined) continue;
    const prev = tokens[i - 1];
    const prevWord = prev?.type === 'word' ? prev.text : '';
    if (t.type === 'string' && prev?.type === 'word') {
      const upper = prevWord.toUpperCase();
      const typed = TYPED_LITERAL_WORDS[upper];
      const afterDot = tokens[i - 2]?.type === 'op' && tokens[i - 2]!.text === '.';
      if (typed && !afterDot) {
        slots.push({
          literal: { kind: 'Literal', type: typed, value: t.text },
          start: prev.start,
          end: t.end,
        });
        continue;
      }
      const lower = prevWord.toLowerCase();
      if (CHARSET_INTRODUCERS.has(lower) || (upper === 'N' && !t.spaced)) {
        const charset = upper === 'N' ? 'utf8mb3' : lower.slice(1);
        slots.push({ literal: stringLiteral(t.text, charset), start: prev.start, end: t.end });
        continue;
      }
    }
    slots.push({ literal, start: t.start, end: t.end });
  }
  if (slots.length === 0) return { sql, verb, key: sql, slots, tokens };
  return new ParameterizedStatement(sql, verb, slots, tokens);
}

/**
 * A statement with slots. Its key is built on first use: statements too big to cache (a
 * multi-row INSERT) never need it.
 */
class ParameterizedStatement implements NormalizedStatement {
  private builtKey: string | undefined;

  constructor(
    readonly sql: string,
    readonly verb: string,
    readonly slots: readonly Slot[],
    readonly tokens: readonly Token[],
  ) {}

  get key(): string {
    if (this.builtKey === undefined) {
      const sql = this.sql;
      let key = '';
      let at = 0;
      for (const slot of this.slots) {
        key += sql.slice(at, slot.start) + '?';
        at = slot.end;
      }
      this.builtKey = key + sql.slice(at);
    }
    return this.builtKey;
  }
}

/** The text handed to node-sql-parser: each slot becomes the named parameter :pN. */
export function parserText(statement: NormalizedStatement): string {
  const { sql, slots } = statement;
  if (slots.length === 0) return sql;
  let text = '';
  let at = 0;
  slots.forEach((slot, index) => {
    text += sql.slice(at, slot.start) + ` :p${index} `;
    at = slot.end;
  });
  return text + sql.slice(at);
}
