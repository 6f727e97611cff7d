// The SQL tokenizer shared by the statement cache (which lifts literals out of statements), the
// statement splitter and our own parser for the statements node-sql-parser lacks. It follows
// MySQL's lexical rules: '…' and "…" strings with backslash escapes, `…` identifiers, -- and #
// comments, /*! … */ executable comments, X'…', 0x…, b'…' and 0b… literals.

import { parseError } from '../errors.js';

export type TokenType =
  | 'word'
  | 'quoted'
  | 'number'
  | 'string'
  | 'hex'
  | 'bit'
  | 'param'
  | 'userVar'
  | 'systemVar'
  | 'op'
  | 'eof';

export interface Token {
  type: TokenType;
  start: number;
  end: number;
  /** word: as written; quoted/string/userVar/systemVar: decoded; number: digits; op: the operator. */
  text: string;
  /** Whitespace or a comment came before the token. */
  spaced: boolean;
}

const OPERATORS_3 = ['<=>', '->>'];
/** Punctuation that starts no longer operator: ( ) , ; . + * / % = ^ ~ (by char code). */
const SINGLE_OPERATORS = new Set([
  0x28, 0x29, 0x2c, 0x3b, 0x2e, 0x2b, 0x2a, 0x2f, 0x25, 0x3d, 0x5e, 0x7e,
]);
const OPERATORS_2 = ['<=', '>=', '<>', '!=', ':=', '||', '&&', '<<', '>>', '->'];

function isWordChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x24 ||
    c >= 0x80
  );
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

const ESCAPES: Record<string, string> = {
  '0': '\0',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\x1a',
  '%': '\\%',
  _: '\\_',
};

/** Decodes a quoted string body (between the quotes) with MySQL's escapes. */
export function unescapeString(body: string, quote: string): string {
  if (body.indexOf('\\') < 0 && body.indexOf(quote) < 0) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\' && i + 1 < body.length) {
      const next = body[++i]!;
      out += ESCAPES[next] ?? next;
    } else if (ch === quote && body[i + 1] === quote) {
      out += quote;
      i++;
    } else out += ch;
  }
  return out;
}

/**
 * A tokenizer over one SQL text. Tokens are produced on demand; `peek` looks ahead without
 * consuming. Throws 1064 for an unterminated string, identifier or comment.
 */
export class Lexer {
  private position = 0;
  private readonly lookahead: Token[] = [];
  /** Inside /*! … *\/: the closing marker is skipped like whitespace. */
  private executableComment = false;

  constructor(readonly sql: string) {}

  next(): Token {
    return this.lookahead.shift() ?? this.scan();
  }

  peek(offset = 0): Token {
    while (this.lookahead.length <= offset) this.lookahead.push(this.scan());
    return this.lookahead[offset]!;
  }

  /** Every remaining token, eof excluded. */
  all(): Token[] {
    const tokens: Token[] = [];
    for (let t = this.next(); t.type !== 'eof'; t = this.next()) tokens.push(t);
    return tokens;
  }

  private skipSpaceAndComments(): boolean {
    const sql = this.sql;
    let spaced = false;
    for (;;) {
      const c = sql.charCodeAt(this.position);
      if (isSpace(c)) {
        this.position++;
        spaced = true;
      } else if (c === 0x23 /* # */) {
        this.skipLine();
        spaced = true;
      } else if (
        c === 0x2d &&
        sql.charCodeAt(this.position + 1) === 0x2d &&
        (this.position + 2 >= sql.length || isSpace(sql.charCodeAt(this.position + 2)))
      ) {
        this.skipLine();
        spaced = true;
      } else if (c === 0x2f && sql.charCodeAt(this.position + 1) === 0x2a) {
        const executable = /^\/\*M?!\d*/.exec(sql.slice(this.position, this.position + 12));
        if (executable) {
          this.position += executable[0].length;
          this.executableComment = true;
        } else {
          const end = sql.indexOf('*/', this.position + 2);
          if (end < 0) throw parseError(sql, this.position);
          this.position = end + 2;
        }
        spaced = true;
      } else if (
        this.executableComment &&
        c === 0x2a &&
        sql.charCodeAt(this.position + 1) === 0x2f
      ) {
        this.position += 2;
        this.executableComment = false;
        spaced = true;
      } else return spaced;
    }
  }

  private skipLine(): void {
    const end = this.sql.indexOf('\n', this.position);
    this.position = end < 0 ? this.sql.length : end + 1;
  }

  private token(type: TokenType, start: number, text: string, spaced: boolean): Token {
    return { type, start, end: this.position, text, spaced };
  }

  private scan(): Token {
    const spaced = this.skipSpaceAndComments();
    const sql = this.sql;
    const start = this.position;
    if (start >= sql.length) return { type: 'eof', start, end: start, text: '', spaced };
    const c = sql.charCodeAt(start);

    if (c === 0x27 || c === 0x22) {
      const body = this.quotedBody(sql[start]!);
      return this.token('string', start, unescapeString(body, sql[start]!), spaced);
    }
    if (c === 0x60) {
      const body = this.quotedBody('`', false);
      return this.token('quoted', start, body.replace(/``/g, '`'), spaced);
    }
    if (
      (c === 0x78 || c === 0x58 || c === 0x62 || c === 0x42) &&
      sql.charCodeAt(start + 1) === 0x27
    ) {
      this.position++;
      const body = this.quotedBody("'", false);
      return this.token(c === 0x78 || c === 0x58 ? 'hex' : 'bit', start, body, spaced);
    }
    if (c === 0x30 && (sql[start + 1] === 'x' || sql[start + 1] === 'b')) {
      const hex = sql[start + 1] === 'x';
      let end = start + 2;
      while (end < sql.length && (hex ? /[0-9a-fA-F]/ : /[01]/).test(sql[end]!)) end++;
      if (end > start + 2 && !(end < sql.length && isWordChar(sql.charCodeAt(end)))) {
        this.position = end;
        return this.token(hex ? 'hex' : 'bit', start, sql.slice(start + 2, end), spaced);
      }
    }
    if (isDigit(c) || (c === 0x2e && isDigit(sql.charCodeAt(start + 1)))) {
      const number = this.scanNumber();
      if (number) return number.spaced === spaced ? number : { ...number, spaced };
    }
    if (isWordChar(c)) {
      let end = start + 1;
      while (end < sql.length && isWordChar(sql.charCodeAt(end))) end++;
      this.position = end;
      return this.token('word', start, sql.slice(start, end), spaced);
    }
    if (c === 0x40 /* @ */) return this.scanVariable(start, spaced);
    if (c === 0x3f /* ? */) {
      this.position++;
      return this.token('param', start, '?', spaced);
    }
    if (SINGLE_OPERATORS.has(c)) {
      this.position++;
      return this.token('op', start, sql[start]!, spaced);
    }
    for (const op of OPERATORS_3) {
      if (sql.startsWith(op, start)) {
        this.position += 3;
        return this.token('op', start, op, spaced);
      }
    }
    for (const op of OPERATORS_2) {
      if (sql.startsWith(op, start)) {
        this.position += 2;
        return this.token('op', start, op, spaced);
      }
    }
    this.position++;
    return this.token('op', start, sql[start]!, spaced);
  }

  /** Reads a quoted body; the position is at the opening quote. */
  private quotedBody(quote: string, backslashEscapes = true): string {
    const sql = this.sql;
    const open = this.position;
    let i = open + 1;
    // Most bodies have no escape and no doubled quote: find the closing quote directly.
    const close = sql.indexOf(quote, i);
    if (close >= 0 && sql[close + 1] !== quote) {
      const body = sql.slice(i, close);
      if (!backslashEscapes || body.indexOf('\\') < 0) {
        this.position = close + 1;
        return body;
      }
    }
    for (;;) {
      if (i >= sql.length) throw parseError(sql, open);
      const ch = sql[i]!;
      if (ch === '\\' && backslashEscapes) i += 2;
      else if (ch === quote) {
        if (sql[i + 1] === quote) i += 2;
        else break;
      } else i++;
    }
    this.position = i + 1;
    return sql.slice(open + 1, i);
  }

  private scanNumber(): Token | undefined {
    const sql = this.sql;
    const start = this.position;
    let i = start;
    while (isDigit(sql.charCodeAt(i))) i++;
    if (sql.charCodeAt(i) === 0x2e) {
      i++;
      while (isDigit(sql.charCodeAt(i))) i++;
    }
    const e = sql.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      let j = i + 1;
      if (sql[j] === '+' || sql[j] === '-') j++;
      if (isDigit(sql.charCodeAt(j))) {
        while (isDigit(sql.charCodeAt(j))) j++;
        i = j;
      }
    }
    // MySQL identifiers may start with digits (1abc); a number never runs into letters.
    if (i < sql.length && isWordChar(sql.charCodeAt(i)) && sql.charCodeAt(i - 1) !== 0x2e) {
      return undefined;
    }
    this.position = i;
    return this.token('number', start, sql.slice(start, i), false);
  }

  private scanVariable(start: number, spaced: boolean): Token {
    const sql = this.sql;
    const system = sql.charCodeAt(start + 1) === 0x40;
    this.position = start + (system ? 2 : 1);
    const c = sql[this.position];
    let name: string;
    if (c === '`' || c === "'" || c === '"') {
      name = this.quotedBody(c);
    } else {
      let end = this.position;
      while (end < sql.length && (isWordChar(sql.charCodeAt(end)) || sql[end] === '.')) end++;
      name = sql.slice(this.position, end);
      this.position = end;
    }
    return this.token(system ? 'systemVar' : 'userVar', start, name, spaced);
  }
}

/** Splits text into statements at top-level semicolons; empty statements are dropped. */
export function splitStatements(sql: string): string[] {
  const lexer = new Lexer(sql);
  const statements: string[] = [];
  let start = 0;
  for (let t = lexer.next(); ; t = lexer.next()) {
    if (t.type === 'eof' || (t.type === 'op' && t.text === ';')) {
      const text = sql.slice(start, t.type === 'eof' ? sql.length : t.start).trim();
      if (text !== '') statements.push(text);
      if (t.type === 'eof') break;
      start = t.end;
    }
  }
  return statements;
}
