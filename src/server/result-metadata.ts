// Column definitions encoded once per column list. The SQL layer returns the same columns array
// for every execution of a prepared (or cached) statement, so its ColumnDefinition41 packets are
// built on first use and then copied into each response with renumbered sequence ids.
// Column lists must not be mutated once returned.

import type { ColumnDefinition } from '../sql/api.js';
import { encodeColumnDefinition } from './packets/column-definition41.js';
import { PacketWriter } from './packet-writer.js';
import { planColumns } from './values/column-plan.js';
import type { ColumnPlan } from './values/column-plan.js';

export class ResultMetadata {
  private static readonly cache = new WeakMap<readonly ColumnDefinition[], ResultMetadata>();

  private constructor(
    readonly plan: ColumnPlan,
    private readonly packets: Buffer,
    private readonly headerOffsets: Uint32Array,
  ) {}

  static of(columns: readonly ColumnDefinition[]): ResultMetadata {
    let metadata = ResultMetadata.cache.get(columns);
    if (metadata === undefined) {
      metadata = ResultMetadata.build(columns);
      ResultMetadata.cache.set(columns, metadata);
    }
    return metadata;
  }

  private static build(columns: readonly ColumnDefinition[]): ResultMetadata {
    const writer = new PacketWriter();
    writer.begin(0);
    const offsets = new Uint32Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      offsets[i] = writer.length;
      encodeColumnDefinition(writer, columns[i]!);
    }
    return new ResultMetadata(planColumns(columns), Buffer.from(writer.take()), offsets);
  }

  get columnCount(): number {
    return this.headerOffsets.length;
  }

  /** Appends every column's ColumnDefinition41 packet. */
  writeDefinitions(writer: PacketWriter): void {
    writer.framedPackets(this.packets, this.headerOffsets);
  }
}
