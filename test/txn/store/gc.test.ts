import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { runPrewrite } from '../../../src/txn/commands/prewrite.js';
import { TxnError } from '../../../src/txn/errors.js';
import { encodedPartOf, tsOfMvccKey } from '../../../src/txn/types/key.js';
import { MutationOp } from '../../../src/txn/types/mutation.js';
import { ZERO_TS } from '../../../src/txn/types/timestamp.js';
import { mutation } from '../helpers/must.js';
import { ref } from '../helpers/mvcc-env.js';
import { b, load, openStore, str, tempDir, type StoreEnv } from '../helpers/store.js';

const LONG = (tag: string) => `${tag}:${'x'.repeat(300)}`;
const NO_END = Buffer.alloc(64, 0xff);

function isCode(code: string) {
  return (error: unknown) => error instanceof TxnError && error.code === code;
}

/** Commit timestamps of the write-CF records of a key, newest first, read straight from the engine. */
async function recordTimestamps(env: StoreEnv, key: string): Promise<bigint[]> {
  const engine = env.engine;
  const entries = await engine.scan(engine.columnFamily('write'), Buffer.alloc(0), NO_END);
  const encoded = ref(key).encodedKey;
  return entries.filter(([k]) => encodedPartOf(k).equals(encoded)).map(([k]) => tsOfMvccKey(k));
}

async function defaultCfKeys(env: StoreEnv, key: string): Promise<bigint[]> {
  const engine = env.engine;
  const entries = await engine.scan(engine.columnFamily('default'), Buffer.alloc(0), NO_END);
  const encoded = ref(key).encodedKey;
  return entries
    .filter(([k]) => k.length === encoded.length + 8 && encodedPartOf(k).equals(encoded))
    .map(([k]) => tsOfMvccKey(k));
}

describe('garbage collection', () => {
  let env: StoreEnv;
  beforeEach(async () => {
    env = await openStore();
  });
  afterEach(() => env.close());

  it('keeps every read at or after the safepoint right and removes old versions from disk', async () => {
    const t1 = await load(env.store, { put: 'p1', del: 'd1', long: LONG('l1'), noise: 'n1' });
    const t2 = await load(env.store, { put: 'p2', long: LONG('l2') });
    const deleter = await env.store.begin();
    deleter.delete(b('del'));
    const t3 = (await deleter.commit()).commitTs;
    const locker = await env.store.begin({ mode: 'pessimistic' });
    await locker.lockKeys([b('noise')]);
    const t4 = (await locker.commit()).commitTs; // a Lock record on noise
    const rolledBackTs = await env.store.timestamp();
    await runPrewrite(
      env.store.internals.context.scheduler,
      {
        startTs: rolledBackTs,
        primary: b('noise'),
        lockTtlMs: 3000,
        txnSize: 1,
        forUpdateTs: ZERO_TS,
      },
      [mutation(MutationOp.Put, 'noise', 'never')],
    );
    const { runRollback } = await import('../../../src/txn/commands/rollback.js');
    await runRollback(
      env.store.internals.context.scheduler,
      [ref('noise')],
      rolledBackTs,
      b('noise'),
    );
    const safepoint = await env.store.timestamp();
    const t5 = await load(env.store, { put: 'p5' });

    const expectations: Array<[bigint, Record<string, string | undefined>]> = [
      [safepoint, { put: 'p2', del: undefined, long: LONG('l2'), noise: 'n1' }],
      [t5, { put: 'p5', del: undefined, long: LONG('l2'), noise: 'n1' }],
    ];
    const check = async () => {
      for (const [ts, values] of expectations) {
        const snapshot = await env.store.snapshot(ts);
        for (const [key, value] of Object.entries(values)) {
          assert.equal(str(await snapshot.get(b(key))), value, `${key} at ${ts}`);
        }
        const scanned = await snapshot.scan(b('a'), b('z'));
        const present = Object.entries(values).filter(([, v]) => v !== undefined);
        assert.deepEqual(
          scanned.map(([k, v]) => [k.toString(), v.toString()]),
          present.sort(([x], [y]) => (x < y ? -1 : 1)),
        );
      }
    };
    await check();
    assert.equal((await env.store.runGc(safepoint)).safepoint, safepoint);
    await check();
    await assert.rejects(env.store.snapshot(safepoint - 1n), isCode('SNAPSHOT_TOO_OLD'));

    await env.engine.flush();
    for (const cf of ['write', 'default'])
      await env.engine.compactRange(env.engine.columnFamily(cf));
    await check();
    assert.deepEqual(await recordTimestamps(env, 'put'), [t5, t2], 'older Puts are gone');
    assert.deepEqual(await recordTimestamps(env, 'del'), [], 'a deleted key is gone entirely');
    assert.deepEqual(
      await recordTimestamps(env, 'noise'),
      [t1],
      'Lock and Rollback records are gone',
    );
    assert.deepEqual(await recordTimestamps(env, 'long'), [t2]);
    assert.equal((await defaultCfKeys(env, 'long')).length, 1, 'the dropped long value is gone');
    assert.ok(t3 < t4 && t4 < safepoint);
  });

  it('never moves the safepoint past a live transaction, nor back', async () => {
    const live = await env.store.begin();
    await load(env.store, { k: 'v' });
    const result = await env.store.runGc(await env.store.timestamp());
    assert.ok(result.safepoint < live.startTs);
    assert.equal(str(await live.get(b('k'))), undefined);
    await live.rollback();
    const later = await env.store.runGc(await env.store.timestamp());
    assert.ok(later.safepoint > result.safepoint);
    assert.equal((await env.store.runGc(result.safepoint)).safepoint, later.safepoint);
  });

  it('resolves the locks of gone transactions at or below the safepoint', async () => {
    await load(env.store, { k: 'old' });
    const startTs = await env.store.timestamp();
    await runPrewrite(
      env.store.internals.context.scheduler,
      { startTs, primary: b('k'), lockTtlMs: 3000, txnSize: 1, forUpdateTs: ZERO_TS },
      [mutation(MutationOp.Put, 'k', 'new')],
    );
    const result = await env.store.runGc(await env.store.timestamp());
    assert.equal(result.resolvedLocks, 1);
    assert.equal(
      await env.store.internals.context.scheduler.reader.loadLock(ref('k').encodedKey),
      undefined,
    );
    assert.equal(str(await (await env.store.snapshot()).get(b('k'))), 'old');
  });

  it('advances to now minus tidb_gc_life_time by default', async () => {
    await env.close();
    env = await openStore({ gcLifeTimeMs: 10_000 });
    const before = await env.store.timestamp();
    const { safepoint } = await env.store.runGc();
    const lifeTime = 10_000n << 18n;
    assert.ok(
      safepoint <= before - lifeTime + (1000n << 18n) &&
        safepoint >= before - lifeTime - (1000n << 18n),
    );
  });
});

describe('the GC safepoint', () => {
  it('survives a restart', async () => {
    const { dir, remove } = await tempDir('gc-safepoint');
    try {
      let env = await openStore({ path: dir });
      await load(env.store, { k: 'v' });
      const { safepoint } = await env.store.runGc(await env.store.timestamp());
      await env.close();
      env = await openStore({ path: dir });
      assert.equal(env.store.gcSafepoint, safepoint);
      await assert.rejects(env.store.snapshot(safepoint - 1n), isCode('SNAPSHOT_TOO_OLD'));
      await env.close();
    } finally {
      await remove();
    }
  });
});
