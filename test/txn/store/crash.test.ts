import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { INITIAL_BALANCE, audit, transfer } from '../helpers/bank.js';
import { startFixture } from '../helpers/child.js';
import { ref } from '../helpers/mvcc-env.js';
import { seededRandom } from '../helpers/random.js';
import { b, openStore, str, tempDir } from '../helpers/store.js';

const ACCOUNTS = 10;
const CLIENTS = 8;
/** Commits to wait for before each kill. */
const COMMITS_BEFORE_KILL = 60;
const KILLS = 2;

describe('after the process is killed with SIGKILL', () => {
  it('bank totals are intact in every snapshot, and transfers go on', async () => {
    const rng = seededRandom();
    const { dir, remove } = await tempDir('bank-crash');
    try {
      let lastIssued = 0n;
      for (let kill = 0; kill < KILLS; kill++) {
        const child = startFixture('bank-worker', [
          dir,
          String(ACCOUNTS),
          String(CLIENTS),
          String(rng.seed + kill),
        ]);
        try {
          const line = await child.waitForLine((l) => {
            const match = /^committed (\d+) (\d+)$/.exec(l);
            return match !== null && Number(match[1]) >= COMMITS_BEFORE_KILL;
          });
          lastIssued = BigInt(line.split(' ')[2]!);
        } finally {
          await child.kill();
        }
      }
      const env = await openStore({ path: dir });
      try {
        assert.ok(
          (await env.store.timestamp()) > lastIssued,
          'timestamps keep increasing across the restart',
        );
        const expected = ACCOUNTS * INITIAL_BALANCE;
        const after = await audit(await env.store.snapshot(), ACCOUNTS);
        assert.equal(after.count, ACCOUNTS, `seed ${rng.seed}`);
        assert.equal(after.scanTotal, expected, `seed ${rng.seed}`);
        assert.equal(after.getTotal, expected, `seed ${rng.seed}`);
        for (let i = 0; i < 20; i++)
          await transfer(env.store, ACCOUNTS, rng, i % 2 ? 'optimistic' : 'pessimistic');
        const later = await audit(await env.store.snapshot(), ACCOUNTS);
        assert.equal(later.scanTotal, expected, `seed ${rng.seed}`);
      } finally {
        await env.close();
      }
    } finally {
      await remove();
    }
  });
});

describe('a transaction abandoned after prewrite (its process killed)', () => {
  async function abandon(scenario: 'primary-committed' | 'prewrite-only') {
    const { dir, remove } = await tempDir('abandon');
    const child = startFixture('abandon-after-prewrite', [dir, scenario]);
    let line: string;
    try {
      line = await child.waitForLine((l) => l.startsWith('ready'));
    } finally {
      await child.kill();
    }
    const [, startTs, commitTs] = line.split(' ').map((part, i) => (i === 0 ? 0n : BigInt(part)));
    const env = await openStore({ path: dir });
    return { env, remove, startTs: startTs!, commitTs: commitTs! };
  }

  it('is rolled forward by the next reader when its primary committed', async () => {
    const { env, remove, commitTs } = await abandon('primary-committed');
    try {
      const reader = env.store.internals.context.scheduler.reader;
      assert.notEqual(await reader.loadLock(ref('b').encodedKey), undefined, 'b is still locked');
      assert.equal(str(await (await env.store.snapshot()).get(b('b'))), 'new-b');
      assert.equal(await reader.loadLock(ref('b').encodedKey), undefined);
      assert.equal((await reader.seekWrite(ref('b').encodedKey, commitTs))?.commitTs, commitTs);
      assert.equal(str(await (await env.store.snapshot()).get(b('a'))), 'new-a');
    } finally {
      await env.close();
      await remove();
    }
  });

  it('is rolled back by the next reader when its primary did not commit', async () => {
    const { env, remove, startTs } = await abandon('prewrite-only');
    try {
      const reader = env.store.internals.context.scheduler.reader;
      assert.notEqual(await reader.loadLock(ref('b').encodedKey), undefined, 'b is still locked');
      const snapshot = await env.store.snapshot();
      assert.equal(str(await snapshot.get(b('b'))), 'old-b');
      assert.equal(str(await snapshot.get(b('a'))), 'old-a');
      assert.equal(await reader.loadLock(ref('a').encodedKey), undefined);
      assert.equal(await reader.loadLock(ref('b').encodedKey), undefined);
      const rollback = await reader.seekWrite(ref('a').encodedKey, startTs);
      assert.equal(rollback?.commitTs, startTs);
      assert.equal(rollback?.write.isProtected, true);
    } finally {
      await env.close();
      await remove();
    }
  });
});
