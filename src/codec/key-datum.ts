// Flagged datums for index keys: one flag byte naming the encoding, then the memcomparable bytes.
// NULL (flag 0x00) sorts before every value, and MAX (0xFA) after every value, so ranges can be
// open at either end. The flags are TiDB's, so key dumps read the same.

import type { ByteWriter } from './byte-writer.js';
import {
  CodecError,
  INT64_BYTES,
  readBytes,
  readDecimal,
  readFloat64,
  readInt64,
  readUint64,
  writeBytes,
  writeDecimal,
  writeFloat64,
  writeInt64,
  writeUint64,
} from './memcomparable.js';
import type { DecimalParts } from './memcomparable.js';

export const KeyFlag = {
  NULL: 0x00,
  BYTES: 0x01,
  INT: 0x03,
  UINT: 0x04,
  FLOAT: 0x05,
  DECIMAL: 0x06,
  MAX: 0xfa,
} as const;

/** How a column's values are encoded in keys; strings arrive as collation sort keys (bytes). */
export type KeyKind = 'int' | 'uint' | 'float' | 'decimal' | 'bytes';

export type KeyValue = number | bigint | DecimalParts | Uint8Array;

export function writeKeyDatum(writer: ByteWriter, kind: KeyKind, value: KeyValue | null): void {
  if (value === null) {
    writer.byte(KeyFlag.NULL);
    return;
  }
  switch (kind) {
    case 'int':
      writer.byte(KeyFlag.INT);
      writeInt64(writer, value as number | bigint);
      return;
    case 'uint':
      writer.byte(KeyFlag.UINT);
      writeUint64(writer, value as number | bigint);
      return;
    case 'float':
      writer.byte(KeyFlag.FLOAT);
      writeFloat64(writer, value as number);
      return;
    case 'decimal':
      writer.byte(KeyFlag.DECIMAL);
      writeDecimal(writer, value as DecimalParts);
      return;
    case 'bytes':
      writer.byte(KeyFlag.BYTES);
      writeBytes(writer, value as Uint8Array);
      return;
  }
}

export function writeMaxDatum(writer: ByteWriter): void {
  writer.byte(KeyFlag.MAX);
}

export interface DecodedDatum {
  value: KeyValue | null;
  next: number;
}

/** Reads one datum written by writeKeyDatum. */
export function readKeyDatum(buffer: Buffer, offset: number): DecodedDatum {
  const flag = buffer[offset];
  const body = offset + 1;
  switch (flag) {
    case KeyFlag.NULL:
      return { value: null, next: body };
    case KeyFlag.INT:
      return { value: readInt64(buffer, body), next: body + INT64_BYTES };
    case KeyFlag.UINT:
      return { value: readUint64(buffer, body), next: body + INT64_BYTES };
    case KeyFlag.FLOAT:
      return { value: readFloat64(buffer, body), next: body + INT64_BYTES };
    case KeyFlag.DECIMAL: {
      const { value, next } = readDecimal(buffer, body);
      return { value, next };
    }
    case KeyFlag.BYTES: {
      const { data, next } = readBytes(buffer, body);
      return { value: data, next };
    }
    default:
      throw new CodecError(`unknown key datum flag ${flag}`);
  }
}
