// The engine benchmark, with db_bench's workload names, flags and line format, run two ways: the
// loop inside the addon (mode "native", no JavaScript per operation) and through the TypeScript
// API (mode "js", one operation at a time and batched).
//
//   npm run bench:engine -- --benchmarks=fillseq,fillrandom,overwrite,readrandom,seekrandom
//       --num=1000000 --key_size=16 --value_size=100 [--mode=native|js|both] [--db=DIR]
//       [--json=FILE] [--sync=0|1] [--batch=100] [--compression=none|lz4|zstd]
//       [--compression_level=N] [--page_size=BYTES] [--page_compressed=0|1] [--cache_size=BYTES]
//       [--write_buffer_size=BYTES]
//       [--io=uring|threads] [--direct_io=0|1]
//
// --page_size is the data block size (db_bench's --block_size); with --page_compressed=1 data
// blocks are pages of that size in punched slots (docs/format/page.md), compressed with
// --compression at --compression_level. The JSON reports logical and allocated bytes on disk.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Engine, NEEDS_IO, WriteBatch, runNativeBenchmark } from '../../src/engine/index.js';
import type { CompressionAlgorithm, EngineOptions, IoBackend } from '../../src/engine/index.js';
import { diskUsage } from '../common/disk.js';
import type { DiskUsage } from '../common/disk.js';
import { Flags } from '../common/flags.js';
import { describeMachine, machineFacts } from '../common/machine.js';
import { ValueSource, makeKey } from './workload.js';

interface BenchFigure {
  name: string;
  mode: 'native' | 'js';
  ops: number;
  ops_per_sec: number;
  micros_per_op: number;
  mb_per_sec: number | null;
  found?: number;
}

interface Settings {
  benchmarks: string[];
  num: number;
  reads: number;
  keySize: number;
  valueSize: number;
  sync: boolean;
  batch: number;
  mode: 'native' | 'js' | 'both';
  engine: EngineOptions;
}

const WRITE_BENCHMARKS = new Set(['fillseq', 'fillrandom', 'overwrite']);
const INFLIGHT_GETS = 64;

function figure(
  name: string,
  mode: 'native' | 'js',
  ops: number,
  seconds: number,
  bytes: number,
): BenchFigure {
  const opsPerSec = seconds > 0 ? ops / seconds : 0;
  return {
    name,
    mode,
    ops,
    ops_per_sec: Math.round(opsPerSec),
    micros_per_op: ops > 0 ? (seconds * 1e6) / ops : 0,
    mb_per_sec: bytes > 0 && seconds > 0 ? bytes / seconds / 1048576 : null,
  };
}

/** db_bench's line: "fillrandom   :       2.100 micros/op 476190 ops/sec;   52.7 MB/s". */
function formatLine(f: BenchFigure): string {
  const name = `${f.name}${f.mode === 'js' ? ' [js]' : ''}`.padEnd(22);
  const rate = f.mb_per_sec === null ? '' : `; ${f.mb_per_sec.toFixed(1).padStart(6)} MB/s`;
  return `${name} : ${f.micros_per_op.toFixed(3).padStart(11)} micros/op ${f.ops_per_sec} ops/sec${rate}`;
}

function parseSettings(flags: Flags): Settings {
  const mode = flags.string('mode', 'both');
  if (mode !== 'native' && mode !== 'js' && mode !== 'both') {
    throw new Error(`--mode must be native, js or both, got '${mode}'`);
  }
  const compression = flags.string('compression', 'none') as CompressionAlgorithm;
  if (!['none', 'lz4', 'zstd'].includes(compression)) {
    throw new Error(`--compression must be none, lz4 or zstd, got '${compression}'`);
  }
  const io = flags.string('io', 'uring') as IoBackend;
  if (io !== 'uring' && io !== 'threads') throw new Error(`--io must be uring or threads`);
  const num = flags.number('num', 1_000_000);
  const pageSize = flags.number('page_size', 16384);
  const pageCompressed = flags.bool('page_compressed', false);
  // 0: the engine's default memtable size.
  const writeBufferBytes = flags.number('write_buffer_size', 0);
  const engine: EngineOptions = {
    compression,
    compressionLevel: flags.number('compression_level', 1),
    blockSizeBytes: pageSize,
    pageCompressed,
    ...(pageCompressed ? { pageSizeBytes: pageSize } : {}),
    blockCacheBytes: flags.number('cache_size', 256 * 1048576),
    ...(writeBufferBytes > 0 ? { writeBufferSizeBytes: writeBufferBytes } : {}),
    io,
    directIo: flags.bool('direct_io', false),
  };
  return {
    benchmarks: flags
      .string('benchmarks', 'fillseq,fillrandom,overwrite,readrandom,seekrandom')
      .split(',')
      .filter(Boolean),
    num,
    reads: flags.number('reads', num),
    keySize: flags.number('key_size', 16),
    valueSize: flags.number('value_size', 100),
    sync: flags.bool('sync', false),
    batch: flags.number('batch', 100),
    mode,
    engine,
  };
}

async function runNative(settings: Settings, dir: string): Promise<BenchFigure[]> {
  const results = await runNativeBenchmark(path.join(dir, 'native'), settings.engine, {
    benchmarks: settings.benchmarks,
    num: settings.num,
    reads: settings.reads,
    keySize: settings.keySize,
    valueSize: settings.valueSize,
    sync: settings.sync,
  });
  return results.map((r) => ({
    ...figure(r.name, 'native', r.ops, r.seconds, r.bytes),
    ...(r.name === 'readrandom' || r.name === 'seekrandom' ? { found: r.found } : {}),
  }));
}

async function runJs(settings: Settings, dir: string): Promise<BenchFigure[]> {
  const dbPath = path.join(dir, 'js');
  const figures: BenchFigure[] = [];
  const values = new ValueSource(settings.valueSize);
  const entryBytes = settings.keySize + settings.valueSize;
  let engine: Engine | undefined;
  const reopen = async (fresh: boolean) => {
    await engine?.close();
    if (fresh) fs.rmSync(dbPath, { recursive: true, force: true });
    engine = await Engine.open({ path: dbPath, ...settings.engine });
    return engine;
  };
  let db = await reopen(true);
  let seed = 42;
  const random = (n: number) => {
    // xorshift: cheap and reproducible
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const time = async (body: () => Promise<number>) => {
    const start = process.hrtime.bigint();
    const ops = await body();
    return { ops, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
  };

  for (const name of settings.benchmarks) {
    if (WRITE_BENCHMARKS.has(name)) {
      if (name !== 'overwrite') db = await reopen(true);
      const keyOf = (i: number) =>
        makeKey(name === 'fillseq' ? i : random(settings.num), settings.keySize);
      // One put at a time, each awaited.
      const single = await time(async () => {
        for (let i = 0; i < settings.num; i++) {
          await db.put(0, keyOf(i), values.next(), { sync: settings.sync });
        }
        return settings.num;
      });
      figures.push(figure(name, 'js', single.ops, single.seconds, single.ops * entryBytes));
      // Batches of --batch puts, each batch awaited.
      db = name === 'overwrite' ? db : await reopen(true);
      const batched = await time(async () => {
        const batch = new WriteBatch();
        for (let i = 0; i < settings.num; i += settings.batch) {
          batch.clear();
          for (let j = i; j < Math.min(i + settings.batch, settings.num); j++) {
            batch.put(0, keyOf(j), values.next());
          }
          await db.write(batch, { sync: settings.sync });
        }
        return settings.num;
      });
      figures.push(
        figure(
          `${name}_batch${settings.batch}`,
          'js',
          batched.ops,
          batched.seconds,
          batched.ops * entryBytes,
        ),
      );
    } else if (name === 'readrandom') {
      // The synchronous in-memory path, continuing asynchronously when a disk read is needed.
      let found = 0;
      const sync = await time(async () => {
        for (let i = 0; i < settings.reads; i++) {
          const key = makeKey(random(settings.num), settings.keySize);
          let value = db.tryGet(0, key);
          if (value === NEEDS_IO) value = await db.get(0, key);
          if (value) found++;
        }
        return settings.reads;
      });
      figures.push({ ...figure(name, 'js', sync.ops, sync.seconds, found * entryBytes), found });
      // get() with many reads in flight, as a server with many clients issues them.
      const inflight = await time(async () => {
        let pending: Array<Promise<Buffer | undefined>> = [];
        for (let i = 0; i < settings.reads; i++) {
          pending.push(db.get(0, makeKey(random(settings.num), settings.keySize)));
          if (pending.length === INFLIGHT_GETS) {
            await Promise.all(pending);
            pending = [];
          }
        }
        await Promise.all(pending);
        return settings.reads;
      });
      figures.push(
        figure(`${name}_inflight${INFLIGHT_GETS}`, 'js', inflight.ops, inflight.seconds, 0),
      );
    } else if (name === 'seekrandom') {
      const it = db.iterator(0);
      let found = 0;
      const result = await time(async () => {
        for (let i = 0; i < settings.reads; i++) {
          const key = makeKey(random(settings.num), settings.keySize);
          await it.seek(key);
          if (it.valid && it.key.equals(key)) found++;
        }
        return settings.reads;
      });
      it.close();
      figures.push({ ...figure(name, 'js', result.ops, result.seconds, 0), found });
    } else if (name === 'flush') {
      await db.flush();
    } else if (name === 'compact') {
      await db.compactRange(0);
    } else {
      throw new Error(`unknown benchmark '${name}'`);
    }
  }
  await db.close();
  return figures;
}

async function main(): Promise<void> {
  const flags = new Flags(process.argv.slice(2));
  const settings = parseSettings(flags);
  const jsonPath = flags.optionalString('json');
  const requestedDir = flags.optionalString('db');
  flags.rejectUnknown();

  const machine = machineFacts();
  const dir = requestedDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-'));
  fs.mkdirSync(dir, { recursive: true });
  console.log(`StrataDB engine benchmark`);
  console.log(`Machine:    ${describeMachine(machine)}`);
  console.log(
    `Keys:       ${settings.keySize} bytes each, values ${settings.valueSize} bytes, ${settings.num} entries`,
  );
  console.log(
    `Engine:     compression=${settings.engine.compression} level=${settings.engine.compressionLevel}` +
      ` page_compressed=${settings.engine.pageCompressed}` +
      ` block=${settings.engine.blockSizeBytes} cache=${settings.engine.blockCacheBytes}` +
      ` io=${settings.engine.io} direct_io=${settings.engine.directIo} sync=${settings.sync}`,
  );
  console.log('------------------------------------------------');

  const figures: BenchFigure[] = [];
  let disk: DiskUsage = { logical_bytes: 0, allocated_bytes: 0 };
  if (settings.mode !== 'js') {
    const native = await runNative(settings, dir);
    native.forEach((f) => console.log(formatLine(f)));
    figures.push(...native);
    disk = diskUsage(path.join(dir, 'native'));
  }
  if (settings.mode !== 'native') {
    const js = await runJs(settings, dir);
    js.forEach((f) => console.log(formatLine(f)));
    figures.push(...js);
    if (settings.mode === 'js') disk = diskUsage(path.join(dir, 'js'));
  }
  console.log(`Disk:       ${disk.logical_bytes} bytes logical, ${disk.allocated_bytes} allocated`);

  if (jsonPath) {
    const report = {
      engine: 'stratadb',
      benchmarks: figures,
      disk,
      settings: { ...settings, db: dir },
      machine,
    };
    fs.writeFileSync(jsonPath, JSON.stringify(report, null, 2));
  }
  if (!requestedDir) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(`bench:engine: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
