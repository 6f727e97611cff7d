// Memstore write throttling through the engine's API: with a small memstore limit and slow
// flushes, concurrent writers never push memtable memory past the limit, they wait (and the
// waits are recorded), and all of them complete; at trigger 100 nobody waits; reads stay fast.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { Engine, WriteBatch, throttleScope } from '../../src/engine/index.js';
import { makeTempDir } from '../support/temp-dir.js';

const MiB = 1024 * 1024;
const LIMIT_BYTES = 12 * MiB;
const VALUE = Buffer.alloc(1024, 'x');

async function openSlowEngine(): Promise<Engine> {
  return Engine.open({
    path: path.join(makeTempDir(), 'db'),
    writeBufferSizeBytes: 2 * MiB,
    maxImmutableMemtables: 8,
    // A slow disk: every flush takes a while, so writers run ahead of it.
    flushDelayMs: 150,
  });
}

/** Runs writers for durationMs, sampling memstore memory; returns the peak and the counts. */
async function overload(engine: Engine, writers: number, durationMs: number) {
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, engine.memstoreBytes());
  }, 2);
  const end = Date.now() + durationMs;
  let written = 0;
  let scopedWaits = 0;
  await Promise.all(
    Array.from({ length: writers }, (_, w) =>
      throttleScope.run({ onWait: () => scopedWaits++ }, async () => {
        for (let i = 0; Date.now() < end; i++) {
          const batch = new WriteBatch();
          for (let j = 0; j < 8; j++) batch.put(0, Buffer.from(`w${w}-${i}-${j}`), VALUE);
          await engine.write(batch);
          written++;
        }
      }),
    ),
  );
  clearInterval(sampler);
  peak = Math.max(peak, engine.memstoreBytes());
  return { peak, written, scopedWaits };
}

test('throttled writers stay under the memstore limit, wait, and all complete', async () => {
  const engine = await openSlowEngine();
  engine.setMemstoreThrottle({
    limitBytes: LIMIT_BYTES,
    triggerPercentage: 50,
    maxDurationMs: 2000,
  });
  const { peak, written, scopedWaits } = await overload(engine, 6, 2500);
  const waits = engine.throttleWaits();
  assert.ok(written > 100, `writes went through (${written})`);
  assert.ok(peak <= LIMIT_BYTES, `memstore peaked at ${peak} bytes, limit ${LIMIT_BYTES}`);
  assert.ok(waits.waits > 0, 'writers were throttled');
  assert.equal(scopedWaits, waits.waits, 'each wait was reported to the writer’s scope');
  assert.ok(waits.maxMicros <= 20_500_000, 'no single wait is longer than 20 s');
  await engine.close();
});

test('trigger 100 turns throttling off: nobody waits', async () => {
  const engine = await openSlowEngine();
  engine.setMemstoreThrottle({
    limitBytes: LIMIT_BYTES,
    triggerPercentage: 100,
    maxDurationMs: 2000,
  });
  const { written } = await overload(engine, 4, 1000);
  assert.ok(written > 0);
  assert.equal(engine.throttleWaits().waits, 0);
  await engine.close();
});

test('a write waits no longer than its statement deadline', async () => {
  const engine = await openSlowEngine();
  engine.setMemstoreThrottle({
    limitBytes: LIMIT_BYTES,
    triggerPercentage: 10,
    maxDurationMs: 3_600_000,
  });
  // Fill past the trigger, then a write with a deadline 100 ms away returns in about that time.
  for (let i = 0; i < 3000 && engine.memstoreBytes() < 0.2 * LIMIT_BYTES; i++) {
    await engine.put(0, Buffer.from(`fill-${i}`), VALUE);
  }
  const started = Date.now();
  await throttleScope.run({ deadlineMs: Date.now() + 100 }, () =>
    engine.put(0, Buffer.from('late'), VALUE),
  );
  assert.ok(Date.now() - started < 1000, `waited ${Date.now() - started} ms`);
  await engine.close();
});

test('reads keep answering from memory while writers are throttled', async () => {
  const engine = await openSlowEngine();
  await engine.put(0, Buffer.from('hot'), Buffer.from('value'));
  engine.setMemstoreThrottle({
    limitBytes: LIMIT_BYTES,
    triggerPercentage: 30,
    maxDurationMs: 2000,
  });
  const writers = overload(engine, 6, 1500);
  const latencies: number[] = [];
  const end = Date.now() + 1200;
  while (Date.now() < end) {
    const started = performance.now();
    assert.equal(String(await engine.get(0, Buffer.from('hot'))), 'value');
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await writers;
  latencies.sort((a, b) => a - b);
  const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
  assert.ok(engine.throttleWaits().waits > 0, 'the writers were being throttled');
  assert.ok(p99 < 50, `read p99 ${p99.toFixed(2)} ms stays low`);
  await engine.close();
});
