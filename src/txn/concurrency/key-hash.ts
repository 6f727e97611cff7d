// A 32-bit FNV-1a hash of an encoded key: latch slots and the per-slot in-flight commit markers
// are indexed by it. Collisions only make unrelated keys wait for each other, never wrong.

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function hashKey(key: Buffer, length = key.length): number {
  let hash = FNV_OFFSET_BASIS;
  for (let i = 0; i < length; i++) {
    hash = Math.imul(hash ^ key[i]!, FNV_PRIME);
  }
  return hash >>> 0;
}
