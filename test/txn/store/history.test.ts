import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';

import type { TxnMode } from '../../../src/txn/api.js';
import { TxnError } from '../../../src/txn/errors.js';
import { seededRandom } from '../helpers/random.js';
import { b, openStore } from '../helpers/store.js';

const KEYS = 16;
const CLIENTS = 8;
const TXNS_PER_CLIENT = 30;
const RETRYABLE = new Set(['WRITE_CONFLICT', 'DEADLOCK']);

interface Committed {
  commitTs: bigint;
  /** key → value, undefined for a delete. */
  writes: Map<string, string | undefined>;
}

const keyName = (i: number) => `key${String(i).padStart(2, '0')}`;

/** The state after replaying every commit at or below ts, in commit order. */
function modelAt(history: Committed[], ts: bigint): Map<string, string> {
  const state = new Map<string, string>();
  for (const { commitTs, writes } of history) {
    if (commitTs > ts) break;
    for (const [key, value] of writes) {
      if (value === undefined) state.delete(key);
      else state.set(key, value);
    }
  }
  return state;
}

describe('the history of committed transactions', () => {
  it('is what every snapshot sees: the replay of all commits at or below its timestamp', async () => {
    const rng = seededRandom();
    const env = await openStore({ onePcMaxBytes: 400 }); // long values take two-phase commit
    const history: Committed[] = [];
    try {
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          const mode: TxnMode = client % 2 === 0 ? 'pessimistic' : 'optimistic';
          for (let done = 0; done < TXNS_PER_CLIENT;) {
            const txn = await env.store.begin({ mode });
            const writes = new Map<string, string | undefined>();
            try {
              const keys = Array.from({ length: 1 + rng.int(3) }, () => keyName(rng.int(KEYS)));
              if (mode === 'pessimistic') await txn.lockKeys(keys.map(b));
              for (const key of keys) {
                if (rng.int(5) === 0) {
                  txn.delete(b(key));
                  writes.set(key, undefined);
                } else {
                  const value = `${client}.${done}${rng.int(4) === 0 ? '.'.repeat(300) : ''}`;
                  txn.put(b(key), b(value));
                  writes.set(key, value);
                }
              }
              const { commitTs } = await txn.commit();
              history.push({ commitTs, writes });
              done++;
            } catch (error) {
              if (!txn.finished) await txn.rollback();
              if (!(error instanceof TxnError && RETRYABLE.has(error.code))) throw error;
            }
            await nextTurn();
          }
        }),
      );
      history.sort((x, y) => (x.commitTs < y.commitTs ? -1 : 1));
      for (let i = 1; i < history.length; i++) {
        assert.notEqual(
          history[i]!.commitTs,
          history[i - 1]!.commitTs,
          'commit timestamps are unique',
        );
      }
      const checkpoints = history.flatMap(({ commitTs }) => [commitTs - 1n, commitTs]);
      for (const ts of checkpoints) {
        const expected = modelAt(history, ts);
        const snapshot = await env.store.snapshot(ts);
        const scanned = await snapshot.scan(b('key'), b('kez'));
        assert.deepEqual(
          new Map(scanned.map(([k, v]) => [k.toString(), v.toString()])),
          expected,
          `snapshot at ${ts} (seed ${rng.seed})`,
        );
        const probe = keyName(rng.int(KEYS));
        assert.equal(
          (await snapshot.get(b(probe)))?.toString(),
          expected.get(probe),
          `seed ${rng.seed}`,
        );
      }
    } finally {
      await env.close();
    }
  });
});
