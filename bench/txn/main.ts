// The transaction benchmark: the MetaStore report's two workloads through TxnStore, on a data dir,
// with every commit durable when --sync=1 (innodb_flush_log_at_trx_commit = 1).
//
//   put: single-key puts, one transaction each, from --clients clients for --seconds seconds
//        (16-byte keys, 100-byte values, as the etcd anchor writes them);
//   txn: --txns transactions from --txn_clients clients, each locking and reading --reads keys,
//        reading --reads more, and writing the locked ones (pessimistic, retried on deadlock).
//
//   npm run bench:txn -- --clients=20 --seconds=30 --sync=1 [--benchmarks=put,txn] [--db=DIR]
//       [--json=FILE] [--txns=10000] [--txn_clients=10] [--reads=2] [--keyspace=100000]
//       [--value_size=100]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Engine } from '../../src/engine/index.js';
import { TxnError } from '../../src/txn/errors.js';
import { TxnStore } from '../../src/txn/store.js';
import { Flags } from '../common/flags.js';
import { describeMachine, machineFacts } from '../common/machine.js';
import { LatencyRecorder } from './latency.js';

interface Settings {
  benchmarks: string[];
  clients: number;
  seconds: number;
  sync: boolean;
  txns: number;
  txnClients: number;
  reads: number;
  keyspace: number;
  keySize: number;
  valueSize: number;
}

interface Figure {
  name: string;
  mode: 'js';
  ops: number;
  seconds: number;
  ops_per_sec: number;
  micros_per_op: number;
  p50_ms: number;
  p99_ms: number;
  one_pc_share: number;
  retries: number;
}

const KEY_SIZE = 16;
const LOAD_BATCH_KEYS = 1000;
const MS_PER_SECOND = 1000;

function parseSettings(flags: Flags): Settings {
  const benchmarks = flags.string('benchmarks', 'put,txn').split(',').filter(Boolean);
  for (const name of benchmarks) {
    if (name !== 'put' && name !== 'txn') throw new Error(`unknown benchmark '${name}' (put, txn)`);
  }
  return {
    benchmarks,
    clients: flags.number('clients', 20),
    seconds: flags.number('seconds', 30),
    sync: flags.bool('sync', true),
    txns: flags.number('txns', 10_000),
    txnClients: flags.number('txn_clients', 10),
    reads: flags.number('reads', 2),
    keyspace: flags.number('keyspace', 100_000),
    keySize: KEY_SIZE,
    valueSize: flags.number('value_size', 100),
  };
}

/** A 16-byte key: a prefix letter, the client and a counter. */
function makeKey(prefix: string, client: number, n: number): Buffer {
  return Buffer.from(`${prefix}${String(client).padStart(3, '0')}${String(n).padStart(12, '0')}`);
}

function figure(
  name: string,
  ops: number,
  seconds: number,
  latency: LatencyRecorder,
  onePhase: number,
  retries: number,
): Figure {
  return {
    name,
    mode: 'js',
    ops,
    seconds,
    ops_per_sec: Math.round(ops / seconds),
    micros_per_op: (seconds * 1e6) / ops,
    p50_ms: latency.percentileMs(50),
    p99_ms: latency.percentileMs(99),
    one_pc_share: ops > 0 ? onePhase / ops : 0,
    retries,
  };
}

/** db_bench's line plus the latency percentiles and the one-phase share. */
function formatLine(f: Figure): string {
  return (
    `${f.name.padEnd(8)} : ${f.micros_per_op.toFixed(3).padStart(11)} micros/op ${f.ops_per_sec} ops/sec;` +
    ` p50 ${f.p50_ms.toFixed(3)} ms p99 ${f.p99_ms.toFixed(3)} ms; 1PC ${(f.one_pc_share * 100).toFixed(1)}%` +
    (f.retries > 0 ? `; ${f.retries} retries` : '')
  );
}

async function benchPut(store: TxnStore, settings: Settings): Promise<Figure> {
  const value = Buffer.alloc(settings.valueSize, 'v');
  const latency = new LatencyRecorder();
  let ops = 0;
  let onePhase = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + settings.seconds * MS_PER_SECOND;
  await Promise.all(
    Array.from({ length: settings.clients }, async (_, client) => {
      for (let n = 0; Date.now() < deadline; n++) {
        const begun = process.hrtime.bigint();
        const txn = await store.begin({ mode: 'optimistic' });
        txn.put(makeKey('p', client, n), value);
        const result = await txn.commit();
        latency.record(begun);
        ops++;
        if (result.onePhase) onePhase++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return figure('put', ops, seconds, latency, onePhase, 0);
}

async function loadKeyspace(store: TxnStore, settings: Settings): Promise<void> {
  const value = Buffer.alloc(settings.valueSize, 'a');
  for (let i = 0; i < settings.keyspace; i += LOAD_BATCH_KEYS) {
    const txn = await store.begin({ mode: 'optimistic' });
    for (let j = i; j < Math.min(i + LOAD_BATCH_KEYS, settings.keyspace); j++) {
      txn.put(makeKey('t', 0, j), value);
    }
    await txn.commit();
  }
}

async function benchTxn(store: TxnStore, settings: Settings): Promise<Figure> {
  await loadKeyspace(store, settings);
  const latency = new LatencyRecorder();
  let issued = 0;
  let ops = 0;
  let onePhase = 0;
  let retries = 0;
  let seed = 12345;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: settings.txnClients }, async () => {
      while (issued < settings.txns) {
        issued++;
        const begun = process.hrtime.bigint();
        for (;;) {
          const txn = await store.begin({ mode: 'pessimistic' });
          try {
            const written = Array.from({ length: settings.reads }, () =>
              makeKey('t', 0, random(settings.keyspace)),
            );
            const read = Array.from({ length: settings.reads }, () =>
              makeKey('t', 0, random(settings.keyspace)),
            );
            const values = await txn.lockKeys(written);
            await txn.batchGet(read);
            written.forEach((key, i) =>
              txn.put(key, values[i] ?? Buffer.alloc(settings.valueSize, 'a')),
            );
            const result = await txn.commit();
            if (result.onePhase) onePhase++;
            break;
          } catch (error) {
            if (!txn.finished) await txn.rollback();
            if (!(error instanceof TxnError) || error.code !== 'DEADLOCK') throw error;
            retries++;
          }
        }
        latency.record(begun);
        ops++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return figure('txn', ops, seconds, latency, onePhase, retries);
}

async function main(): Promise<void> {
  const flags = new Flags(process.argv.slice(2));
  const settings = parseSettings(flags);
  const jsonPath = flags.optionalString('json');
  const requestedDir = flags.optionalString('db');
  flags.rejectUnknown();

  const machine = machineFacts();
  const dir = requestedDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'strata-bench-txn-'));
  fs.mkdirSync(dir, { recursive: true });
  console.log('StrataDB transaction benchmark');
  console.log(`Machine:    ${describeMachine(machine)}`);
  console.log(
    `Workload:   put: ${settings.clients} clients x ${settings.seconds} s, ${settings.keySize}-byte keys,` +
      ` ${settings.valueSize}-byte values; txn: ${settings.txns} transactions from ${settings.txnClients}` +
      ` clients, ${settings.reads} locked+written and ${settings.reads} read keys each of ${settings.keyspace}`,
  );
  console.log(`Durability: sync=${settings.sync ? 1 : 0} (every commit fsynced to the WAL when 1)`);
  console.log('------------------------------------------------');

  const figures: Figure[] = [];
  for (const name of settings.benchmarks) {
    const dbPath = path.join(dir, name);
    fs.rmSync(dbPath, { recursive: true, force: true });
    const engine = await Engine.open({ path: dbPath });
    const store = await TxnStore.open(engine, { syncCommit: settings.sync, gcRunIntervalMs: 0 });
    try {
      const result =
        name === 'put' ? await benchPut(store, settings) : await benchTxn(store, settings);
      console.log(formatLine(result));
      figures.push(result);
    } finally {
      await store.close();
      await engine.close();
    }
  }

  if (jsonPath !== undefined) {
    const report = {
      engine: 'stratadb',
      benchmarks: figures,
      settings: { ...settings, db: dir },
      machine,
    };
    fs.writeFileSync(jsonPath, JSON.stringify(report, null, 2));
  }
  if (requestedDir === undefined) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(`bench:txn: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
