import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';

import { Settings } from '../../../src/config/index.js';
import { TXN_SETTINGS } from '../../../src/config/variables/txn.js';
import { INITIAL_BALANCE, audit, createAccounts, transfer } from '../helpers/bank.js';
import { seededRandom } from '../helpers/random.js';
import { openStore } from '../helpers/store.js';

const ACCOUNTS = 12;
const CLIENTS = 16;
const TRANSFERS_PER_CLIENT = 50;
/** Clients go on past their quota until the auditor has checked this many snapshots. */
const MIN_AUDITS = 10;

describe('bank transfers', () => {
  it('keep the total constant in every snapshot while many transactions run at once', async () => {
    const rng = seededRandom();
    const settings = new Settings(TXN_SETTINGS);
    const env = await openStore({ settings });
    try {
      await createAccounts(env.store, ACCOUNTS);
      const expected = ACCOUNTS * INITIAL_BALANCE;
      let running = true;
      let audits = 0;
      const auditor = (async () => {
        while (running) {
          const snapshot = await env.store.snapshot();
          const result = await audit(snapshot, ACCOUNTS);
          assert.equal(result.count, ACCOUNTS, `seed ${rng.seed}`);
          assert.equal(result.scanTotal, expected, `total by scan (seed ${rng.seed})`);
          assert.equal(result.getTotal, expected, `total by gets (seed ${rng.seed})`);
          assert.deepEqual(result.balancesByGet, result.balances, `seed ${rng.seed}`);
          await nextTurn();
          const again = await audit(snapshot, ACCOUNTS);
          assert.deepEqual(again.balances, result.balances, `repeatable (seed ${rng.seed})`);
          audits++;
          // Reads answered from memory never leave the microtask queue: give writers their turn.
          await nextTurn();
        }
      })();
      let committed = 0;
      const clients = Array.from({ length: CLIENTS }, async (_, client) => {
        const mode = client % 2 === 0 ? 'pessimistic' : 'optimistic';
        for (let done = 0; done < TRANSFERS_PER_CLIENT || audits < MIN_AUDITS;) {
          // A transfer that lost a conflict or a deadlock is not counted and runs again.
          if (await transfer(env.store, ACCOUNTS, rng, mode)) {
            done++;
            committed++;
          }
          // Half-way through, switch to two-phase commit for everyone.
          if (committed === (CLIENTS * TRANSFERS_PER_CLIENT) / 2) {
            settings.setGlobal('tidb_enable_1pc', 'OFF');
          }
        }
      });
      await Promise.all(clients);
      running = false;
      await auditor;
      const final = await audit(await env.store.snapshot(), ACCOUNTS);
      assert.equal(final.scanTotal, expected, `seed ${rng.seed}`);
      assert.equal(env.store.stats().liveTransactions, 0);
      assert.equal(env.store.stats().memoryPessimisticLocks, 0);
    } finally {
      await env.close();
    }
  });
});
