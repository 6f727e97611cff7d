// A table's rows and index entries as keys and values (the table codec of docs/format/row.md):
// rows under t{id}_r{handle} in the row format, index entries under t{id}_i{indexId}{values},
// with the handle appended for non-unique indexes (and for unique ones holding a NULL) and
// stored as the 8-byte value of unique ones.

import {
  ByteWriter,
  INDEX_PREFIX_BYTES,
  indexPrefix,
  prefixEnd,
  readKeyDatum,
  RowDecoder,
  RowEncoder,
  RowKeyEncoder,
  writeKeyDatum,
} from '../../codec/index.js';
import type { DecodeColumn, KeyKind, KeyValue, RowColumn, RowValue } from '../../codec/index.js';
import type { ColumnInfo, IndexInfo, TableInfo } from '../catalog/schema.js';
import { sortKey } from '../types/collation.js';
import { evalKindOf, keyKindOf, rowKindOf } from '../types/column-type.js';
import { parseTime } from '../types/datetime.js';
import { Decimal } from '../types/decimal.js';
import type { Row, Value } from '../types/value.js';

const HANDLE_BYTES = 8;
/** Value of a non-unique index entry (its key says everything). */
const NON_UNIQUE_VALUE = Buffer.from([0x30]);
const makeDecimal = (unscaled: bigint, scale: number) => new Decimal(unscaled, scale);

/** A column value as it goes into a key: collation sort key, prefix applied. */
export function keyValueOf(
  column: ColumnInfo,
  value: Value,
  prefixLength: number | null,
): KeyValue | null {
  if (value === null) return null;
  switch (evalKindOf(column.type.name)) {
    case 'string': {
      let text = value as string;
      if (prefixLength !== null) text = Array.from(text).slice(0, prefixLength).join('');
      return sortKey(text, column.type.collation);
    }
    case 'binary': {
      const bytes = value as Buffer;
      return prefixLength !== null ? bytes.subarray(0, prefixLength) : bytes;
    }
    case 'date':
    case 'datetime':
      return Buffer.from(value as string, 'latin1');
    case 'time':
      return parseTime(value as string) ?? 0;
    default:
      return value as KeyValue;
  }
}

export class TableCodec {
  readonly rowKeys: RowKeyEncoder;
  /** Indexes with entries of their own (all but the clustered primary key), in table order. */
  readonly writeIndexes: readonly IndexInfo[];
  /** The unique ones among writeIndexes. */
  readonly uniqueIndexes: readonly IndexInfo[];
  private wholeRowDecoder: RowDecoder | undefined;
  private readonly encoder: RowEncoder;
  /** Column offsets in ascending id order (the encoder's order). */
  private readonly encodeOrder: number[];
  private readonly rowValues: Array<RowValue | null>;
  private readonly keyWriter = new ByteWriter();
  private readonly keyKinds: KeyKind[];
  private readonly indexPrefixes = new Map<number, Buffer>();

  constructor(readonly table: TableInfo) {
    this.rowKeys = new RowKeyEncoder(table.id);
    const byId = [...table.columns].sort((a, b) => a.id - b.id);
    this.encodeOrder = byId.map((c) => c.offset);
    this.encoder = new RowEncoder(
      byId.map((c): RowColumn => ({ id: c.id, kind: rowKindOf(c.type) })),
    );
    this.rowValues = new Array(byId.length).fill(null);
    this.keyKinds = table.columns.map((c) => keyKindOf(c.type));
    for (const index of table.indexes)
      this.indexPrefixes.set(index.id, indexPrefix(table.id, index.id));
    const clustered = table.handleColumn >= 0;
    this.writeIndexes = table.indexes.filter((i) => !(i.primary && clustered));
    this.uniqueIndexes = this.writeIndexes.filter((i) => i.unique);
  }

  /** A decoder of every column into its offset (made once per table version). */
  rowDecoder(): RowDecoder {
    this.wholeRowDecoder ??= this.decoder(this.table.columns.map((c) => c.offset));
    return this.wholeRowDecoder;
  }

  /** The row's value bytes; row holds every column by offset. */
  encodeRow(row: Row): Buffer {
    const order = this.encodeOrder;
    for (let i = 0; i < order.length; i++) this.rowValues[i] = row[order[i]!] as RowValue | null;
    return this.encoder.encode(this.rowValues);
  }

  /** A decoder writing the given columns into slot base + column offset. */
  decoder(offsets: readonly number[], base = 0): RowDecoder {
    const columns: DecodeColumn[] = offsets.map((o) => {
      const c = this.table.columns[o]!;
      const missing =
        c.defaultValue.kind === 'value' ? (c.defaultValue.value as RowValue | null) : null;
      return { id: c.id, kind: rowKindOf(c.type), missing };
    });
    return new RowDecoder(
      columns,
      offsets.map((o) => base + o),
      makeDecimal,
    );
  }

  /** Whether an index entry of the row must carry the handle in its key. */
  private handleInKey(index: IndexInfo, row: Row): boolean {
    if (!index.unique) return true;
    return index.columns.some((c) => row[c.offset] === null);
  }

  indexKey(index: IndexInfo, row: Row, handle: number | bigint): Buffer {
    const writer = this.keyWriter.reset();
    writer.bytes(this.indexPrefixes.get(index.id)!);
    for (const part of index.columns) {
      const column = this.table.columns[part.offset]!;
      writeKeyDatum(
        writer,
        this.keyKinds[part.offset]!,
        keyValueOf(column, row[part.offset]!, part.prefixLength),
      );
    }
    if (this.handleInKey(index, row)) writeKeyDatum(writer, 'int', handle);
    return writer.toBuffer();
  }

  indexValue(index: IndexInfo, row: Row, handle: number | bigint): Buffer {
    if (this.handleInKey(index, row)) return NON_UNIQUE_VALUE;
    const value = Buffer.allocUnsafe(HANDLE_BYTES);
    value.writeBigInt64BE(BigInt(handle));
    return value;
  }

  /** Key prefix of an index followed by leading column values (for range bounds). */
  indexBoundPrefix(index: IndexInfo): Buffer {
    return this.indexPrefixes.get(index.id)!;
  }

  /** Every index entry of an index: [start, end). */
  indexRange(index: IndexInfo): [Buffer, Buffer] {
    const prefix = this.indexPrefixes.get(index.id)!;
    return [prefix, prefixEnd(prefix)];
  }

  /** The handle an index entry points at. */
  handleOfEntry(index: IndexInfo, key: Buffer, value: Buffer): number | bigint {
    if (value.length === HANDLE_BYTES) {
      const big = value.readBigInt64BE();
      return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(big)
        : big;
    }
    let at = INDEX_PREFIX_BYTES;
    for (let i = 0; i < index.columns.length; i++) at = readKeyDatum(key, at).next;
    return readKeyDatum(key, at).value as number | bigint;
  }

  /** Writes one index column value into a key being built (for range scans). */
  writeIndexDatum(writer: ByteWriter, index: IndexInfo, part: number, value: Value): void {
    const column = index.columns[part]!;
    writeKeyDatum(
      writer,
      this.keyKinds[column.offset]!,
      keyValueOf(this.table.columns[column.offset]!, value, column.prefixLength),
    );
  }

  keyKindOf(offset: number): KeyKind {
    return this.keyKinds[offset]!;
  }

  /**
   * A decoder of index entries into rows when the entries hold every column wanted (a covering
   * index read, which needs no row lookup), or null when some column is not in the index or its
   * key cannot be read back as its value (strings are stored as collation sort keys).
   */
  entryDecoder(index: IndexInfo, wanted: Iterable<number>, base: number): EntryDecoder | null {
    const table = this.table;
    const parts = new Map<number, number>();
    index.columns.forEach((part, i) => {
      if (part.prefixLength === null && reversibleInKey(table.columns[part.offset]!))
        parts.set(part.offset, i);
    });
    const fromKey: Array<{ part: number; slot: number; text: boolean } | undefined> = [];
    let handleSlot = -1;
    for (const offset of wanted) {
      const part = parts.get(offset);
      if (part !== undefined) {
        const text = evalKindOf(table.columns[offset]!.type.name) !== 'int';
        fromKey[part] = { part, slot: base + offset, text };
      } else if (offset === table.handleColumn) handleSlot = base + offset;
      else return null;
    }
    const columns = index.columns.length;
    return (key, value, row) => {
      let at = INDEX_PREFIX_BYTES;
      for (let i = 0; i < columns; i++) {
        const datum = readKeyDatum(key, at);
        const target = fromKey[i];
        if (target !== undefined) {
          const v = datum.value;
          row[target.slot] =
            v === null
              ? null
              : target.text
                ? Buffer.from(v as Uint8Array).toString('latin1')
                : (v as number | bigint);
        }
        at = datum.next;
      }
      let handle: number | bigint;
      if (value.length === HANDLE_BYTES) {
        const big = value.readBigInt64BE();
        handle =
          big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(big)
            : big;
      } else handle = readKeyDatum(key, at).value as number | bigint;
      if (handleSlot >= 0) row[handleSlot] = handle;
      return handle;
    };
  }
}

/** Decodes one index entry into row slots; returns the handle the entry points at. */
export type EntryDecoder = (key: Buffer, value: Buffer, row: Row) => number | bigint;

/** Integers, dates and datetimes are keyed by their value itself (as canonical text for dates). */
function reversibleInKey(column: ColumnInfo): boolean {
  const kind = evalKindOf(column.type.name);
  return kind === 'int' || kind === 'date' || kind === 'datetime';
}
