// ProtocolText::ResultsetRow: one length-encoded string per column, 0xFB for NULL.

import type { SqlValue } from '../../sql/api.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import type { ColumnPlan } from '../values/column-plan.js';
import { writeTextValue } from '../values/text-value.js';

export function encodeTextRow(
  writer: PacketWriter,
  row: readonly SqlValue[],
  plan: ColumnPlan,
): void {
  writer.startPacket();
  const encodings = plan.text;
  const columns = plan.columns;
  for (let i = 0; i < encodings.length; i++) {
    writeTextValue(writer, row[i] ?? null, encodings[i]!, columns[i]!);
  }
  writer.finishPacket();
}

/** The raw bytes of each column (null for NULL). */
export function decodeTextRow(reader: PayloadReader, columnCount: number): Array<Buffer | null> {
  const values: Array<Buffer | null> = [];
  for (let i = 0; i < columnCount; i++) {
    const length = reader.lenencIntOrNull();
    values.push(length === null ? null : reader.bytes(length));
  }
  return values;
}
