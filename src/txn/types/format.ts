// Constants of the transaction layer's on-disk formats, named once for encoders, decoders and the
// docs: docs/format/keys.md (key layout) and docs/format/mvcc.md (lock and write records).

/** Bytes of a timestamp on disk (big-endian; inverted inside keys). */
export const TS_BYTES = 8;

/** The memcomparable bytes encoding cuts user keys into groups of this many bytes. */
export const ENC_GROUP_BYTES = 8;
/** A group and its marker byte. */
export const ENC_GROUP_WITH_MARKER_BYTES = ENC_GROUP_BYTES + 1;
/** Marker of a full group; a group with n padding bytes has marker ENC_MARKER - n. */
export const ENC_MARKER = 0xff;
export const ENC_PAD = 0x00;

/** Values of at most this many bytes are inlined in lock and write records ("short values"). */
export const SHORT_VALUE_MAX_BYTES = 255;

/** Record types: byte 0 of a write record. */
export const WRITE_TYPE_PUT = 0x50; // 'P'
export const WRITE_TYPE_DELETE = 0x44; // 'D'
export const WRITE_TYPE_LOCK = 0x4c; // 'L'
export const WRITE_TYPE_ROLLBACK = 0x52; // 'R'

/** Lock types: byte 0 of a lock record. */
export const LOCK_TYPE_PUT = 0x50; // 'P'
export const LOCK_TYPE_DELETE = 0x44; // 'D'
export const LOCK_TYPE_LOCK = 0x4c; // 'L'
export const LOCK_TYPE_PESSIMISTIC = 0x53; // 'S'

/** Tagged optional fields, in the order they are written. */
export const TAG_SHORT_VALUE = 0x76; // 'v': u8 length + bytes (lock and write)
export const TAG_OVERLAPPED_ROLLBACK = 0x52; // 'R': flag (write)
export const TAG_PROTECTED_ROLLBACK = 0x70; // 'p': flag (write)
export const TAG_FOR_UPDATE_TS = 0x66; // 'f': ts (lock)
export const TAG_TXN_SIZE = 0x74; // 't': varint (lock)
export const TAG_MIN_COMMIT_TS = 0x63; // 'c': ts (lock)

/** Offsets inside a write record. */
export const WRITE_TYPE_OFFSET = 0;
export const WRITE_START_TS_OFFSET = 1;
export const WRITE_FIXED_BYTES = WRITE_START_TS_OFFSET + TS_BYTES;

/** Reserved keys of the default CF (shorter than any MVCC key). */
export const META_KEY_FORMAT = Buffer.from('txn-format', 'latin1');
export const META_KEY_TSO_LIMIT = Buffer.from('tso-limit', 'latin1');
export const META_KEY_GC_SAFEPOINT = Buffer.from('gc-safepoint', 'latin1');

/** Value of META_KEY_FORMAT: magic "STXN" then the version, 2 bytes big-endian. */
export const FORMAT_MAGIC = Buffer.from('STXN', 'latin1');
export const FORMAT_VERSION = 1;
