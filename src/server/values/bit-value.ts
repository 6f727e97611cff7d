// BIT(M) values travel as ceil(M / 8) big-endian bytes in both protocols.

const BITS_PER_BYTE = 8;
const MAX_BIT_BYTES = 8;

/** The bytes of a BIT(bits) value given as an integer. */
export function bitBytes(value: number | bigint, bits: number): Buffer {
  const byteCount = Math.min(MAX_BIT_BYTES, Math.max(1, Math.ceil(bits / BITS_PER_BYTE)));
  const out = Buffer.alloc(byteCount);
  let remaining = BigInt.asUintN(byteCount * BITS_PER_BYTE, BigInt(value));
  for (let i = byteCount - 1; i >= 0; i--) {
    out[i] = Number(remaining & 0xffn);
    remaining >>= 8n;
  }
  return out;
}
