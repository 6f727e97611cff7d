// The offline data-dir tools (native/tools/, src/engine/data-dir-tools.ts): check verifies every
// checksum and names the file and offset of each problem; inspect dumps SSTs (page slots
// included), WALs and the MANIFEST.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import {
  checkDataDir,
  Engine,
  EngineError,
  inspectManifest,
  inspectTable,
  inspectWal,
  WriteBatch,
} from '../../src/engine/index.js';
import type { Engine as EngineType } from '../../src/engine/index.js';
import { makeTempDir } from '../support/temp-dir.js';

const ROWS = 3000;
const BATCH_ROWS = 100;
const PAGE_BYTES = 16384;
/** A byte well inside a record's or block's payload (past its header). */
const PAYLOAD_BYTE = 24;
const WAL_HEADER_BYTES = 7;

const rowKey = (n: number) => Buffer.from(`t1_r${String(n).padStart(8, '0')}`);
const rowValue = (n: number) =>
  Buffer.from(`${n}|customer-${n % 97}|${'status:active;'.repeat(4)}|${String(n * 7).repeat(3)}`);

async function writeRows(engine: EngineType, from: number, to: number): Promise<void> {
  for (let n = from; n < to; n += BATCH_ROWS) {
    const batch = new WriteBatch();
    for (let i = n; i < Math.min(n + BATCH_ROWS, to); i++) batch.put(0, rowKey(i), rowValue(i));
    await engine.write(batch);
  }
}

function filesEndingWith(dir: string, suffix: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));
}

function flipBit(file: string, offset: number): void {
  const fd = fs.openSync(file, 'r+');
  const byte = Buffer.alloc(1);
  fs.readSync(fd, byte, 0, 1, offset);
  byte[0] = byte[0]! ^ 0x10;
  fs.writeSync(fd, byte, 0, 1, offset);
  fs.closeSync(fd);
}

/** A closed data dir with flushed SSTs, a MANIFEST of several records and unflushed WAL records. */
async function dataDir(options: { pageCompressed?: boolean } = {}): Promise<string> {
  const dir = path.join(makeTempDir('strata-ops-'), 'db');
  const engine = await Engine.open({ path: dir });
  if (options.pageCompressed === true) {
    engine.setCompressionPolicy([
      {
        start: Buffer.from('t1_'),
        end: Buffer.from('t1`'),
        algorithm: 'lz4',
        level: 1,
        pageCompressed: true,
        pageSizeBytes: PAGE_BYTES,
      },
    ]);
  }
  await writeRows(engine, 0, ROWS);
  await engine.flush();
  await writeRows(engine, ROWS, 2 * ROWS);
  await engine.flush();
  await writeRows(engine, 2 * ROWS, 2 * ROWS + 5 * BATCH_ROWS);
  await engine.close();
  return dir;
}

describe('strata check (checkDataDir)', () => {
  it('finds nothing wrong in a sound data dir and counts what it read', async () => {
    const dir = await dataDir();
    const report = await checkDataDir(dir);
    assert.deepEqual(report.problems, []);
    assert.equal(report.tableFiles, 2);
    assert.equal(report.entries, 2 * ROWS);
    assert.equal(report.walFiles, 1);
    assert.equal(report.walRecords, 5);
    assert.ok(report.manifestRecords >= 3);
  });

  it('names the file and offset of a flipped bit in an SST data block', async () => {
    const dir = await dataDir();
    const sst = filesEndingWith(dir, '.sst')[0]!;
    const block = (await inspectTable(sst)).blocks.filter((b) => b.kind === 'data')[1]!;
    flipBit(sst, block.offset + PAYLOAD_BYTE);
    const report = await checkDataDir(dir);
    assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
    assert.equal(report.problems[0]!.file, sst);
    assert.equal(report.problems[0]!.offset, block.offset);
    assert.match(report.problems[0]!.message, /checksum mismatch/);
  });

  it('names the file and offset of a flipped bit in a page-compressed slot, with its page', async () => {
    const dir = await dataDir({ pageCompressed: true });
    const sst = filesEndingWith(dir, '.sst')[0]!;
    const page = (await inspectTable(sst)).blocks.find((b) => b.kind === 'data' && b.pageSize > 0)!;
    flipBit(sst, page.offset + PAYLOAD_BYTE);
    const report = await checkDataDir(dir);
    assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
    assert.equal(report.problems[0]!.offset, page.offset);
    assert.match(report.problems[0]!.message, new RegExp(`page ${page.pageNumber} of 16384-byte`));
  });

  it('names the file and offset of a flipped bit in a WAL record followed by good ones', async () => {
    const dir = await dataDir();
    const wal = filesEndingWith(dir, '.wal').at(-1)!;
    const record = (await inspectWal(wal)).recordList[1]!;
    flipBit(wal, record.offset + WAL_HEADER_BYTES + PAYLOAD_BYTE);
    const report = await checkDataDir(dir);
    // The reader skips the rest of the 32 KiB block, so what follows may be reported too.
    assert.ok(report.problems.length >= 1);
    assert.ok(report.problems.every((p) => p.file === wal && p.offset >= record.offset));
    assert.equal(report.problems[0]!.offset, record.offset);
    assert.match(report.problems[0]!.message, /checksum mismatch/);
  });

  it('names the file and offset of a flipped bit in a MANIFEST record', async () => {
    const dir = await dataDir();
    const manifest = await inspectManifest(dir);
    const edit = manifest.edits[0]!;
    flipBit(path.join(dir, manifest.manifest), edit.offset + WAL_HEADER_BYTES + 2);
    const report = await checkDataDir(dir);
    const problem = report.problems.find((p) => p.file.endsWith(manifest.manifest));
    assert.ok(problem, JSON.stringify(report.problems));
    assert.equal(problem.offset, edit.offset);
  });

  it('calls a torn tail of the newest WAL a note, as recovery cuts it off', async () => {
    const dir = await dataDir();
    const wal = filesEndingWith(dir, '.wal').at(-1)!;
    const last = (await inspectWal(wal)).recordList.at(-1)!;
    fs.truncateSync(wal, last.offset + WAL_HEADER_BYTES + PAYLOAD_BYTE);
    const report = await checkDataDir(dir);
    assert.deepEqual(report.problems, []);
    assert.equal(report.notes.length, 1);
    assert.equal(report.notes[0]!.offset, last.offset);
    assert.match(report.notes[0]!.message, /torn by a crash/);
  });

  it('reports an SST the MANIFEST lists but the data dir lacks', async () => {
    const dir = await dataDir();
    const sst = filesEndingWith(dir, '.sst')[0]!;
    fs.rmSync(sst);
    const report = await checkDataDir(dir);
    assert.equal(report.problems.length, 1);
    assert.equal(report.problems[0]!.file, sst);
    assert.match(report.problems[0]!.message, /is missing/);
  });

  it('refuses a data dir a running engine holds', async () => {
    const dir = path.join(makeTempDir('strata-ops-'), 'db');
    const engine = await Engine.open({ path: dir });
    try {
      await assert.rejects(checkDataDir(dir), (error: unknown) => {
        return error instanceof EngineError && error.code === 'BUSY';
      });
    } finally {
      await engine.close();
    }
  });

  it('refuses a directory that is not a data dir', async () => {
    await assert.rejects(checkDataDir(makeTempDir('strata-ops-')), (error: unknown) => {
      return error instanceof EngineError && error.code === 'INVALID_ARGUMENT';
    });
  });
});

describe('strata inspect (inspectTable, inspectWal, inspectManifest)', () => {
  it('shows each page slot of a page-compressed SST with its lengths and allocated bytes', async () => {
    const dir = await dataDir({ pageCompressed: true });
    const info = await inspectTable(filesEndingWith(dir, '.sst')[0]!);
    const pages = info.blocks.filter((b) => b.kind === 'data');
    assert.ok(pages.length > 1);
    for (const page of pages) {
      assert.equal(page.pageSize, PAGE_BYTES);
      assert.equal(page.offset % PAGE_BYTES, 0);
      assert.equal(page.pageNumber, page.offset / PAGE_BYTES);
      assert.equal(page.slotBytes % PAGE_BYTES, 0);
      assert.ok(page.allocatedBytes <= page.slotBytes);
      assert.equal(page.size, 16 + page.storedLength!);
    }
    const compressed = pages.filter((p) => p.pageType === 'compressed');
    assert.ok(compressed.length > 0);
    for (const page of compressed) {
      assert.equal(page.algorithm, 'lz4');
      assert.ok(page.storedLength! < page.rawLength!);
    }
    assert.equal(info.properties['strata.pages.compressed'], compressed.length);
    assert.equal(
      info.entries,
      pages.reduce((sum, page) => sum + page.entries, 0),
    );
  });

  it('lists an SST’s entries in key order with their sequence numbers', async () => {
    const dir = await dataDir();
    const info = await inspectTable(filesEndingWith(dir, '.sst')[0]!, {
      entries: true,
      maxEntries: 3,
      valuePrefixBytes: 4,
    });
    assert.deepEqual(
      info.entryList.map((e) => e.key?.userKey.toString()),
      [0, 1, 2].map((n) => rowKey(n).toString()),
    );
    assert.deepEqual(
      info.entryList.map((e) => e.key?.sequence),
      [1n, 2n, 3n],
    );
    assert.deepEqual(info.entryList[0]!.valuePrefix, rowValue(0).subarray(0, 4));
    assert.equal(info.entryList[0]!.valueBytes, rowValue(0).length);
  });

  it('lists a WAL’s records with their sequences and operations', async () => {
    const dir = await dataDir();
    const info = await inspectWal(filesEndingWith(dir, '.wal').at(-1)!, { operations: true });
    assert.equal(info.records, 5);
    assert.equal(info.recordList[0]!.sequence, BigInt(2 * ROWS + 1));
    assert.equal(info.recordList[0]!.count, BATCH_ROWS);
    const first = info.recordList[0]!.operations[0]!;
    assert.equal(first.type, 'put');
    assert.deepEqual(first.key, rowKey(2 * ROWS));
    assert.equal(first.valueBytes, rowValue(2 * ROWS).length);
  });

  it('replays the MANIFEST into the live SSTs the engine reports', async () => {
    const dir = path.join(makeTempDir('strata-ops-'), 'db');
    const engine = await Engine.open({ path: dir });
    await writeRows(engine, 0, ROWS);
    await engine.flush();
    const tables = engine.stats().tables;
    await engine.close();
    const info = await inspectManifest(dir);
    assert.equal(info.stateOk, true);
    assert.deepEqual(
      info.liveFiles.map((f) => [f.fileNumber, f.level, f.fileSize]).sort(),
      tables.map((t) => [t.fileNumber, t.level, t.logicalBytes]).sort(),
    );
    assert.deepEqual(info.columnFamilies.map((f) => f.name).sort(), ['default', 'lock', 'write']);
  });
});
