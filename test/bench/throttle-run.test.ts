// `strata bench throttle`, scaled down: a few seconds of overload on a tiny memstore, with
// throttling on and then off. The counts add up, the memory series lines up with the timeline,
// memory stays under the limit with throttling on, and the report renders with its memory chart.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { BrowserContext } from 'playwright-core';

import type { MemstorePoint, RunReport } from '../../bench/report/types.js';
import { bench, describeRun } from './support/bench-run.js';
import type { BenchRun } from './support/bench-run.js';
import { launchChromium } from './support/chromium.js';
import { assertCountsAddUp } from './support/counts.js';

const MiB = 1024 * 1024;
const LIMIT_BYTES = 8 * MiB;
const TRIGGER_PERCENTAGE = 60;
const SECONDS_PER_MODE = 3;

function sum(points: MemstorePoint[], field: keyof MemstorePoint): number {
  return points.reduce((total, point) => total + point[field], 0);
}

describe('strata bench throttle', () => {
  let run: BenchRun;
  let on: RunReport;
  let off: RunReport;

  before(async () => {
    run = await bench([
      'throttle',
      '--duration',
      String(SECONDS_PER_MODE),
      '--memstore_limit',
      '8M',
      '--write_buffer_size',
      '1M',
      '--writing_throttling_trigger_percentage',
      String(TRIGGER_PERCENTAGE),
      '--writing_throttling_maximum_duration',
      '3s',
      '--writers',
      '16',
      '--flush_delay_ms',
      '300',
      '--interval',
      '0.5',
    ]);
    assert.equal(run.code, 0, describeRun(run));
    on = run.report!.runs.find((r) => r.target === 'throttle on')!;
    off = run.report!.runs.find((r) => r.target === 'throttle off')!;
  });

  it('runs the same overload with throttling on, then off', () => {
    assert.deepEqual(
      run.report!.runs.map((r) => [r.phase, r.target]),
      [
        ['overload', 'throttle on'],
        ['overload', 'throttle off'],
      ],
    );
    assert.equal(run.report!.kind, 'throttle');
    assert.equal(on.settings['writing_throttling_trigger_percentage'], TRIGGER_PERCENTAGE);
    assert.equal(off.settings['writing_throttling_trigger_percentage'], 100);
    for (const r of [on, off]) {
      assert.ok(r.total.successes > 0, `${r.target} wrote`);
      assert.equal(r.memstore!.limitBytes, LIMIT_BYTES);
    }
  });

  it('adds up: operations, timeline, and the memory series with its stalls', () => {
    for (const r of [on, off]) {
      assertCountsAddUp(r);
      const m = r.memstore!;
      assert.deepEqual(
        m.timeline.map((p) => p.t),
        r.timeline.map((p) => p.t),
        `${r.target}: one memory point per timeline point`,
      );
      assert.equal(sum(m.timeline, 'slowWrites'), m.slowWrites, `${r.target}: slow writes`);
      assert.equal(sum(m.timeline, 'throttleWaits'), m.throttleWaits, `${r.target}: waits`);
      assert.equal(sum(m.timeline, 'limitStalls'), m.limitStalls, `${r.target}: stalls`);
      assert.equal(sum(m.timeline, 'flushes'), m.flushes, `${r.target}: flushes`);
      assert.equal(m.maxBytes, Math.max(...m.timeline.map((p) => p.maxBytes)), `${r.target}: max`);
      assert.ok(m.slowWrites <= r.total.successes);
    }
  });

  it('keeps memtable memory at or under the limit in every interval with throttling on', () => {
    const m = on.memstore!;
    assert.equal(m.triggerBytes, Math.floor((LIMIT_BYTES * TRIGGER_PERCENTAGE) / 100));
    for (const point of m.timeline) {
      assert.ok(point.maxBytes <= LIMIT_BYTES, `${point.maxBytes} bytes at t=${point.t}`);
    }
    assert.ok(m.maxBytes > m.triggerBytes, 'the writers pushed memory past the trigger');
  });

  it('throttles writers with throttling on and stalls them at the limit with it off', () => {
    assert.ok(on.memstore!.throttleWaits > 0, 'throttle waits with throttling on');
    assert.equal(off.memstore!.throttleWaits, 0, 'no throttle waits with throttling off');
    assert.equal(off.memstore!.triggerBytes, LIMIT_BYTES);
    assert.ok(off.memstore!.limitStalls > 0, 'hard-limit stalls with throttling off');
  });

  it('checks the goal and prints it with its evidence', () => {
    const goals = run.report!.goals!;
    assert.equal(goals.length, 3);
    assert.equal(goals[0]!.met, on.memstore!.maxBytes <= LIMIT_BYTES);
    assert.equal(goals[1]!.met, on.memstore!.slowWrites === 0);
    assert.match(run.stdout, /## Memtable memory and stalls/);
    for (const goal of goals) assert.ok(run.stdout.includes(goal.goal), goal.goal);
    assert.match(run.stdout, /Flushes slowed on purpose: each waits 300 ms/);
  });

  it('refuses --vs: both runs are the engine in process', async () => {
    const refused = await bench(['throttle', '--vs', 'mysql://root@127.0.0.1:1/x']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--vs: not for the throttle benchmark/);
  });

  it('refuses a trigger of 100 for the run with throttling on', async () => {
    const refused = await bench(['throttle', '--writing_throttling_trigger_percentage', '100']);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /must be below 100/);
  });

  describe('HTML report', () => {
    let browser: BrowserContext;

    before(async () => {
      browser = await launchChromium();
    });

    after(async () => {
      await browser?.close();
    });

    it('draws the memory, throughput and latency charts without script errors', async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(`file://${path.join(run.dir, 'report.html')}`, { waitUntil: 'load' });
      const charts = await page.locator('.uplot').count();
      const titles = await page.locator('.uplot .u-title').allTextContents();
      await page.close();
      assert.deepEqual(errors, []);
      assert.equal(charts, 3);
      assert.match(titles[0]!, /memtable memory/);
    });
  });
});
