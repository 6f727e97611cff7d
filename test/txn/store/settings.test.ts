import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Settings } from '../../../src/config/index.js';
import { TXN_SETTINGS } from '../../../src/config/variables/txn.js';
import { TxnError } from '../../../src/txn/errors.js';
import { b, openStore, tempDir } from '../helpers/store.js';

describe('txn settings', () => {
  it('innodb_lock_wait_timeout set globally applies to transactions begun afterwards', async () => {
    const settings = new Settings(TXN_SETTINGS);
    const env = await openStore({ settings });
    try {
      const holder = await env.store.begin({ mode: 'pessimistic' });
      await holder.lockKeys([b('k')]);
      settings.setGlobal('innodb_lock_wait_timeout', 1);
      const waiter = await env.store.begin({ mode: 'pessimistic' });
      const started = Date.now();
      await assert.rejects(
        waiter.lockKeys([b('k')]),
        (error: unknown) => error instanceof TxnError && error.code === 'LOCK_WAIT_TIMEOUT',
      );
      const waitedMs = Date.now() - started;
      assert.ok(waitedMs >= 950 && waitedMs < 5000, `waited ${waitedMs} ms`);
      await Promise.all([waiter.rollback(), holder.rollback()]);
    } finally {
      await env.close();
    }
  });

  it('innodb_flush_log_at_trx_commit = 1 fsyncs every commit, 2 does not', async () => {
    const { dir, remove } = await tempDir('flush-setting');
    const settings = new Settings(TXN_SETTINGS);
    const env = await openStore({ settings, path: dir });
    try {
      const commitWith = async (key: string) => {
        const before = env.engine.stats().walSyncs;
        const txn = await env.store.begin();
        txn.put(b(key), b('v'));
        await txn.commit();
        return env.engine.stats().walSyncs - before;
      };
      assert.ok((await commitWith('a')) >= 1);
      settings.setGlobal('innodb_flush_log_at_trx_commit', 2);
      assert.equal(await commitWith('b'), 0);
    } finally {
      await env.close();
      await remove();
    }
  });

  it('tidb_txn_mode picks the mode of transactions that do not ask for one', async () => {
    const settings = new Settings(TXN_SETTINGS);
    const env = await openStore({ settings });
    try {
      assert.equal((await env.store.begin()).mode, 'pessimistic');
      settings.setGlobal('tidb_txn_mode', 'optimistic');
      assert.equal((await env.store.begin()).mode, 'optimistic');
      assert.equal((await env.store.begin({ mode: 'pessimistic' })).mode, 'pessimistic');
    } finally {
      await env.close();
    }
  });
});
