// KvCursor in the two other shapes KvReader offers: all entries at once (scan) and one entry at a
// time (iterate). Both drain the cursor synchronously while its chunks are in memory.

import { WOULD_BLOCK, type KvCursor, type KvPair } from './api.js';

/** Every entry of the cursor. */
export async function readAll(cursor: KvCursor): Promise<KvPair[]> {
  let out: KvPair[] | undefined;
  for (;;) {
    let chunk = cursor.tryNext();
    if (chunk === WOULD_BLOCK) chunk = await cursor.next();
    if (chunk === null) return out ?? [];
    if (out === undefined) out = chunk;
    else for (const entry of chunk) out.push(entry);
  }
}

/** The cursor's entries one by one. */
export async function* entriesOf(cursor: KvCursor): AsyncGenerator<KvPair> {
  for (;;) {
    let chunk = cursor.tryNext();
    if (chunk === WOULD_BLOCK) chunk = await cursor.next();
    if (chunk === null) return;
    yield* chunk;
  }
}
