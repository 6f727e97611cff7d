// Table options of CREATE TABLE and ALTER TABLE: ENGINE, character set and collation, COMMENT,
// AUTO_INCREMENT, DATA DIRECTORY and MariaDB's PAGE_COMPRESSED, PAGE_COMPRESSION_LEVEL and
// ATOMIC_WRITES (which SHOW CREATE TABLE prints quoted, as MariaDB does, and which are read back
// so). Options InnoDB has that we do not answer 1235.

import type { TableOptions } from '../ast/index.js';
import { notSupported, sqlError } from '../errors.js';
import { ER } from '../../server/constants/error-codes.js';
import type { TokenCursor } from './token-cursor.js';

const ATOMIC_WRITES_VALUES = ['ON', 'OFF', 'DEFAULT'] as const;
const SUPPORTED_ENGINE = 'INNODB';
const MIN_PAGE_COMPRESSION_LEVEL = 1;
const MAX_PAGE_COMPRESSION_LEVEL = 9;

export function emptyTableOptions(): TableOptions {
  return {
    engine: null,
    charset: null,
    collation: null,
    comment: null,
    autoIncrement: null,
    pageCompressed: null,
    pageCompressionLevel: null,
    atomicWrites: null,
    dataDirectory: null,
  };
}

/** Options InnoDB defines in MariaDB (and so printed quoted). */
const ENGINE_OPTIONS = new Set(['PAGE_COMPRESSED', 'PAGE_COMPRESSION_LEVEL', 'ATOMIC_WRITES']);

/** Words that end a list of table options (what may follow them in CREATE/ALTER TABLE). */
const OPTION_LIST_END = new Set(['AS', 'SELECT', 'WITH', 'PARTITION', 'IGNORE', 'REPLACE']);

/**
 * Table options, separated by spaces or commas. In ALTER TABLE they stand among the other
 * alterations, so the list stops at a word that is not an option.
 */
export function parseTableOptions(p: TokenCursor, inAlter = false): TableOptions {
  const options: { -readonly [K in keyof TableOptions]: TableOptions[K] } = emptyTableOptions();
  for (;;) {
    if (!inAlter && p.isOp(',')) p.next();
    const t = p.peek();
    // SHOW CREATE TABLE quotes the engine's own options (`PAGE_COMPRESSED`='1'), as MariaDB does.
    const quotedOption = t.type === 'quoted' && ENGINE_OPTIONS.has(t.text.toUpperCase());
    if ((t.type !== 'word' && !quotedOption) || OPTION_LIST_END.has(t.text.toUpperCase())) break;
    const word = t.text.toUpperCase();
    if (inAlter && !isTableOption(p)) break;
    p.next();
    switch (word) {
      case 'ENGINE': {
        p.acceptOp('=');
        const engine = p.name();
        if (engine.toUpperCase() !== SUPPORTED_ENGINE)
          throw sqlError(ER.UNKNOWN_STORAGE_ENGINE, engine);
        options.engine = 'InnoDB';
        break;
      }
      case 'DEFAULT':
        continue;
      case 'CHARSET':
      case 'CHARACTER':
        if (word === 'CHARACTER') p.expectWord('SET');
        p.acceptOp('=');
        options.charset = p.name().toLowerCase();
        break;
      case 'COLLATE':
        p.acceptOp('=');
        options.collation = p.name().toLowerCase();
        break;
      case 'COMMENT':
        p.acceptOp('=');
        options.comment = p.stringConstant();
        break;
      case 'AUTO_INCREMENT':
        p.acceptOp('=');
        options.autoIncrement = BigInt(p.integerConstant());
        break;
      case 'PAGE_COMPRESSED': {
        p.acceptOp('=');
        const value = optionWord(p);
        if (value.toUpperCase() === 'DEFAULT') options.pageCompressed = false;
        else if (value === '0' || value === '1') options.pageCompressed = value === '1';
        else throw sqlError(ER.BAD_OPTION_VALUE, value, 'PAGE_COMPRESSED');
        break;
      }
      case 'PAGE_COMPRESSION_LEVEL': {
        p.acceptOp('=');
        const value = optionWord(p);
        if (value.toUpperCase() === 'DEFAULT') {
          options.pageCompressionLevel = 'DEFAULT';
          break;
        }
        const level = Number(value);
        if (
          !/^\d+$/.test(value) ||
          level < MIN_PAGE_COMPRESSION_LEVEL ||
          level > MAX_PAGE_COMPRESSION_LEVEL
        ) {
          throw sqlError(ER.BAD_OPTION_VALUE, value, 'PAGE_COMPRESSION_LEVEL');
        }
        options.pageCompressionLevel = level;
        break;
      }
      case 'ATOMIC_WRITES': {
        p.acceptOp('=');
        const value = optionWord(p).toUpperCase();
        const known = ATOMIC_WRITES_VALUES.find((v) => v === value);
        if (!known) throw sqlError(ER.BAD_OPTION_VALUE, value, 'ATOMIC_WRITES');
        options.atomicWrites = known;
        break;
      }
      case 'DATA':
        p.expectWord('DIRECTORY');
        p.acceptOp('=');
        options.dataDirectory = p.stringConstant();
        break;
      case 'ROW_FORMAT':
      case 'KEY_BLOCK_SIZE':
      case 'STATS_PERSISTENT':
      case 'STATS_AUTO_RECALC':
      case 'STATS_SAMPLE_PAGES':
      case 'MAX_ROWS':
      case 'MIN_ROWS':
      case 'AVG_ROW_LENGTH':
      case 'CHECKSUM':
      case 'PACK_KEYS':
      case 'DELAY_KEY_WRITE':
      case 'INSERT_METHOD':
      case 'ENCRYPTED':
      case 'ENCRYPTION_KEY_ID':
      case 'TRANSACTIONAL':
      case 'PAGE_CHECKSUM':
      case 'UNION':
      case 'INDEX':
      case 'TABLESPACE':
      case 'CONNECTION':
      case 'PASSWORD':
      case 'COMPRESSION':
        throw notSupported(`table option ${word}`);
      default:
        throw p.error(t);
    }
  }
  return options;
}

/** Whether the word at the cursor starts a table option (rather than another alteration). */
function isTableOption(p: TokenCursor): boolean {
  const word = p.peek().text.toUpperCase();
  if (p.peek().type === 'quoted') return ENGINE_OPTIONS.has(word);
  if (word === 'DEFAULT')
    return p.isWord('CHARSET', 1) || p.isWord('CHARACTER', 1) || p.isWord('COLLATE', 1);
  if (word === 'CHARACTER') return p.isWord('SET', 1);
  if (word === 'DATA') return p.isWord('DIRECTORY', 1);
  return (
    [
      'ENGINE',
      'CHARSET',
      'COLLATE',
      'COMMENT',
      'AUTO_INCREMENT',
      'PAGE_COMPRESSED',
      'PAGE_COMPRESSION_LEVEL',
      'ATOMIC_WRITES',
      'ROW_FORMAT',
      'KEY_BLOCK_SIZE',
      'STATS_PERSISTENT',
      'STATS_AUTO_RECALC',
      'STATS_SAMPLE_PAGES',
      'MAX_ROWS',
      'MIN_ROWS',
      'AVG_ROW_LENGTH',
      'CHECKSUM',
      'PACK_KEYS',
      'ENCRYPTED',
      'ENCRYPTION_KEY_ID',
      'TRANSACTIONAL',
      'PAGE_CHECKSUM',
    ].includes(word) &&
    (p.isOp('=', 1) || p.peek(1).type !== 'op')
  );
}

/** An option value: a number, a word or a string. */
function optionWord(p: TokenCursor): string {
  const t = p.peek();
  if (t.type === 'string') return p.stringConstant();
  if (t.type === 'number') {
    p.next();
    return t.text;
  }
  if (t.type === 'word') return p.identifier();
  throw p.error();
}
