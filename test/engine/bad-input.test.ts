// Bad input of every kind the engine can meet on disk: a torn WAL tail, corruption in the WAL, an
// SST or the MANIFEST, a directory that is not a data dir, a data dir in use by another process,
// and a full disk. Each gets a clear error and loses nothing acknowledged.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { Engine, EngineError, WriteBatch } from '../../src/engine/index.js';
import { makeTempDir } from '../support/temp-dir.js';

const key = (n: number) => Buffer.from(`key-${String(n).padStart(6, '0')}`);
const value = (n: number) => Buffer.from(`value-${n}-${'v'.repeat(100)}`);

async function writeKeys(engine: Engine, from: number, to: number): Promise<void> {
  for (let n = from; n < to; n++) await engine.put(0, key(n), value(n), { sync: true });
}

function filesOf(dir: string, suffix: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(suffix) || name.startsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Names, sizes and contents of every file: to prove that a failed open changed nothing. */
function fingerprint(dir: string): string {
  const hash = crypto.createHash('sha256');
  for (const name of fs.readdirSync(dir).sort()) {
    hash.update(name);
    hash.update(fs.readFileSync(path.join(dir, name)));
  }
  return hash.digest('hex');
}

async function expectOpenError(dir: string, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(Engine.open({ path: dir }), (error: unknown) => {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

test('a torn record at the end of the WAL is cut off and everything before it is kept', async () => {
  const dir = path.join(makeTempDir(), 'db');
  const engine = await Engine.open({ path: dir });
  await writeKeys(engine, 0, 49);
  // A synced group ends with padding to a filesystem block (docs/format/wal.md, "Torn writes");
  // the last write is left unsynced so that the file ends with its record.
  await engine.put(0, key(49), value(49));
  await engine.close();
  const wal = filesOf(dir, '.wal').at(-1)!;
  const size = fs.statSync(wal).size;
  // The last record (one batch of ~130 bytes plus framing) loses its last bytes.
  fs.truncateSync(wal, size - 20);

  const reopened = await Engine.open({ path: dir });
  for (let n = 0; n < 49; n++) assert.deepEqual(await reopened.get(0, key(n)), value(n));
  assert.equal(await reopened.get(0, key(49)), undefined);
  // Writing after recovery works and survives another restart.
  await writeKeys(reopened, 100, 110);
  await reopened.close();
  const again = await Engine.open({ path: dir });
  assert.deepEqual(await again.get(0, key(105)), value(105));
  await again.close();
});

test('corruption in the middle of the WAL is an error that names the file and offset', async () => {
  const dir = path.join(makeTempDir(), 'db');
  const engine = await Engine.open({ path: dir });
  await writeKeys(engine, 0, 300);
  await engine.close();
  const wal = filesOf(dir, '.wal').at(-1)!;
  const bytes = fs.readFileSync(wal);
  const offset = Math.floor(bytes.length / 3);
  bytes[offset] = bytes[offset]! ^ 0x40;
  fs.writeFileSync(wal, bytes);
  const before = fingerprint(dir);
  await expectOpenError(dir, 'CORRUPTION', new RegExp(`${path.basename(wal)} at offset \\d+`));
  assert.equal(fingerprint(dir), before, 'a failed open changes nothing on disk');
});

test('a flipped bit in an SST block is reported as corruption with file and offset', async () => {
  const dir = path.join(makeTempDir(), 'db');
  const engine = await Engine.open({ path: dir, blockSizeBytes: 4096 });
  await writeKeys(engine, 0, 2000);
  await engine.flush();
  await engine.close();
  const sst = filesOf(dir, '.sst').at(-1)!;
  const bytes = fs.readFileSync(sst);
  // Inside the data blocks, far from the index and footer at the end.
  const offset = Math.floor(bytes.length / 4);
  bytes[offset] = bytes[offset]! ^ 0x01;
  fs.writeFileSync(sst, bytes);

  const reopened = await Engine.open({ path: dir });
  let corruption: EngineError | undefined;
  let wrong = 0;
  for (let n = 0; n < 2000; n++) {
    try {
      const got = await reopened.get(0, key(n));
      if (got && !got.equals(value(n))) wrong++;
    } catch (error) {
      assert.ok(error instanceof EngineError);
      corruption = error;
    }
  }
  await assert.rejects(
    reopened.scan(0, Buffer.alloc(0), Buffer.from([0xff])),
    (error: EngineError) => error.code === 'CORRUPTION',
  );
  await reopened.close();
  assert.equal(wrong, 0, 'corrupt data is never returned as a value');
  assert.ok(corruption, 'some read hits the corrupt block');
  assert.equal(corruption.code, 'CORRUPTION');
  assert.match(corruption.message, new RegExp(`${path.basename(sst)} at offset \\d+`));
});

test('a corrupt MANIFEST fails the open and changes nothing', async () => {
  const dir = path.join(makeTempDir(), 'db');
  const engine = await Engine.open({ path: dir });
  await writeKeys(engine, 0, 100);
  await engine.flush();
  await engine.close();
  const manifest = filesOf(dir, 'MANIFEST-').at(-1)!;
  const bytes = fs.readFileSync(manifest);
  bytes[10] = bytes[10]! ^ 0xff;
  fs.writeFileSync(manifest, bytes);
  const before = fingerprint(dir);
  await expectOpenError(dir, 'CORRUPTION', /MANIFEST/);
  assert.equal(fingerprint(dir), before);
});

test('a directory that is not a data dir is refused and left alone', async () => {
  const dir = makeTempDir();
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a database');
  const before = fingerprint(dir);
  await expectOpenError(dir, 'INVALID_ARGUMENT', /not a StrataDB data dir/);
  assert.equal(fingerprint(dir), before);
});

test('a data dir in use by another process is refused', async () => {
  const dir = path.join(makeTempDir(), 'db');
  await (await Engine.open({ path: dir })).close();
  const engineModule = new URL('../../src/engine/index.js', import.meta.url).href;
  const holder = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { Engine } = await import(${JSON.stringify(engineModule)});
       await Engine.open({ path: ${JSON.stringify(dir)} });
       process.stdout.write('open\\n');
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    await expectOpenError(dir, 'BUSY', /in use by another process/);
  } finally {
    holder.kill('SIGKILL');
  }
});

test('a full disk fails writes with NO_SPACE and loses nothing acknowledged', async (t) => {
  // A tiny tmpfs is a disk we can fill for real. Mounting needs root, which CI has.
  const mountPoint = makeTempDir('strata-full-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint]);
  t.after(() => execFileSync('umount', ['-l', mountPoint]));
  const filler = path.join(mountPoint, 'filler');
  fs.writeFileSync(filler, Buffer.alloc(512 * 1024));
  const dir = path.join(mountPoint, 'db');

  const engine = await Engine.open({ path: dir, writeBufferSizeBytes: 256 * 1024 });
  const acked: number[] = [];
  let failure: unknown;
  for (let n = 0; n < 100_000 && failure === undefined; n++) {
    const batch = new WriteBatch().put(0, key(n), value(n));
    try {
      await engine.write(batch, { sync: true });
      acked.push(n);
    } catch (error) {
      failure = error;
    }
  }
  assert.ok(
    failure instanceof EngineError,
    `writes fail once the disk is full: ${String(failure)}`,
  );
  assert.equal(failure.code, 'NO_SPACE');
  for (const n of acked) assert.deepEqual(await engine.get(0, key(n)), value(n));
  await engine.close().catch(() => undefined);

  fs.rmSync(filler);
  const reopened = await Engine.open({ path: dir });
  for (const n of acked) assert.deepEqual(await reopened.get(0, key(n)), value(n));
  await reopened.close();
});
