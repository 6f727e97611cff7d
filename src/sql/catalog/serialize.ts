// Catalog objects to and from the JSON stored under the meta keys. Values that JSON cannot hold
// exactly (bigint, DECIMAL, binary) are tagged.

import { collationByName, BINARY_COLLATION } from '../types/collation.js';
import { Decimal } from '../types/decimal.js';
import type { Value } from '../types/value.js';
import type {
  ColumnDefault,
  ColumnInfo,
  DatabaseInfo,
  TableInfo,
  TriggerInfo,
  UserRecord,
  ViewInfo,
} from './schema.js';

/** Format version of the stored JSON; bump when a field changes meaning. */
export const CATALOG_FORMAT_VERSION = 1;

type TaggedValue =
  | { t: 'null' }
  | { t: 'num'; v: number }
  | { t: 'big'; v: string }
  | { t: 'dec'; v: string }
  | { t: 'str'; v: string }
  | { t: 'bin'; v: string };

export function encodeValue(value: Value): TaggedValue {
  if (value === null) return { t: 'null' };
  if (typeof value === 'number') return { t: 'num', v: value };
  if (typeof value === 'bigint') return { t: 'big', v: value.toString() };
  if (value instanceof Decimal) return { t: 'dec', v: value.toString() };
  if (Buffer.isBuffer(value)) return { t: 'bin', v: value.toString('base64') };
  return { t: 'str', v: value };
}

export function decodeValue(tagged: TaggedValue): Value {
  switch (tagged.t) {
    case 'null':
      return null;
    case 'num':
      return tagged.v;
    case 'big':
      return BigInt(tagged.v);
    case 'dec':
      return Decimal.parse(tagged.v)!;
    case 'bin':
      return Buffer.from(tagged.v, 'base64');
    case 'str':
      return tagged.v;
  }
}

function encodeDefault(d: ColumnDefault): unknown {
  return d.kind === 'value' ? { kind: 'value', value: encodeValue(d.value) } : { kind: d.kind };
}

function decodeDefault(raw: { kind: string; value?: TaggedValue }): ColumnDefault {
  if (raw.kind === 'value') return { kind: 'value', value: decodeValue(raw.value!) };
  return { kind: raw.kind as 'none' | 'null' | 'now' };
}

export function encodeTable(table: TableInfo): Buffer {
  const json = {
    version: CATALOG_FORMAT_VERSION,
    ...table,
    columns: table.columns.map((c) => ({
      ...c,
      type: { ...c.type, collation: c.type.collation.name },
      defaultValue: encodeDefault(c.defaultValue),
    })),
    options: {
      ...table.options,
      autoIncrementStart: table.options.autoIncrementStart?.toString() ?? null,
    },
  };
  return Buffer.from(JSON.stringify(json), 'utf8');
}

export function decodeTable(bytes: Buffer): TableInfo {
  const raw = JSON.parse(bytes.toString('utf8'));
  const columns: ColumnInfo[] = raw.columns.map((c: Record<string, unknown>) => ({
    ...c,
    type: {
      ...(c.type as object),
      collation: collationByName((c.type as { collation: string }).collation) ?? BINARY_COLLATION,
    },
    defaultValue: decodeDefault(c.defaultValue as { kind: string; value?: TaggedValue }),
  }));
  delete raw.version;
  return {
    ...raw,
    columns,
    options: {
      ...raw.options,
      autoIncrementStart:
        raw.options.autoIncrementStart === null ? null : BigInt(raw.options.autoIncrementStart),
    },
  };
}

export function encodeDatabase(db: DatabaseInfo): Buffer {
  return Buffer.from(JSON.stringify({ version: CATALOG_FORMAT_VERSION, ...db }), 'utf8');
}

export function decodeDatabase(bytes: Buffer): DatabaseInfo {
  const { id, name, charset, collation } = JSON.parse(bytes.toString('utf8'));
  return { id, name, charset, collation };
}

export function encodeView(view: ViewInfo): Buffer {
  return Buffer.from(JSON.stringify({ version: CATALOG_FORMAT_VERSION, ...view }), 'utf8');
}

export function decodeView(bytes: Buffer): ViewInfo {
  const raw = JSON.parse(bytes.toString('utf8'));
  delete raw.version;
  return raw as ViewInfo;
}

export function encodeTrigger(trigger: TriggerInfo): Buffer {
  return Buffer.from(JSON.stringify({ version: CATALOG_FORMAT_VERSION, ...trigger }), 'utf8');
}

export function decodeTrigger(bytes: Buffer): TriggerInfo {
  const raw = JSON.parse(bytes.toString('utf8'));
  delete raw.version;
  return raw as TriggerInfo;
}

export function encodeUser(user: UserRecord): Buffer {
  return Buffer.from(JSON.stringify({ version: CATALOG_FORMAT_VERSION, ...user }), 'utf8');
}

export function decodeUser(bytes: Buffer): UserRecord {
  const { user, host, plugin, authString, global, databases, tables } = JSON.parse(
    bytes.toString('utf8'),
  );
  return { user, host, plugin, authString, global, databases, tables };
}

const COUNTER_BYTES = 8;

export function encodeCounter(value: bigint): Buffer {
  const buffer = Buffer.alloc(COUNTER_BYTES);
  buffer.writeBigInt64BE(value);
  return buffer;
}

export function decodeCounter(bytes: Buffer | undefined): bigint {
  return bytes && bytes.length === COUNTER_BYTES ? bytes.readBigInt64BE() : 0n;
}
