// Framing and packet-level constants of the MySQL client/server protocol. The byte-level
// description is docs/format/protocol.md.

/** Every packet starts with a 3-byte little-endian payload length and a 1-byte sequence id. */
export const PACKET_HEADER_BYTES = 4;

/** Largest payload of one packet; a payload of exactly this length is continued by the next. */
export const MAX_PACKET_PAYLOAD_BYTES = 0xff_ffff;

/** Sequence ids count modulo 256. */
export const SEQUENCE_ID_MODULO = 0x100;

export const PROTOCOL_VERSION = 10;

/** First byte of a response packet. */
export const ResponseHeader = {
  OK: 0x00,
  /** AuthMoreData during authentication. */
  AUTH_MORE_DATA: 0x01,
  LOCAL_INFILE: 0xfb,
  /** EOF, or OK standing for EOF when CLIENT_DEPRECATE_EOF is set; AuthSwitchRequest in auth. */
  EOF: 0xfe,
  ERR: 0xff,
} as const;

/** An EOF packet is shorter than this; an OK packet with the 0xFE header is not. */
export const EOF_MAX_PAYLOAD_BYTES = 9;

/** Length-encoded integer prefixes (and NULL in text rows). */
export const Lenenc = {
  /** Values below this are stored in the first byte itself. */
  ONE_BYTE_LIMIT: 0xfb,
  NULL: 0xfb,
  TWO_BYTES: 0xfc,
  THREE_BYTES: 0xfd,
  EIGHT_BYTES: 0xfe,
} as const;

/** ERR packets of PROTOCOL_41 clients carry '#' and a five-character SQLSTATE. */
export const SQLSTATE_MARKER = 0x23;
export const SQLSTATE_BYTES = 5;

/** Fixed part of HandshakeResponse41 (flags, max packet, charset, filler); also all of SSLRequest. */
export const HANDSHAKE_RESPONSE_FIXED_BYTES = 32;
export const HANDSHAKE_RESPONSE_FILLER_BYTES = 23;

/** HandshakeV10: 10 reserved bytes after the auth-plugin-data length. */
export const HANDSHAKE_RESERVED_BYTES = 10;

/** The nonce ("scramble") is 20 bytes, sent as 8 + 12 bytes plus a NUL terminator. */
export const SCRAMBLE_BYTES = 20;
export const SCRAMBLE_PART1_BYTES = 8;

/** ColumnDefinition41: length of the fixed-length fields that follow the names. */
export const COLUMN_DEFINITION_FIXED_FIELDS_BYTES = 0x0c;
export const COLUMN_DEFINITION_CATALOG = 'def';

/** Binary result rows start with 0x00 and a NULL bitmap whose first two bits are reserved. */
export const BINARY_ROW_HEADER = 0x00;
export const BINARY_ROW_NULL_BITMAP_OFFSET = 2;

/** COM_STMT_EXECUTE: NULL bitmap has no offset; the parameter type's unsigned flag. */
export const PARAM_UNSIGNED_FLAG = 0x80;

/** Decimals value meaning "not fixed" (NOT_FIXED_DEC): floats print in their shortest form. */
export const NOT_FIXED_DECIMALS = 31;
