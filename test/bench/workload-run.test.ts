// A tiny COSBench workload on the in-process engine, end to end through `strata bench workload`:
// every stage runs, and the report's counts add up.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { makeTempDir } from '../support/temp-dir.js';
import { bench, describeRun } from './support/bench-run.js';
import { assertCountsAddUp } from './support/counts.js';

const CONTAINERS = 2;
const OBJECTS = 40;

const TINY = `<?xml version="1.0" encoding="UTF-8" ?>
<workload name="tiny" description="every operation once over">
  <storage type="strata" config="sync=false" />
  <workflow>
    <workstage name="init">
      <work type="init" workers="2" config="cprefix=box;containers=r(1,${CONTAINERS})" />
    </workstage>
    <workstage name="prepare">
      <work type="prepare" workers="3" config="cprefix=box;containers=r(1,${CONTAINERS});objects=r(1,${OBJECTS});sizes=u(1,4)KB" />
    </workstage>
    <workstage name="main">
      <work name="mix" workers="4" runtime="1">
        <operation type="read" ratio="60" config="cprefix=box;containers=u(1,${CONTAINERS});objects=u(1,${OBJECTS})" />
        <operation type="write" ratio="30" config="cprefix=box;containers=u(1,${CONTAINERS});objects=u(1,${OBJECTS});sizes=c(2)KB" />
        <operation type="list" ratio="10" config="cprefix=box;containers=u(1,${CONTAINERS});objects=u(1,9)" />
      </work>
      <work name="count" workers="2" totalOps="50">
        <operation type="read" ratio="100" config="cprefix=box;containers=u(1,${CONTAINERS});objects=u(1,${OBJECTS})" />
      </work>
    </workstage>
    <workstage name="cleanup">
      <work type="cleanup" workers="3" config="cprefix=box;containers=r(1,${CONTAINERS});objects=r(1,${OBJECTS});deleteContainer=true" />
    </workstage>
  </workflow>
</workload>`;

function writeWorkload(xml: string): string {
  const file = path.join(makeTempDir('strata-workload-'), 'tiny.xml');
  fs.writeFileSync(file, xml);
  return file;
}

describe('strata bench workload', () => {
  it('runs every stage of a workload on the engine and the counts add up', async () => {
    const run = await bench([
      'workload',
      writeWorkload(TINY),
      '--interval',
      '0.25',
      '--seed',
      '11',
    ]);
    assert.equal(run.code, 0, describeRun(run));
    const report = run.report!;
    assert.deepEqual(
      report.runs.map((r) => r.phase),
      ['init/init', 'prepare/prepare', 'main/mix', 'main/count', 'cleanup/cleanup'],
    );
    report.runs.forEach((r) => assertCountsAddUp(r));
    const byPhase = Object.fromEntries(report.runs.map((r) => [r.phase, r]));
    assert.equal(byPhase['init/init']!.total.successes, CONTAINERS);
    assert.equal(byPhase['prepare/prepare']!.operations.write!.successes, CONTAINERS * OBJECTS);
    assert.equal(byPhase['main/mix']!.total.errors, 0, 'every object read was prepared');
    assert.ok(byPhase['main/mix']!.timeline.length >= 2);
    assert.deepEqual(Object.keys(byPhase['main/mix']!.operations), ['list', 'read', 'write']);
    assert.equal(byPhase['main/count']!.total.attempts, 50);
    assert.equal(byPhase['cleanup/cleanup']!.operations.delete!.successes, CONTAINERS * OBJECTS);
    assert.equal(byPhase['cleanup/cleanup']!.operations.dispose!.successes, CONTAINERS);
    assert.ok(
      byPhase['main/count']!.total.bytes >= 50 * 1000,
      'reads count the bytes of 1-4 KB objects',
    );
    assert.ok(
      fs.readFileSync(path.join(run.dir, 'report.md'), 'utf8').includes('| main/mix | stratadb |'),
    );
  });

  it('counts reads of objects never written as NoSuchKey errors', async () => {
    const xml = TINY.replace(/<workstage name="prepare">[\s\S]*?<\/workstage>/, '')
      .replace(/<work name="mix"[\s\S]*?<\/work>/, '')
      .replace(/<workstage name="cleanup">[\s\S]*?<\/workstage>/, '');
    const run = await bench(['workload', writeWorkload(xml), '--interval', '0.25']);
    const count = run.report!.runs.find((r) => r.phase === 'main/count')!;
    assert.equal(count.total.attempts, 50);
    assert.deepEqual(count.total.errorsByKind, { NoSuchKey: 50 });
    assert.match(count.failure ?? '', /exceeds the acceptable 200000 \(afr\)/);
    assert.equal(run.code, 1, 'a work that failed as a whole fails the command');
  });

  it('reports an unreachable --vs endpoint as failed runs with the error counted', async () => {
    const run = await bench([
      'workload',
      writeWorkload(TINY),
      '--interval',
      '0.25',
      '--vs',
      'mysql://root@127.0.0.1:1/none',
    ]);
    assert.equal(run.code, 1, describeRun(run));
    const theirs = run.report!.runs.filter((r) => r.target !== 'stratadb');
    assert.equal(theirs.length, 5);
    for (const r of theirs) {
      assert.match(r.failure ?? '', /ECONNREFUSED/);
      assert.equal(r.total.errors, 1);
      assert.equal(r.total.errorsByKind.ECONNREFUSED, 1);
    }
    const ours = run.report!.runs.filter((r) => r.target === 'stratadb');
    assert.equal(ours.length, 5);
    assert.ok(ours.every((r) => r.failure === null));
  });
});
