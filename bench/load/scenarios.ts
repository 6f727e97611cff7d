// The MetaStore-style load tests, with 16-byte keys and 100-byte values as the etcd anchor writes
// them:
//   large-scale  50 clients × 1,000 PUTs of new keys each;
//   sustained    20 clients issuing PUTs of new keys for 30 s;
//   mixed        20 clients for 30 s issuing PUT/GET/DELETE/RANGE (40/40/10/10 by default)
//                over a preloaded keyspace;
//   txn          10,000 transactions from 10 clients, each locking and writing 2 keys and
//                reading 2 more of the keyspace.

import { FlagError } from '../common/flags.js';
import type { SeededRandom } from '../common/random.js';
import type { RunSpec } from '../run/phase.js';
import type { NextOperation, Operation } from '../run/workers.js';
import type { KvTarget } from './kv-target.js';

export const SCENARIOS = ['large-scale', 'sustained', 'mixed', 'txn'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const KV_OPERATIONS = ['put', 'get', 'delete', 'range'] as const;
export type KvOperation = (typeof KV_OPERATIONS)[number];

export interface LoadSettings {
  largeClients: number;
  largeOps: number;
  sustainedClients: number;
  sustainedSeconds: number;
  mixedClients: number;
  mixedSeconds: number;
  /** Percent of each operation in the mixed scenario; adds up to 100. */
  mix: Record<KvOperation, number>;
  txnClients: number;
  txns: number;
  /** Keys locked and written, and keys read, per transaction. */
  txnKeys: number;
  keyspace: number;
  rangeLimit: number;
  valueSize: number;
  intervalSeconds: number;
}

export const KEY_BYTES = 16;
const KEYSPACE_PREFIX = 'K';
/** The byte after the keyspace prefix: the end of every keyspace range. */
const KEYSPACE_END = Buffer.from('L');

/** A 16-byte key: a prefix letter and the number, zero-padded. */
export function makeKey(prefix: string, n: number): Buffer {
  return Buffer.from(prefix + String(n).padStart(KEY_BYTES - prefix.length, '0'));
}

export function keyspaceKey(n: number): Buffer {
  return makeKey(KEYSPACE_PREFIX, n);
}

export function keyspacePairs(settings: LoadSettings, value: Buffer): Array<[Buffer, Buffer]> {
  return Array.from({ length: settings.keyspace }, (_, n) => [keyspaceKey(n), value]);
}

/** Whether a scenario starts from the preloaded keyspace. */
export function needsKeyspace(scenario: Scenario): boolean {
  return scenario === 'mixed' || scenario === 'txn';
}

/** Parses "put:40,get:40,delete:10,range:10". */
export function parseMix(text: string): Record<KvOperation, number> {
  const mix: Record<KvOperation, number> = { put: 0, get: 0, delete: 0, range: 0 };
  for (const part of text.split(',').filter(Boolean)) {
    const [name, share] = part.split(':');
    if (
      !(KV_OPERATIONS as readonly string[]).includes(name ?? '') ||
      share === undefined ||
      !/^\d+$/.test(share)
    ) {
      throw new FlagError(
        `--mix: '${part}' is not op:percent with op one of ${KV_OPERATIONS.join(', ')}`,
      );
    }
    mix[name as KvOperation] = Number(share);
  }
  const sum = KV_OPERATIONS.reduce((total, op) => total + mix[op], 0);
  if (sum !== 100) throw new FlagError(`--mix: the shares add up to ${sum}, not 100`);
  return mix;
}

interface ScenarioContext {
  kv: KvTarget;
  target: string;
  round: number;
  randoms: SeededRandom[];
  value: Buffer;
}

function putNewKeys(
  prefix: string,
  context: ScenarioContext,
  perClient: number | undefined,
): NextOperation {
  const counters: number[] = [];
  return (client) => {
    const n = counters[client] ?? 0;
    if (perClient !== undefined && n >= perClient) return undefined;
    counters[client] = n + 1;
    // Client number in the key keeps every client's keys apart: 3 digits of client, the rest count.
    const key = makeKey(`${prefix}${String(client).padStart(3, '0')}`, n);
    return {
      type: 'put',
      run: (count) =>
        context.kv.put(client, key, context.value, count).then(() => context.value.length),
    };
  };
}

function mixed(settings: LoadSettings, context: ScenarioContext): NextOperation {
  const { kv, value } = context;
  return (client): Operation => {
    const random = context.randoms[client]!;
    let pick = random.int(0, 99);
    const op = KV_OPERATIONS.find((name) => (pick -= settings.mix[name]) < 0) ?? 'get';
    const key = keyspaceKey(random.int(0, settings.keyspace - 1));
    switch (op) {
      case 'put':
        return {
          type: op,
          run: (count) => kv.put(client, key, value, count).then(() => value.length),
        };
      case 'get':
        return { type: op, run: () => kv.get(client, key) };
      case 'delete':
        return { type: op, run: (count) => kv.delete(client, key, count).then(() => 0) };
      case 'range':
        return { type: op, run: () => kv.range(client, key, KEYSPACE_END, settings.rangeLimit) };
    }
  };
}

function transactions(settings: LoadSettings, context: ScenarioContext): NextOperation {
  const { kv, value } = context;
  return (client) => {
    const random = context.randoms[client]!;
    const keys = () =>
      Array.from({ length: settings.txnKeys }, () =>
        keyspaceKey(random.int(0, settings.keyspace - 1)),
      );
    const written = [...new Map(keys().map((key) => [key.toString(), key])).values()];
    const read = keys();
    return {
      type: 'txn',
      run: async () =>
        (await kv.transaction(client, written, read, value)) + written.length * value.length,
    };
  };
}

export function scenarioSpec(
  scenario: Scenario,
  settings: LoadSettings,
  context: ScenarioContext,
): RunSpec {
  const base = {
    phase: scenario,
    target: context.target,
    round: context.round,
    intervalSeconds: settings.intervalSeconds,
  };
  switch (scenario) {
    case 'large-scale':
      return {
        ...base,
        workers: settings.largeClients,
        next: putNewKeys('L', context, settings.largeOps),
        settings: {
          clients: settings.largeClients,
          ops_per_client: settings.largeOps,
          value_size: settings.valueSize,
        },
      };
    case 'sustained':
      return {
        ...base,
        workers: settings.sustainedClients,
        next: putNewKeys('S', context, undefined),
        seconds: settings.sustainedSeconds,
        settings: {
          clients: settings.sustainedClients,
          seconds: settings.sustainedSeconds,
          value_size: settings.valueSize,
        },
      };
    case 'mixed':
      return {
        ...base,
        workers: settings.mixedClients,
        next: mixed(settings, context),
        seconds: settings.mixedSeconds,
        settings: {
          clients: settings.mixedClients,
          seconds: settings.mixedSeconds,
          mix: KV_OPERATIONS.map((op) => `${op}:${settings.mix[op]}`).join(','),
          keyspace: settings.keyspace,
          range_limit: settings.rangeLimit,
        },
      };
    case 'txn':
      return {
        ...base,
        workers: settings.txnClients,
        next: transactions(settings, context),
        totalOps: settings.txns,
        settings: {
          clients: settings.txnClients,
          txns: settings.txns,
          keys_written: settings.txnKeys,
          keys_read: settings.txnKeys,
          keyspace: settings.keyspace,
        },
      };
  }
}
