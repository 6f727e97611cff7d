// `strata bench load`: the MetaStore-style load tests (large-scale, sustained, mixed
// PUT/GET/DELETE/RANGE, transactions) against the transaction store in process, a StrataDB
// server or any MySQL endpoint, alternating each scenario with the --vs server.

import { FlagError, Flags } from '../common/flags.js';
import { SeededRandom } from '../common/random.js';
import { stratadbVersion } from '../common/versions.js';
import type { KvTarget } from '../load/kv-target.js';
import { MysqlKv } from '../load/mysql-kv.js';
import {
  SCENARIOS,
  keyspacePairs,
  needsKeyspace,
  parseMix,
  scenarioSpec,
} from '../load/scenarios.js';
import type { LoadSettings, Scenario } from '../load/scenarios.js';
import { StrataKv } from '../load/strata-kv.js';
import type { TargetInfo } from '../report/types.js';
import { errorMessage } from '../run/errors.js';
import { failedRun, runPhase } from '../run/phase.js';
import type { PhaseContext } from '../run/phase.js';
import { createPool } from '../target/mysql-client.js';
import { dataDir, openSqlTarget, parseTarget } from '../target/targets.js';
import type { TargetChoice } from '../target/targets.js';
import { distinguishTargets, readCommonOptions, startReport } from './common.js';
import type { Outcome } from './common.js';

const DATABASE = 'loadtest';

interface OpenKv {
  kv: KvTarget | undefined;
  info: TargetInfo;
  openError: unknown;
  keyspaceLoaded: boolean;
  close(): Promise<void>;
}

async function openKv(
  choice: TargetChoice,
  sync: boolean,
  datadir: string | undefined,
  label: string | undefined,
  connections: number,
): Promise<OpenKv> {
  if (choice.kind === 'strata') {
    const dir = dataDir(datadir, 'load');
    const info: TargetInfo = {
      label: label ?? 'stratadb',
      kind: 'strata',
      location: `transaction store at ${dir.path}`,
      version: stratadbVersion(),
    };
    try {
      const kv = await StrataKv.open(dir.path, sync);
      return {
        kv,
        info,
        openError: null,
        keyspaceLoaded: false,
        close: async () => (await kv.close(), dir.release()),
      };
    } catch (error) {
      dir.release();
      return {
        kv: undefined,
        info,
        openError: error,
        keyspaceLoaded: false,
        close: async () => undefined,
      };
    }
  }
  const target = await openSqlTarget(choice, { database: DATABASE, datadir, label });
  let openError = target.openError;
  let kv: MysqlKv | undefined;
  if (openError === null) {
    kv = new MysqlKv(createPool(target.endpoint, connections));
    try {
      await kv.setup();
    } catch (error) {
      openError = error;
    }
  }
  return {
    kv: openError === null ? kv : undefined,
    info: target.info,
    openError,
    keyspaceLoaded: false,
    close: async () => {
      await kv?.close().catch(() => undefined);
      await target.close();
    },
  };
}

export async function runLoadBenchmark(argv: string[], signal: AbortSignal): Promise<Outcome> {
  const flags = new Flags(argv);
  const common = readCommonOptions(flags);
  const targetText = flags.string('target', 'strata');
  const sync = flags.bool('sync', true);
  const scenarios = flags.list('scenarios', SCENARIOS.join(',')).map((name) => {
    if (!(SCENARIOS as readonly string[]).includes(name)) {
      throw new FlagError(`unknown scenario '${name}' (${SCENARIOS.join(', ')})`);
    }
    return name as Scenario;
  });
  const settings: LoadSettings = {
    largeClients: flags.integer('large_clients', 50, 1),
    largeOps: flags.integer('large_ops', 1000, 1),
    sustainedClients: flags.integer('sustained_clients', 20, 1),
    sustainedSeconds: flags.positive('sustained_seconds', 30),
    mixedClients: flags.integer('mixed_clients', 20, 1),
    mixedSeconds: flags.positive('mixed_seconds', 30),
    mix: parseMix(flags.string('mix', 'put:40,get:40,delete:10,range:10')),
    txnClients: flags.integer('txn_clients', 10, 1),
    txns: flags.integer('txns', 10_000, 1),
    txnKeys: flags.integer('txn_keys', 2, 1),
    keyspace: flags.integer('keyspace', 10_000, 1),
    rangeLimit: flags.integer('range_limit', 10, 1),
    valueSize: flags.integer('value_size', 100, 1),
    intervalSeconds: common.intervalSeconds,
  };
  flags.rejectUnknown();

  const choices = [parseTarget(targetText, ['strata', 'server', 'mysql'])];
  if (common.vs !== undefined) choices.push(parseTarget(common.vs, ['mysql']));
  const context: PhaseContext = { signal, progress: common.progress };
  const report = startReport('load', `MetaStore-style load: ${scenarios.join(', ')}`, argv, {
    target: targetText,
    vs: common.vs ?? null,
    scenarios,
    sync,
    rounds: common.rounds,
    seed: common.seed,
    ...settings,
  });
  const connections = Math.max(
    settings.largeClients,
    settings.sustainedClients,
    settings.mixedClients,
    settings.txnClients,
  );
  const value = Buffer.alloc(settings.valueSize, 'v');
  const opened: OpenKv[] = [];
  try {
    for (const [i, choice] of choices.entries()) {
      const kv = await openKv(
        choice,
        sync,
        common.datadir,
        i === 0 ? common.label : common.vsLabel,
        connections,
      );
      opened.push(kv);
      report.targets.push(kv.info);
    }
    if (opened.length === 2) distinguishTargets(opened[0]!.info, opened[1]!.info);
    for (let round = 1; round <= common.rounds && !signal.aborted; round++) {
      for (const scenario of scenarios) {
        for (const target of opened) {
          if (signal.aborted) break;
          const label = target.info.label;
          const base = { phase: scenario, target: label, round, settings: {} };
          if (target.kv === undefined) {
            report.runs.push(failedRun(base, 'connect', target.openError));
            continue;
          }
          if (needsKeyspace(scenario) && !target.keyspaceLoaded) {
            try {
              await target.kv.load(keyspacePairs(settings, value));
              target.keyspaceLoaded = true;
            } catch (error) {
              report.runs.push(failedRun(base, 'load keyspace', error));
              continue;
            }
          }
          const random = new SeededRandom(common.seed).fork(round);
          const randoms = Array.from({ length: connections }, (_, client) => random.fork(client));
          const spec = scenarioSpec(scenario, settings, {
            kv: target.kv,
            target: label,
            round,
            randoms,
            value,
          });
          try {
            report.runs.push(...(await runPhase(`${scenario} @${label}`, [spec], context)));
          } finally {
            target.kv.endPhase();
          }
        }
      }
    }
  } finally {
    for (const target of opened) {
      await target
        .close()
        .catch((error: unknown) =>
          report.notes.push(`closing ${target.info.label}: ${errorMessage(error)}`),
        );
    }
  }
  report.notes.push(`seed ${common.seed} (--seed replays the random choices)`);
  return { report, files: common.files };
}
