// Turns the works of a stage into runs: for a normal work, workers that pick an operation by
// ratio and a container, object and size from its distributions; for init, prepare, cleanup
// and dispose works, workers that visit their share of the containers and objects once.

import crypto from 'node:crypto';

import { SeededRandom } from '../common/random.js';
import type { RunSpec } from '../run/phase.js';
import type { NextOperation, Operation } from '../run/workers.js';
import { IntGenerator, enumerate } from './distribution.js';
import type { SizeSpec } from './distribution.js';
import type { Naming, OperationSpec, ScanSpec, WorkSpec } from './model.js';
import type { ObjectStorage } from './object-storage.js';

const PER_MILLION = 1_000_000;
/** Object contents are cut from one random buffer at least this large (COSBench's content=random). */
const MIN_CONTENT_BYTES = 4 * 1024 * 1024;

/** Random object contents, sliced from one buffer (no copy per write). */
export class ContentSource {
  private pool = Buffer.alloc(0);

  slice(bytes: number, random: SeededRandom): Buffer {
    if (this.pool.length < bytes) {
      this.pool = crypto.randomBytes(Math.max(MIN_CONTENT_BYTES, bytes * 2));
    }
    const offset = random.int(0, this.pool.length - bytes);
    return this.pool.subarray(offset, offset + bytes);
  }
}

function containerName(naming: Naming, n: number): string {
  return `${naming.containerPrefix}${n}${naming.containerSuffix}`;
}

function objectName(naming: Naming, n: number): string {
  return `${naming.objectPrefix}${n}${naming.objectSuffix}`;
}

function sizeOf(sizes: SizeSpec, generator: IntGenerator, random: SeededRandom): number {
  return (generator.next(random, 0, 1) ?? 0) * sizes.unitBytes;
}

interface PreparedOperation {
  spec: OperationSpec;
  containers: IntGenerator;
  objects: IntGenerator | undefined;
  sizes: IntGenerator | undefined;
}

function normalWork(
  work: WorkSpec,
  storage: ObjectStorage,
  randoms: SeededRandom[],
  content: ContentSource,
): NextOperation {
  const operations: PreparedOperation[] = work.operations.map((spec) => ({
    spec,
    containers: new IntGenerator(spec.containers),
    objects: spec.objects === undefined ? undefined : new IntGenerator(spec.objects),
    sizes: spec.sizes === undefined ? undefined : new IntGenerator(spec.sizes.distribution),
  }));
  return (worker) => {
    const random = randoms[worker]!;
    let pick = random.int(0, 99);
    const chosen =
      operations.find((op) => (pick -= op.spec.ratio) < 0) ?? operations[operations.length - 1]!;
    const { spec } = chosen;
    const byContainer = spec.division === 'container';
    const byObject = spec.division === 'object';
    const c = chosen.containers.next(
      random,
      byContainer ? worker : 0,
      byContainer ? work.workers : 1,
    );
    const o = chosen.objects?.next(random, byObject ? worker : 0, byObject ? work.workers : 1);
    // More workers than the divided range has values: this worker has nothing to do.
    if (c === undefined || (chosen.objects !== undefined && o === undefined)) return undefined;
    const container = containerName(spec.naming, c);
    const object = o === undefined ? '' : objectName(spec.naming, o);
    const run = (): Promise<number> => {
      switch (spec.type) {
        case 'read':
          return storage.get(container, object);
        case 'write': {
          const data = content.slice(sizeOf(spec.sizes!, chosen.sizes!, random), random);
          return storage.put(container, object, data).then(() => data.length);
        }
        case 'delete':
          return storage.delete(container, object).then(() => 0);
        case 'list':
          return storage.list(container, object);
      }
    };
    return { type: spec.type, run };
  };
}

function scanWork(
  work: WorkSpec,
  scan: ScanSpec,
  storage: ObjectStorage,
  randoms: SeededRandom[],
  content: ContentSource,
): NextOperation {
  const sizes = scan.sizes === undefined ? undefined : new IntGenerator(scan.sizes.distribution);
  const create = (container: string): Operation => ({
    type: 'init',
    run: () => storage.createContainer(container).then(() => 0),
  });
  const dispose = (container: string): Operation => ({
    type: 'dispose',
    run: () => storage.deleteContainer(container).then(() => 0),
  });
  const queues = randoms.map((random, worker) => {
    const ops: Operation[] = [];
    if (work.type === 'init' || work.type === 'dispose') {
      for (const c of enumerate(scan.containers, worker, work.workers)) {
        const container = containerName(scan.naming, c);
        ops.push(work.type === 'init' ? create(container) : dispose(container));
      }
      return ops;
    }
    const objects = enumerate(scan.objects!, worker, work.workers);
    for (const c of enumerate(scan.containers, 0, 1)) {
      const container = containerName(scan.naming, c);
      if (work.type === 'prepare' && scan.containerToo && objects.length > 0) {
        ops.push(create(container));
      }
      for (const o of objects) {
        const object = objectName(scan.naming, o);
        ops.push(
          work.type === 'prepare'
            ? {
                type: 'write',
                run: () => {
                  const data = content.slice(sizeOf(scan.sizes!, sizes!, random), random);
                  return storage.put(container, object, data).then(() => data.length);
                },
              }
            : { type: 'delete', run: () => storage.delete(container, object).then(() => 0) },
        );
      }
    }
    return ops;
  });
  // A cleanup that deletes its containers does so once every worker has deleted its objects: the
  // last worker to run out of objects takes the container deletions.
  const last: Operation[] =
    work.type === 'cleanup' && scan.containerToo
      ? enumerate(scan.containers, 0, 1).map((c) => dispose(containerName(scan.naming, c)))
      : [];
  const cursors = queues.map(() => 0);
  let finished = 0;
  return (worker) => {
    const queue = queues[worker]!;
    const op = queue[cursors[worker]!];
    if (op !== undefined) {
      cursors[worker]!++;
      return op;
    }
    if (last.length === 0) return undefined;
    if (++finished < work.workers) return undefined;
    queue.push(...last.splice(0));
    return queue[cursors[worker]!++];
  };
}

export interface WorkRunContext {
  stage: string;
  target: string;
  round: number;
  storage: ObjectStorage;
  seed: number;
  intervalSeconds: number;
  content: ContentSource;
}

/** The run of one work; undefined for a delay work, which runs nothing. */
export function workRunSpec(work: WorkSpec, context: WorkRunContext): RunSpec | undefined {
  if (work.type === 'delay') return undefined;
  const base = new SeededRandom(context.seed).fork(context.round);
  const randoms = Array.from({ length: work.workers }, (_, worker) => base.fork(worker + 1));
  const next =
    work.type === 'normal'
      ? normalWork(work, context.storage, randoms, context.content)
      : scanWork(work, work.scan!, context.storage, randoms, context.content);
  const settings: RunSpec['settings'] = { type: work.type, workers: work.workers };
  if (work.runtimeSeconds !== undefined) settings.runtime = work.runtimeSeconds;
  if (work.totalOps !== undefined) settings.totalOps = work.totalOps;
  if (work.totalBytes !== undefined) settings.totalBytes = work.totalBytes;
  if (work.driver !== undefined) settings.driver = work.driver;
  return {
    phase: `${context.stage}/${work.name}`,
    target: context.target,
    round: context.round,
    workers: work.workers,
    next,
    seconds: work.runtimeSeconds,
    totalOps: work.totalOps,
    totalBytes: work.totalBytes,
    rampupSeconds: work.rampupSeconds,
    rampdownSeconds: work.rampdownSeconds,
    intervalSeconds: work.intervalSeconds ?? context.intervalSeconds,
    settings,
    judge: (total) => {
      if (total.attempts === 0) return null;
      const perMillion = (total.errors / total.attempts) * PER_MILLION;
      return perMillion > work.afrPerMillion
        ? `failure ratio ${Math.round(perMillion)} per million exceeds the acceptable ${work.afrPerMillion} (afr)`
        : null;
    },
  };
}
