// The statistics ANALYZE TABLE collects for the join planner (planner/cost-model.ts): the row
// count, and for every index the number of distinct values of each prefix of its columns (read
// from the index entries in key order, where equal prefixes are adjacent). They are stored under
// the meta key `TableStats/<table id>` in the same DDL transaction that publishes a new schema
// version, so cached plans are planned again with them; a server loads them at its first plan.

import {
  INDEX_PREFIX_BYTES,
  metaKey,
  metaRange,
  readInt64,
  readKeyDatum,
} from '../../codec/index.js';
import type { KvReader, TxnStoreApi } from '../../txn/api.js';
import { WOULD_BLOCK } from '../../txn/api.js';
import type { Catalog } from '../catalog/catalog.js';
import type { IndexInfo, TableInfo } from '../catalog/schema.js';
import type { TableStatistics } from '../planner/cost-model.js';
import { codecOf } from '../planner/table-scope.js';

const STATS_PREFIX = 'TableStats';
/** Chunks scanned between two yields to the event loop while analyzing a big table. */
const CHUNKS_PER_YIELD = 64;
/** Layout version of the stored JSON record. */
const RECORD_VERSION = 1;

interface StoredStatistics {
  readonly version: number;
  readonly rowCount: number;
  readonly distinct: Array<[indexId: number, counts: number[]]>;
  readonly analyzedAtMs: number;
}

function encode(stats: TableStatistics): Buffer {
  const record: StoredStatistics = {
    version: RECORD_VERSION,
    rowCount: stats.rowCount,
    distinct: [...stats.distinct].map(([id, counts]) => [id, [...counts]]),
    analyzedAtMs: stats.analyzedAtMs,
  };
  return Buffer.from(JSON.stringify(record), 'utf8');
}

function decode(value: Buffer): TableStatistics | undefined {
  const record = JSON.parse(value.toString('utf8')) as StoredStatistics;
  if (record.version !== RECORD_VERSION) return undefined;
  return {
    rowCount: record.rowCount,
    distinct: new Map(record.distinct),
    analyzedAtMs: record.analyzedAtMs,
  };
}

/** Bytes of the table id that ends a statistics key (a memcomparable int64). */
const TABLE_ID_BYTES = 8;

function tableIdOf(key: Buffer): number {
  return Number(readInt64(key, key.length - TABLE_ID_BYTES));
}

const stores = new WeakMap<TxnStoreApi, StatisticsStore>();

/** Every table's statistics, kept in memory; one per store. */
export class StatisticsStore {
  private readonly byTable = new Map<number, TableStatistics>();
  private loaded = false;
  private loading: Promise<void> | undefined;

  private constructor(private readonly store: TxnStoreApi) {}

  static of(store: TxnStoreApi): StatisticsStore {
    let stats = stores.get(store);
    if (!stats) {
      stats = new StatisticsStore(store);
      stores.set(store, stats);
    }
    return stats;
  }

  /**
   * The table's statistics, if ANALYZE TABLE ran. The first call loads them all: at once when
   * they are in memory (they sit beside the catalog, which was just read), else in the background
   * (plans made meanwhile use the cost model's defaults).
   */
  get(table: TableInfo): TableStatistics | undefined {
    if (!this.loaded) this.load();
    return this.byTable.get(table.id);
  }

  private load(): void {
    if (this.loading) return;
    const snapshot = this.store.trySnapshot();
    if (snapshot) {
      const cursor = snapshot.cursor(...metaRange(STATS_PREFIX));
      const pairs: Array<[Buffer, Buffer]> = [];
      for (;;) {
        const chunk = cursor.tryNext();
        if (chunk === WOULD_BLOCK) break;
        if (chunk === null) {
          this.accept(pairs);
          return;
        }
        pairs.push(...chunk);
      }
    }
    this.loading = this.store
      .snapshot()
      .then((reader) => reader.scan(...metaRange(STATS_PREFIX)))
      .then((pairs) => this.accept(pairs))
      .catch(() => {
        this.loading = undefined;
      });
  }

  private accept(pairs: ReadonlyArray<readonly [Buffer, Buffer]>): void {
    for (const [key, value] of pairs) {
      const id = tableIdOf(key);
      const stats = decode(value);
      if (stats && !this.byTable.has(id)) this.byTable.set(id, stats);
    }
    this.loaded = true;
  }

  /** Measures the table at the reader's snapshot and stores the result. */
  async analyze(table: TableInfo, reader: KvReader, catalog: Catalog): Promise<TableStatistics> {
    const stats = await measure(table, reader);
    await catalog.ddl(async (writer) => {
      writer.txn.put(metaKey(STATS_PREFIX, table.id), encode(stats));
    });
    this.byTable.set(table.id, stats);
    return stats;
  }
}

async function measure(table: TableInfo, reader: KvReader): Promise<TableStatistics> {
  const codec = codecOf(table);
  const [start, end] = codec.rowKeys.range();
  const rowCount = await countEntries(reader, start, end, () => undefined);
  const distinct = new Map<number, number[]>();
  for (const index of table.indexes) {
    if (index.state !== 'public') continue;
    if (index.primary && table.handleColumn >= 0) {
      distinct.set(index.id, [rowCount]);
      continue;
    }
    distinct.set(index.id, await distinctPrefixes(reader, index, ...codec.indexRange(index)));
  }
  return { rowCount, distinct, analyzedAtMs: Date.now() };
}

/** Counts the keys of [start, end), passing each to visit. */
async function countEntries(
  reader: KvReader,
  start: Buffer,
  end: Buffer,
  visit: (key: Buffer) => void,
): Promise<number> {
  const cursor = reader.cursor(start, end, { keyOnly: true });
  let count = 0;
  let chunks = 0;
  for (;;) {
    let chunk = cursor.tryNext();
    if (chunk === WOULD_BLOCK) chunk = await cursor.next();
    if (chunk === null) return count;
    for (const [key] of chunk) visit(key);
    count += chunk.length;
    if (++chunks % CHUNKS_PER_YIELD === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Distinct values of each prefix of the index's columns, from its entries in key order. */
async function distinctPrefixes(
  reader: KvReader,
  index: IndexInfo,
  start: Buffer,
  end: Buffer,
): Promise<number[]> {
  const columns = index.columns.length;
  const counts = new Array<number>(columns).fill(0);
  let previous: Buffer | null = null;
  const previousEnds = new Array<number>(columns).fill(0);
  await countEntries(reader, start, end, (key) => {
    let at = INDEX_PREFIX_BYTES;
    let differs = previous === null;
    for (let i = 0; i < columns; i++) {
      at = readKeyDatum(key, at).next;
      if (!differs) {
        differs = at !== previousEnds[i] || key.compare(previous!, 0, at, 0, at) !== 0;
      }
      if (differs) counts[i]!++;
      previousEnds[i] = at;
    }
    previous = key;
  });
  return counts;
}
