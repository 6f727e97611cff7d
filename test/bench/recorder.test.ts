// The recorder behind every run: nothing is dropped, and the figures agree with each other.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Recorder } from '../../bench/run/recorder.js';
import { runWorkers } from '../../bench/run/workers.js';
import { OperationError } from '../../bench/run/errors.js';

const MICROS = 1000n;

/** A start time `micros` ago, for a latency of about that much. */
function startedAgo(micros: number): bigint {
  return process.hrtime.bigint() - BigInt(micros) * MICROS;
}

describe('recorder', () => {
  it('counts successes and errors by kind, per operation type and in total', () => {
    const recorder = new Recorder();
    recorder.startMeasuring();
    recorder.success('read', startedAgo(100), 4000);
    recorder.success('read', startedAgo(200), 4000);
    recorder.success('write', startedAgo(300), 1000);
    recorder.failure('read', 'NoSuchKey');
    recorder.failure('write', 'ECONNRESET');
    recorder.failure('write', 'ECONNRESET');
    recorder.stopMeasuring();
    const total = recorder.totalFigures();
    assert.equal(total.attempts, 6);
    assert.equal(total.successes, 3);
    assert.equal(total.errors, 3);
    assert.equal(total.bytes, 9000);
    assert.deepEqual(total.errorsByKind, { ECONNRESET: 2, NoSuchKey: 1 });
    const ops = recorder.operationFigures();
    assert.deepEqual(Object.keys(ops), ['read', 'write']);
    assert.equal(ops.read!.successes, 2);
    assert.deepEqual(ops.write!.errorsByKind, { ECONNRESET: 2 });
  });

  it('takes percentiles from the histogram, in milliseconds', () => {
    const recorder = new Recorder();
    recorder.startMeasuring();
    for (let i = 0; i < 99; i++) recorder.success('op', startedAgo(1000));
    recorder.success('op', startedAgo(50_000));
    recorder.stopMeasuring();
    const latency = recorder.totalFigures().latencyMs!;
    assert.ok(latency.p50 >= 1 && latency.p50 < 1.5, `p50 ${latency.p50}`);
    assert.ok(latency.max >= 50 && latency.max < 55, `max ${latency.max}`);
  });

  it('ignores what happens before measuring starts and after it stops', () => {
    const recorder = new Recorder();
    recorder.success('op', startedAgo(10));
    recorder.startMeasuring();
    recorder.success('op', startedAgo(10));
    recorder.stopMeasuring();
    recorder.failure('op', 'late');
    assert.equal(recorder.totalFigures().attempts, 1);
  });

  it('spreads every operation over the timeline exactly once', () => {
    const recorder = new Recorder();
    recorder.startMeasuring();
    recorder.success('op', startedAgo(10));
    recorder.tick();
    recorder.success('op', startedAgo(10));
    recorder.failure('op', 'x');
    recorder.tick();
    recorder.success('op', startedAgo(10));
    recorder.stopMeasuring();
    const timeline = recorder.timeline;
    assert.deepEqual(
      timeline.map((p) => [p.successes, p.errors]),
      [
        [1, 0],
        [1, 1],
        [1, 0],
      ],
    );
    assert.ok(timeline.every((p, i) => i === 0 || p.t >= timeline[i - 1]!.t));
  });

  it('counts side counters with their rates', () => {
    const recorder = new Recorder();
    recorder.startMeasuring();
    recorder.count('queries', 20);
    recorder.stopMeasuring();
    const total = recorder.totalFigures();
    assert.equal(total.counters.queries, 20);
    assert.ok(total.counterRates.queries! > 0);
  });
});

describe('workers', () => {
  it('record every operation, failed ones under their error code', async () => {
    const recorder = new Recorder();
    recorder.startMeasuring();
    let issued = 0;
    await runWorkers({
      workers: 3,
      recorder,
      signal: new AbortController().signal,
      limits: { totalOps: 30 },
      next: () => ({
        type: 'op',
        run: async () => {
          issued++;
          if (issued % 5 === 0) throw new OperationError('NoSuchKey', 'missing');
          return 10;
        },
      }),
    });
    recorder.stopMeasuring();
    const total = recorder.totalFigures();
    assert.equal(total.attempts, 30);
    assert.deepEqual(total.errorsByKind, { NoSuchKey: 6 });
    assert.equal(total.bytes, 240);
  });

  it('stop when every worker runs out of work', async () => {
    const recorder = new Recorder();
    recorder.startMeasuring();
    const left = [2, 0, 5];
    await runWorkers({
      workers: 3,
      recorder,
      signal: new AbortController().signal,
      limits: {},
      next: (worker) =>
        left[worker]! > 0 ? (left[worker]!--, { type: 'op', run: async () => 0 }) : undefined,
    });
    assert.equal(recorder.totalFigures().successes, 7);
  });

  it('stop issuing once aborted', async () => {
    const recorder = new Recorder();
    recorder.startMeasuring();
    const controller = new AbortController();
    let n = 0;
    await runWorkers({
      workers: 2,
      recorder,
      signal: controller.signal,
      limits: {},
      next: () => ({ type: 'op', run: async () => (++n === 10 && controller.abort(), 0) }),
    });
    assert.ok(recorder.totalFigures().attempts <= 11);
  });
});
