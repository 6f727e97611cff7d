// Page compression through the engine (docs/format/page.md): the data blocks of page-compressed key
// ranges are pages in punched slots, so SSTs keep their logical size while far fewer bytes are
// allocated; stats and rangeSize report both; a policy change applies to what compaction rewrites;
// a damaged page is corruption that names the file and the page.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { Engine, EngineError, WriteBatch } from '../../src/engine/index.js';
import type { CompressionRange, Engine as EngineType } from '../../src/engine/index.js';
import { makeTempDir } from '../support/temp-dir.js';

const PAGE_BYTES = 16384;
const ROWS = 20000;
const BATCH_ROWS = 200;

const rowKey = (table: number, n: number) =>
  Buffer.from(`t${table}_r${String(n).padStart(8, '0')}`);
/** Rows that compress about 3:1, as table rows with repeated column values do. */
const rowValue = (n: number) =>
  Buffer.from(`${n}|customer-${n % 97}|${'status:active;'.repeat(4)}|${String(n * 7).repeat(3)}`);

const tableRange = (table: number, settings: Partial<CompressionRange>): CompressionRange => ({
  start: Buffer.from(`t${table}_`),
  end: Buffer.from(`t${table}\``),
  algorithm: 'lz4',
  level: 1,
  pageCompressed: true,
  pageSizeBytes: PAGE_BYTES,
  ...settings,
});

async function writeRows(engine: EngineType, table: number, rows = ROWS): Promise<void> {
  for (let n = 0; n < rows; n += BATCH_ROWS) {
    const batch = new WriteBatch();
    for (let i = n; i < Math.min(n + BATCH_ROWS, rows); i++) {
      batch.put(0, rowKey(table, i), rowValue(i));
    }
    await engine.write(batch);
  }
}

const tableFile = (dir: string, fileNumber: number) =>
  path.join(dir, `${String(fileNumber).padStart(6, '0')}.sst`);

function sstFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.sst'))
    .map((name) => path.join(dir, name));
}

test('page-compressed ranges are stored in punched slots and read back unchanged', async () => {
  const dir = path.join(makeTempDir(), 'db');
  const engine = await Engine.open({ path: dir });
  engine.setCompressionPolicy([tableRange(1, {})]);
  await writeRows(engine, 1);
  await engine.flush();
  await engine.compactRange(0);

  const stats = engine.stats();
  assert.ok(stats.pageCompression.compressed > 0, 'pages were compressed');
  assert.ok(stats.pageCompression.punchHoleCalls > 0, 'slots were punched');
  assert.ok(stats.pageCompression.bytesSaved > 0);
  assert.ok(
    stats.tableAllocatedBytes * 2 < stats.tableLogicalBytes,
    `allocated ${stats.tableAllocatedBytes} of ${stats.tableLogicalBytes} logical bytes`,
  );
  const perFile = stats.tables.reduce((sum, t) => sum + t.allocatedBytes, 0);
  assert.equal(perFile, stats.tableAllocatedBytes);
  // What the engine recorded is what the filesystem reports (st_blocks) for the live files.
  const onDisk = stats.tables.reduce(
    (sum, t) => sum + fs.statSync(tableFile(dir, t.fileNumber)).blocks * 512,
    0,
  );
  assert.equal(onDisk, stats.tableAllocatedBytes);
  for (let n = 0; n < ROWS; n += 7)
    assert.deepEqual(await engine.get(0, rowKey(1, n)), rowValue(n));
  await engine.close();
});

test('rangeSize reports the logical and allocated bytes of a key range', async () => {
  const dir = path.join(makeTempDir(), 'db');
  const engine = await Engine.open({ path: dir });
  engine.setCompressionPolicy([tableRange(1, { algorithm: 'zstd', level: 3 })]);
  await writeRows(engine, 1);
  await writeRows(engine, 2);
  await engine.flush();
  await engine.compactRange(0);

  const paged = await engine.rangeSize(Buffer.from('t1_'), Buffer.from('t1`'));
  const plain = await engine.rangeSize(Buffer.from('t2_'), Buffer.from('t2`'));
  const all = await engine.rangeSize(Buffer.alloc(0));
  assert.ok(paged.allocatedBytes * 2 < paged.logicalBytes, JSON.stringify(paged));
  assert.ok(plain.allocatedBytes * 10 >= plain.logicalBytes * 9, JSON.stringify(plain));
  assert.ok(paged.logicalBytes + plain.logicalBytes <= all.logicalBytes);
  const stats = engine.stats();
  assert.equal(all.logicalBytes, stats.tableLogicalBytes);
  assert.equal(all.allocatedBytes, stats.tableAllocatedBytes);
  assert.deepEqual(await engine.rangeSize(Buffer.from('u'), Buffer.from('v')), {
    logicalBytes: 0,
    allocatedBytes: 0,
    files: 0,
  });
  await engine.close();
});

test('a policy change applies to the data that compaction rewrites', async () => {
  const dir = path.join(makeTempDir(), 'db');
  const engine = await Engine.open({ path: dir });
  await writeRows(engine, 1);
  await engine.flush();
  const before = engine.stats();
  assert.equal(before.pageCompression.compressed, 0);

  engine.setCompressionPolicy([tableRange(1, { level: 9 })]);
  await engine.compactRange(0);
  const after = engine.stats();
  assert.ok(after.pageCompression.compressed > 0);
  assert.ok(after.tableAllocatedBytes * 2 < before.tableAllocatedBytes);
  for (let n = 0; n < ROWS; n += 11)
    assert.deepEqual(await engine.get(0, rowKey(1, n)), rowValue(n));
  await engine.close();
});

test('compactRange rewrites data already at the deepest level, in place', async () => {
  // OPTIMIZE TABLE after a compression change: the table's data has been compacted before and
  // no L0 file overlaps it, yet every page must be rewritten with the new policy.
  const dir = path.join(makeTempDir(), 'db');
  const engine = await Engine.open({ path: dir });
  await writeRows(engine, 1);
  await engine.compactRange(0);
  await engine.compactRange(0);
  const settled = engine.stats();
  assert.equal(settled.pageCompression.compressed, 0);
  assert.ok(
    settled.tables.every((t) => t.level > 0),
    JSON.stringify(settled.tables),
  );
  const levels = new Set(settled.tables.map((t) => t.level));

  engine.setCompressionPolicy([tableRange(1, { level: 4 })]);
  await engine.compactRange(0, Buffer.from('t1_'), Buffer.from('t1`'));
  const after = engine.stats();
  assert.ok(after.pageCompression.compressed > 0);
  assert.ok(after.tableAllocatedBytes * 2 < settled.tableAllocatedBytes);
  assert.deepEqual(new Set(after.tables.map((t) => t.level)), levels, 'rewritten in place');
  for (let n = 0; n < ROWS; n += 13)
    assert.deepEqual(await engine.get(0, rowKey(1, n)), rowValue(n));
  await engine.close();
});

test('the pageCompressed option applies to keys outside every policy range', async () => {
  const dir = path.join(makeTempDir(), 'db');
  const engine = await Engine.open({
    path: dir,
    compression: 'lz4',
    compressionLevel: 4,
    pageCompressed: true,
    pageSizeBytes: 32768,
  });
  await writeRows(engine, 3);
  await engine.flush();
  const stats = engine.stats();
  assert.ok(stats.pageCompression.compressed > 0);
  assert.ok(stats.tableAllocatedBytes * 2 < stats.tableLogicalBytes);
  await engine.close();
});

test('a damaged page is corruption that names the file and the page', async () => {
  const dir = path.join(makeTempDir(), 'db');
  let engine = await Engine.open({ path: dir });
  engine.setCompressionPolicy([tableRange(1, {})]);
  await writeRows(engine, 1);
  await engine.flush();
  await engine.close();
  const [sst] = sstFiles(dir);
  const damagedPage = 3;
  // A byte inside page 3's compressed payload, just past its 16-byte header.
  const fd = fs.openSync(sst!, 'r+');
  const offset = damagedPage * PAGE_BYTES + 40;
  const byte = Buffer.alloc(1);
  fs.readSync(fd, byte, 0, 1, offset);
  byte[0] = byte[0]! ^ 0x04;
  fs.writeSync(fd, byte, 0, 1, offset);
  fs.closeSync(fd);

  engine = await Engine.open({ path: dir });
  let corruption: EngineError | undefined;
  for (let n = 0; n < ROWS && corruption === undefined; n++) {
    try {
      const got = await engine.get(0, rowKey(1, n));
      assert.deepEqual(got, rowValue(n), 'damaged data is never returned');
    } catch (error) {
      assert.ok(error instanceof EngineError);
      corruption = error;
    }
  }
  await engine.close();
  assert.ok(corruption, 'a read hits the damaged page');
  assert.equal(corruption.code, 'CORRUPTION');
  assert.match(
    corruption.message,
    new RegExp(
      `${path.basename(sst!)} at offset ${damagedPage * PAGE_BYTES}, page ${damagedPage} \\(16384-byte pages\\)`,
    ),
  );
});
