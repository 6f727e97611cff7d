// A cursor over a normalized statement's tokens, with the helpers every parser here uses. Slots
// (lifted literals and `?`) are read as Param nodes; a slot whose literal value decides the
// statement's meaning is read as its literal and marks the statement literal-bound, so the
// statement cache keys it by its full text.

import type { ExprNode, LiteralNode } from '../ast/index.js';
import { parseError } from '../errors.js';
import type { Token } from './lexer.js';
import type { NormalizedStatement } from './normalize.js';
import { tokenLiteral } from './literals.js';

const EOF_TOKEN: Token = { type: 'eof', start: 0, end: 0, text: '', spaced: false };

export class TokenCursor {
  private index = 0;
  private slotIndex = 0;
  private readonly eof: Token;
  /** Set when a lifted literal was read as a constant (see class comment). */
  literalBound = false;

  constructor(readonly statement: NormalizedStatement) {
    this.eof = { ...EOF_TOKEN, start: statement.sql.length, end: statement.sql.length };
  }

  get sql(): string {
    return this.statement.sql;
  }

  get position(): number {
    return this.index;
  }

  peek(offset = 0): Token {
    return this.statement.tokens[this.index + offset] ?? this.eof;
  }

  next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.index++;
    return token;
  }

  atEnd(): boolean {
    const t = this.peek();
    return t.type === 'eof' || (t.type === 'op' && t.text === ';' && this.peek(1).type === 'eof');
  }

  /** The token is the word (case-insensitive). */
  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'word' && t.text.toUpperCase() === word;
  }

  isOp(op: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.type === 'op' && t.text === op;
  }

  acceptWord(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) if (!this.isWord(words[i]!, i)) return false;
    this.index += words.length;
    return true;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.index++;
    return true;
  }

  expectWord(...words: string[]): void {
    if (!this.acceptWord(...words)) throw this.error();
  }

  expectOp(op: string): void {
    if (!this.acceptOp(op)) throw this.error();
  }

  /** 1064 pointing at the current token. */
  error(at: Token = this.peek()) {
    return parseError(this.sql, at.start, lineOf(this.sql, at.start));
  }

  /** Fails with 1064 unless every token was consumed (a trailing ';' is allowed). */
  expectEnd(): void {
    this.acceptOp(';');
    if (this.peek().type !== 'eof') throw this.error();
  }

  /** An identifier: a plain word or a `quoted` one. Keywords are accepted where unambiguous. */
  identifier(): string {
    const t = this.peek();
    if (t.type === 'quoted' || t.type === 'word') {
      this.index++;
      return t.text;
    }
    throw this.error();
  }

  /** An identifier or a string ('name' is accepted for user and host names, as MySQL does). */
  name(): string {
    const t = this.peek();
    if (t.type === 'string' && !this.isSlot(t)) {
      this.index++;
      return t.text;
    }
    if (t.type === 'string') return this.stringConstant();
    return this.identifier();
  }

  /** Whether the token starts the next slot. */
  isSlot(token: Token = this.peek()): boolean {
    const slot = this.statement.slots[this.slotIndex];
    return slot !== undefined && slot.start === token.start;
  }

  /** Reads the next slot as a Param node. */
  param(): ExprNode {
    const slot = this.statement.slots[this.slotIndex]!;
    while (this.peek().type !== 'eof' && this.peek().end <= slot.end) this.index++;
    return { kind: 'Param', index: this.slotIndex++ };
  }

  /**
   * Reads the next slot as a Param node when it stands alone before ',' or ')' (an item of a
   * VALUES row, parsed this way without descending through every precedence level), else
   * reads nothing and returns undefined.
   */
  standaloneParam(): ExprNode | undefined {
    if (!this.isSlot()) return undefined;
    const slot = this.statement.slots[this.slotIndex]!;
    const tokens = this.statement.tokens;
    let after = this.index;
    while (after < tokens.length && tokens[after]!.end <= slot.end) after++;
    const next = tokens[after];
    if (next === undefined || next.type !== 'op' || (next.text !== ',' && next.text !== ')')) {
      return undefined;
    }
    this.index = after;
    return { kind: 'Param', index: this.slotIndex++ };
  }

  /** Reads the next slot as its literal (marks the statement literal-bound). */
  slotLiteral(): LiteralNode | undefined {
    const slot = this.statement.slots[this.slotIndex];
    if (!slot || slot.literal === null) return undefined;
    this.param();
    this.literalBound = true;
    return slot.literal;
  }

  /** A string constant (not a parameter): for names, comments, passwords, patterns. */
  stringConstant(): string {
    const t = this.peek();
    if (t.type !== 'string') throw this.error();
    if (this.isSlot(t)) {
      const literal = this.slotLiteral();
      if (!literal || typeof literal.value !== 'string') throw this.error(t);
      return literal.value;
    }
    this.index++;
    return t.text;
  }

  /** An unsigned integer constant (lengths, LIMIT of SHOW WARNINGS, KILL ids). */
  integerConstant(): number {
    const t = this.peek();
    if (t.type !== 'number' || !/^\d+$/.test(t.text)) throw this.error();
    if (this.isSlot(t)) this.slotLiteral();
    else this.index++;
    return Number(t.text);
  }

  /** A literal token read directly (statements whose literals are not lifted). */
  literalToken(): LiteralNode | undefined {
    const t = this.peek();
    const literal = tokenLiteral(t);
    if (literal) this.index++;
    return literal;
  }

  /** The original text between two token positions (inclusive start, exclusive end). */
  textBetween(startIndex: number, endIndex: number): string {
    const tokens = this.statement.tokens;
    if (endIndex <= startIndex) return '';
    return this.sql.slice(tokens[startIndex]!.start, tokens[endIndex - 1]!.end);
  }

  /** Whether any slot lies between the two token positions. */
  hasSlotBetween(startIndex: number, endIndex: number): boolean {
    const tokens = this.statement.tokens;
    if (endIndex <= startIndex) return false;
    const from = tokens[startIndex]!.start;
    const to = tokens[endIndex - 1]!.end;
    return this.statement.slots.some((s) => s.start >= from && s.end <= to && s.literal !== null);
  }

  /** Skips to the end and returns the remaining text (for statements handed on whole). */
  rest(): string {
    const t = this.peek();
    this.index = this.statement.tokens.length;
    return this.sql.slice(t.start);
  }
}

function lineOf(sql: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (sql.charCodeAt(i) === 0x0a) line++;
  return line;
}
