// strata check, strata inspect and strata backup on a stopped server's data dir: their output,
// exit status and one-line errors.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';

import { Engine, inspectTable, WriteBatch } from '../../src/engine/index.js';
import { makeTempDir } from '../support/temp-dir.js';
import { strata } from './cli-harness.js';

const ROWS = 2000;
const BATCH_ROWS = 100;
const PAGE_BYTES = 16384;
const PAYLOAD_BYTE = 24;

/** A stopped server's data dir: page-compressed SSTs and a WAL with records. */
async function makeDataDir(): Promise<string> {
  const dir = path.join(makeTempDir('strata-cli-tools-'), 'data');
  const engine = await Engine.open({ path: dir });
  engine.setCompressionPolicy([
    {
      start: Buffer.from('r'),
      end: Buffer.from('s'),
      algorithm: 'lz4',
      level: 1,
      pageCompressed: true,
      pageSizeBytes: PAGE_BYTES,
    },
  ]);
  for (let n = 0; n < ROWS + 3 * BATCH_ROWS; n += BATCH_ROWS) {
    const batch = new WriteBatch();
    for (let i = n; i < n + BATCH_ROWS; i++) {
      batch.put(
        0,
        Buffer.from(`r${String(i).padStart(6, '0')}`),
        Buffer.from(`row ${i} `.repeat(8)),
      );
    }
    await engine.write(batch);
    if (n + BATCH_ROWS === ROWS) await engine.flush();
  }
  await engine.close();
  return dir;
}

const ssts = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.sst'))
    .map((name) => path.join(dir, name));
const wals = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.wal'))
    .map((name) => path.join(dir, name));

describe('strata check', () => {
  let datadir = '';
  before(async () => {
    datadir = await makeDataDir();
  });

  it('prints its usage with --help', async () => {
    const result = await strata(['check', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Usage: strata check DATADIR/);
  });

  it('reports a sound data dir and exits with status 0', async () => {
    const result = await strata(['check', datadir]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /1 SST \(\d+ blocks, 2000 entries\), 1 WAL \(3 records\)/);
    assert.match(result.stdout, /^OK: 0 problems, 0 notes$/m);
  });

  it('names the file and offset of a damaged block and exits with status 1', async () => {
    const copy = path.join(makeTempDir('strata-cli-tools-'), 'data');
    fs.cpSync(datadir, copy, { recursive: true });
    const sst = ssts(copy)[0]!;
    const page = (await inspectTable(sst)).blocks.find((block) => block.kind === 'data')!;
    const bytes = fs.readFileSync(sst);
    bytes[page.offset + PAYLOAD_BYTE] = bytes[page.offset + PAYLOAD_BYTE]! ^ 1;
    fs.writeFileSync(sst, bytes);
    const result = await strata(['check', copy]);
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      new RegExp(`^problem: ${sst} at offset ${page.offset}: block checksum mismatch`, 'm'),
    );
    assert.match(result.stdout, /^FAILED: 1 problem, 0 notes$/m);
  });

  it('prints the report as JSON with --json', async () => {
    const result = await strata(['check', datadir, '--json']);
    const report = JSON.parse(result.stdout) as { problems: unknown[]; entries: number };
    assert.deepEqual(report.problems, []);
    assert.equal(report.entries, ROWS);
  });

  it('asks for DATADIR with status 2 when it is missing', async () => {
    const result = await strata(['check']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'strata check: missing DATADIR\n');
  });

  it('names a directory that is not a data dir in one line, status 1', async () => {
    const empty = makeTempDir('strata-cli-tools-');
    const result = await strata(['check', empty]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `strata check: ${empty}: is not a StrataDB data dir (it has no CURRENT file)\n`,
    );
  });
});

describe('strata inspect', () => {
  let datadir = '';
  before(async () => {
    datadir = await makeDataDir();
  });

  it('prints its usage with --help', async () => {
    const result = await strata(['inspect', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /strata inspect sst FILE/);
  });

  it('dumps an SST block by block with page slots, stored and raw lengths, allocated bytes', async () => {
    const sst = ssts(datadir)[0]!;
    const result = await strata(['inspect', 'sst', sst]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^size +\d+ bytes logical, \d+ allocated/m);
    assert.match(
      result.stdout,
      /^ +kind +offset +size +page +slot +allocated +stored as +codec +stored +raw/m,
    );
    assert.match(
      result.stdout,
      /^ +data +0 +\d+ +0\/16K +16384 +\d+ +compressed +lz4 +\d+ +\d+ +\d+ +'r000000' @1 put$/m,
    );
    assert.match(result.stdout, /^ +strata\.pages\.compressed +\d+$/m);
  });

  it('lists an SST’s entries with --entries and --limit', async () => {
    const result = await strata(['inspect', 'sst', ssts(datadir)[0]!, '--entries', '--limit', '2']);
    assert.match(result.stdout, /^entries \(2 of 2000\)$/m);
    assert.match(result.stdout, /^ +'r000001' @2 put +48 +'row 1 row 1 row '$/m);
  });

  it('dumps a WAL record by record with --operations', async () => {
    const result = await strata(['inspect', 'wal', wals(datadir)[0]!, '--operations']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /3 records/);
    assert.match(result.stdout, /^ +0 +\d+ +2001 +100$/m);
    assert.match(result.stdout, /put cf 0 'r002000' \(72 value bytes\)/);
  });

  it('dumps the MANIFEST and the live SSTs it adds up to', async () => {
    const result = await strata(['inspect', 'manifest', datadir]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^CURRENT +MANIFEST-\d+$/m);
    assert.match(result.stdout, /column family default \(0\): 1 SST/);
    assert.match(result.stdout, /L0 #\d+ cf default: \d+ bytes \(\d+ allocated\), 2000 entries/);
  });

  it('rejects an unknown structure with status 2', async () => {
    const result = await strata(['inspect', 'index', datadir]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "strata inspect: cannot inspect 'index': expected sst, wal or manifest\n",
    );
  });

  it('names a file it cannot read in one line, status 1', async () => {
    const missing = path.join(datadir, '999999.sst');
    const result = await strata(['inspect', 'sst', missing]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr.split('\n').length, 2);
    assert.match(result.stderr, /^strata inspect: .*999999\.sst/);
  });
});

describe('strata backup (of a stopped server’s data dir)', () => {
  it('prints its usage with --help', async () => {
    const result = await strata(['backup', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Usage: strata backup DATADIR DEST/);
  });

  it('copies the data dir with hard-linked SSTs into a copy that checks clean', async () => {
    const datadir = await makeDataDir();
    const dest = path.join(path.dirname(datadir), 'copy');
    const result = await strata(['backup', datadir, dest]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /offline: 2 SSTs \(2 hard-linked\), \d+ bytes, every write up to sequence 2300/,
    );
    const check = await strata(['check', dest]);
    assert.equal(check.code, 0, check.stdout);
    assert.match(check.stdout, /2 SSTs \(\d+ blocks, 2300 entries\)/);
    for (const sst of ssts(dest)) assert.ok(fs.statSync(sst).nlink >= 2);
  });

  it('refuses a destination that exists, leaving it as it was', async () => {
    const datadir = await makeDataDir();
    const dest = makeTempDir('strata-cli-tools-');
    const result = await strata(['backup', datadir, dest]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `strata backup: ${dest} already exists\n`);
    assert.deepEqual(fs.readdirSync(dest), []);
  });

  it('refuses a source that is not a data dir', async () => {
    const source = makeTempDir('strata-cli-tools-');
    const dest = path.join(makeTempDir('strata-cli-tools-'), 'copy');
    const result = await strata(['backup', source, dest]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `strata backup: ${source} is not a StrataDB data dir (it has no CURRENT file)\n`,
    );
    assert.equal(fs.existsSync(dest), false);
  });
});
