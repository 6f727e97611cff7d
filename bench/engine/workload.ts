// Keys and values shaped as db_bench makes them: the key number big-endian in the first 8 bytes
// padded with '0', and values that compress to about half their size.

const POOL_BYTES = 1 << 20;
const PIECE_BYTES = 100;
const COMPRESSION_RATIO = 0.5;

export function makeKey(n: number, keySize: number): Buffer {
  const key = Buffer.alloc(keySize, '0');
  const high = Math.floor(n / 2 ** 32);
  key.writeUInt32BE(high >>> 0, 0);
  key.writeUInt32BE(n >>> 0, 4);
  return key;
}

/** Values cut from a pool of random pieces repeated to compress to COMPRESSION_RATIO. */
export class ValueSource {
  private readonly pool: Buffer;
  private offset = 0;

  constructor(private readonly valueSize: number) {
    const pieces: Buffer[] = [];
    let total = 0;
    let seed = 301;
    while (total < POOL_BYTES) {
      const raw = Buffer.alloc(Math.max(1, Math.floor(PIECE_BYTES * COMPRESSION_RATIO)));
      for (let i = 0; i < raw.length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        raw[i] = 32 + (seed % 95);
      }
      const piece = Buffer.alloc(PIECE_BYTES);
      for (let i = 0; i < PIECE_BYTES; i++) piece[i] = raw[i % raw.length]!;
      pieces.push(piece);
      total += PIECE_BYTES;
    }
    this.pool = Buffer.concat(pieces);
  }

  next(): Buffer {
    if (this.offset + this.valueSize > this.pool.length) this.offset = 0;
    const value = this.pool.subarray(this.offset, this.offset + this.valueSize);
    this.offset += this.valueSize;
    return value;
  }
}
