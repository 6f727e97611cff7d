// Collation ids used in the handshake and in column definitions.

export const Collation = {
  BIG5_CHINESE_CI: 1,
  LATIN1_SWEDISH_CI: 8,
  UTF8MB3_GENERAL_CI: 33,
  UTF8MB4_GENERAL_CI: 45,
  UTF8MB4_BIN: 46,
  BINARY: 63,
  UTF8MB3_BIN: 83,
  UTF8MB4_UNICODE_CI: 224,
  UTF8MB4_0900_AI_CI: 255,
} as const;

/** Maximum bytes per character of the character sets we serve. */
export const MAX_BYTES_PER_CHAR_UTF8MB4 = 4;
