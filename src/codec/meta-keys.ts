// Keys of the catalog and counters: 'm' then the memcomparable parts of the name, so that every
// object of one kind ('DB', 'Table', …) lies under one prefix and can be listed by a range scan.

import { ByteWriter } from './byte-writer.js';
import { writeBytes, writeInt64 } from './memcomparable.js';
import { prefixEnd } from './table-keys.js';

export const META_PREFIX = 0x6d; // 'm'

/** 'm' + bytes(part) for a string part, int64(part) for a numeric one. */
export function metaKey(...parts: Array<string | number>): Buffer {
  const writer = new ByteWriter();
  writer.byte(META_PREFIX);
  for (const part of parts) {
    if (typeof part === 'number') writeInt64(writer, part);
    else writeBytes(writer, Buffer.from(part, 'utf8'));
  }
  return writer.toBuffer();
}

/** [start, end) of every meta key that starts with these parts. */
export function metaRange(...parts: Array<string | number>): [Buffer, Buffer] {
  const start = metaKey(...parts);
  return [start, prefixEnd(start)];
}
