// Reading COSBench workload files: the samples shipped in bench/workloads, the format's rules,
// and errors that name the element and attribute at fault.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';

import { PROJECT_ROOT } from '../../bench/common/paths.js';
import { choiceFromFile } from '../../bench/workload/open-storage.js';
import { parseWorkload, readWorkloadFile } from '../../bench/workload/parse.js';
import { WorkloadError } from '../../bench/workload/workload-error.js';

/** The read workload of the OEOS notes, as they wrote it (an S3 endpoint). */
const OEOS_READ = `<?xml version="1.0" encoding="UTF-8" ?>
<workload name="s3-sample" description="sample benchmark for s3">
  <storage type="s3" config="accesskey=oeosadmin;secretkey=oeosadmin;endpoint=http://oeos.com:19003;path_style_access=true" />
  <workflow>
    <workstage name="main">
      <work name="read" workers="800" runtime="20">
        <operation type="read" ratio="100" config="cprefix=3driver;containers=u(1,3);objects=u(1,20000)" />
      </work>
    </workstage>
  </workflow>
</workload>`;

function workload(works: string, storage = '<storage type="strata" />'): string {
  return `<workload name="t">\n  ${storage}\n  <workflow>\n    <workstage name="main">\n${works}\n    </workstage>\n  </workflow>\n</workload>`;
}

function readOp(attributes = 'ratio="100"', config = 'containers=u(1,3);objects=u(1,10)'): string {
  return `      <work name="w" workers="2" runtime="1">\n        <operation type="read" ${attributes} config="${config}" />\n      </work>`;
}

/** Asserts that parsing fails naming `element`, `attribute` and a detail containing `fragment`. */
function assertRejected(
  xml: string,
  element: string,
  attribute: string | undefined,
  fragment: string,
): void {
  assert.throws(
    () => parseWorkload(xml, 'bad.xml'),
    (error: unknown) => {
      assert.ok(error instanceof WorkloadError, `expected a WorkloadError, got ${String(error)}`);
      assert.equal(error.element, element);
      assert.equal(error.attribute, attribute);
      assert.ok(
        error.message.includes(fragment),
        `'${error.message}' should mention '${fragment}'`,
      );
      assert.match(error.message, /^bad\.xml:\d+:\d+: /);
      return true;
    },
  );
}

describe('workload files', () => {
  it('reads the shipped write sample: an init stage, then three drivers writing 4 KB objects', () => {
    const spec = readWorkloadFile(
      path.join(PROJECT_ROOT, 'bench', 'workloads', 'oeos-s3-write.xml'),
    );
    assert.deepEqual(
      spec.stages.map((s) => s.name),
      ['init', 'main'],
    );
    const [init] = spec.stages[0]!.works;
    assert.equal(init!.type, 'init');
    assert.deepEqual(init!.scan!.containers, { kind: 'range', low: 1, high: 3 });
    const main = spec.stages[1]!.works;
    assert.deepEqual(
      main.map((w) => [w.name, w.driver, w.runtimeSeconds]),
      [
        ['write1', 'driver1', 20],
        ['write2', 'driver2', 20],
        ['write3', 'driver3', 20],
      ],
    );
    const op = main[0]!.operations[0]!;
    assert.equal(op.naming.containerPrefix, '3driver');
    assert.deepEqual(op.objects, { kind: 'sequential', low: 1, high: 5000 });
    assert.deepEqual(op.sizes, { distribution: { kind: 'constant', value: 4 }, unitBytes: 1000 });
  });

  it('reads the shipped read sample: a prepare stage, then uniform random reads', () => {
    const spec = readWorkloadFile(
      path.join(PROJECT_ROOT, 'bench', 'workloads', 'oeos-s3-read.xml'),
    );
    const prepare = spec.stages[0]!.works[0]!;
    assert.equal(prepare.type, 'prepare');
    assert.equal(prepare.scan!.containerToo, true);
    const read = spec.stages[1]!.works[0]!;
    assert.equal(read.operations[0]!.type, 'read');
    assert.deepEqual(read.operations[0]!.objects, { kind: 'uniform', low: 1, high: 5000 });
  });

  it('reads the notes’ original file, and refuses its s3 storage only when asked to open it', () => {
    const spec = parseWorkload(OEOS_READ, 'oeos-s3-read.xml');
    assert.equal(spec.stages[0]!.works[0]!.workers, 800);
    assert.throws(
      () => choiceFromFile(spec.storage),
      (error: unknown) =>
        error instanceof WorkloadError &&
        error.element === '<storage type="s3">' &&
        error.attribute === 'type' &&
        /'s3' is not supported/.test(error.message),
    );
  });

  it('lays a work’s config under its operations’ configs', () => {
    const spec = parseWorkload(
      workload(`      <work name="w" workers="1" runtime="1" config="cprefix=box;containers=c(1)">
        <operation type="read" ratio="100" config="objects=c(2)" />
      </work>`),
      'ok.xml',
    );
    const op = spec.stages[0]!.works[0]!.operations[0]!;
    assert.equal(op.naming.containerPrefix, 'box');
    assert.deepEqual(op.containers, { kind: 'constant', value: 1 });
  });

  it('drops operations with ratio 0', () => {
    const spec = parseWorkload(
      workload(`      <work name="w" workers="1" totalOps="10">
        <operation type="read" ratio="100" config="containers=c(1);objects=c(1)" />
        <operation type="write" ratio="0" config="containers=c(1);objects=c(1);sizes=c(1)B" />
      </work>`),
      'ok.xml',
    );
    assert.deepEqual(
      spec.stages[0]!.works[0]!.operations.map((op) => op.type),
      ['read'],
    );
  });

  it('names the line of malformed XML', () => {
    assert.throws(
      () => parseWorkload('<workload name="t">\n  <storage type="strata">\n</workload>', 'bad.xml'),
      /^WorkloadError: bad\.xml:3:\d+: the file: malformed XML/,
    );
  });

  it('rejects an unknown attribute, naming the element and the attribute', () => {
    assertRejected(
      workload(readOp('ratio="100" weight="3"')),
      '<operation type="read">',
      'weight',
      'unknown attribute',
    );
  });

  it('rejects a non-numeric worker count', () => {
    assertRejected(
      workload(
        '      <work name="w" workers="many" runtime="1"><operation type="read" ratio="100" config="containers=c(1);objects=c(1)"/></work>',
      ),
      '<work name="w">',
      'workers',
      "got 'many'",
    );
  });

  it('rejects a malformed distribution in a config', () => {
    assertRejected(
      workload(readOp(undefined, 'containers=u(3,1);objects=u(1,10)')),
      '<operation type="read">',
      'config',
      'containers: ',
    );
  });

  it('rejects an unknown config key', () => {
    assertRejected(
      workload(readOp(undefined, 'containers=c(1);objects=c(1);hashCheck=true')),
      '<operation type="read">',
      'config',
      "unknown key 'hashCheck'",
    );
  });

  it('rejects a write without sizes', () => {
    assertRejected(
      workload(
        '      <work name="w" workers="1" runtime="1"><operation type="write" ratio="100" config="containers=c(1);objects=c(1)"/></work>',
      ),
      '<operation type="write">',
      'config',
      'needs sizes',
    );
  });

  it('rejects an operation type COSBench does not have', () => {
    assertRejected(
      workload(readOp().replace('type="read"', 'type="copy"')),
      '<operation type="copy">',
      'type',
      'read, write, delete, list',
    );
  });

  it('rejects ratios that do not add up to 100', () => {
    assertRejected(
      workload(readOp('ratio="90"')),
      '<work name="w">',
      undefined,
      'add up to 90, not 100',
    );
  });

  it('rejects a normal work without runtime, totalOps or totalBytes', () => {
    assertRejected(
      workload(
        '      <work name="w" workers="1"><operation type="read" ratio="100" config="containers=c(1);objects=c(1)"/></work>',
      ),
      '<work name="w">',
      'runtime',
      'needs a limit',
    );
  });

  it('rejects a prepare work whose objects are not a range', () => {
    assertRejected(
      workload(
        '      <work type="prepare" workers="1" config="containers=r(1,2);objects=u(1,5);sizes=c(1)KB"/>',
      ),
      '<work type="prepare">',
      'config',
      'must be r(a,b) or c(n)',
    );
  });

  it('rejects an unexpected element', () => {
    assertRejected(
      workload('      <job name="w" workers="1"/>'),
      '<job name="w">',
      undefined,
      'unexpected element',
    );
  });

  it('rejects a workload without storage', () => {
    assertRejected(
      '<workload name="t"><workflow><workstage name="m"><work type="init" workers="1" config="containers=r(1,1)"/></workstage></workflow></workload>',
      '<workload name="t">',
      undefined,
      'needs a <storage>',
    );
  });

  it('rejects an unknown storage config key when the storage is opened', () => {
    const spec = parseWorkload(
      workload(readOp(), '<storage type="strata" config="compression=lz4" />'),
      'bad.xml',
    );
    assert.throws(
      () => choiceFromFile(spec.storage),
      /<storage type="strata">, attribute config: unknown key 'compression'/,
    );
  });
});
