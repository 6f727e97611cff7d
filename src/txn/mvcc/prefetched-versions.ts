// The write-CF records of a sorted group of keys, read with one range scan. A command that checks
// many keys for newer writes (the prewrite of a multi-row INSERT: a thousand consecutive row keys)
// then costs one crossing into the engine instead of a seek per key. It pays off only when the
// keys lie close together, so that their range holds few records of other keys; past a budget of
// records the scan is abandoned and the caller seeks per key as usual.
//
// Read under the keys' latches, so no commit can change their records while the command runs.

import { EngineError } from '../../engine/errors.js';
import { TS_BYTES } from '../types/format.js';
import { prefixEnd, tsOfMvccKey } from '../types/key.js';
import { decodeWrite } from '../types/write.js';
import type { Version } from './reader.js';
import type { MvccStorage } from './storage.js';

/** Below this many keys a seek per key costs no more than the scan. */
export const PREFETCH_MIN_KEYS = 32;
/**
 * Records read per key before the range counts as too crowded: a key written a few times (and its
 * neighbours) fits; a range cutting across a populated table does not.
 */
const RECORDS_PER_KEY = 4;

const NO_VERSIONS: readonly Version[] = [];

export class PrefetchedVersions {
  private constructor(private readonly byKey: Map<string, Version[]>) {}

  /**
   * The records of encodedKeys, or undefined when there are too few keys to be worth a scan or
   * their range holds too many records.
   */
  static async read(
    storage: MvccStorage,
    encodedKeys: readonly Buffer[],
  ): Promise<PrefetchedVersions | undefined> {
    if (encodedKeys.length < PREFETCH_MIN_KEYS) return undefined;
    const limit = encodedKeys.length * RECORDS_PER_KEY;
    let lower = encodedKeys[0]!;
    let highest = lower;
    for (const key of encodedKeys) {
      if (key.compare(lower) < 0) lower = key;
      else if (key.compare(highest) > 0) highest = key;
    }
    const upper = prefixEnd(highest);
    const entries = await storage.scan(storage.writeCf, lower, upper, limit);
    if (entries.length >= limit) return undefined;
    const wanted = new Set<string>();
    for (const key of encodedKeys) wanted.add(key.toString('latin1'));
    const byKey = new Map<string, Version[]>();
    for (const [key, value] of entries) {
      if (key.length <= TS_BYTES) {
        throw new EngineError('CORRUPTION', `write-CF key of bad length: 0x${key.toString('hex')}`);
      }
      const id = key.toString('latin1', 0, key.length - TS_BYTES);
      if (!wanted.has(id)) continue;
      let versions = byKey.get(id);
      if (versions === undefined) {
        versions = [];
        byKey.set(id, versions);
      }
      // Records of one key sort newest first (inverted timestamps).
      versions.push({ commitTs: tsOfMvccKey(key), write: decodeWrite(value) });
    }
    return new PrefetchedVersions(byKey);
  }

  /** The key's records, newest first. REQUIRES: the key was among those read. */
  of(encodedKey: Buffer): readonly Version[] {
    return this.byKey.get(encodedKey.toString('latin1')) ?? NO_VERSIONS;
  }
}
