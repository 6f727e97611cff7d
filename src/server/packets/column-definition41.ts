// ColumnDefinition41: one column of a result set, a prepared statement's parameter, or a
// COM_FIELD_LIST answer.
//
//   string<lenenc> catalog        always 'def'
//   string<lenenc> schema
//   string<lenenc> table          alias
//   string<lenenc> org_table
//   string<lenenc> name           alias
//   string<lenenc> org_name
//   int<lenenc>    length of the fixed fields, always 0x0C
//   int<2>         character_set  collation id
//   int<4>         column_length
//   int<1>         type           MYSQL_TYPE_*
//   int<2>         flags
//   int<1>         decimals
//   int<2>         filler         0x0000
//   [COM_FIELD_LIST only] int<lenenc> default value length — we send NULL (0xFB)

import type { ColumnDefinition } from '../../sql/api.js';
import {
  COLUMN_DEFINITION_CATALOG,
  COLUMN_DEFINITION_FIXED_FIELDS_BYTES,
} from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import { MalformedPacketError } from '../protocol-error.js';

const FILLER_BYTES = 2;

export function encodeColumnDefinition(
  writer: PacketWriter,
  column: ColumnDefinition,
  forFieldList = false,
): void {
  writer.startPacket();
  writer.lenencString(COLUMN_DEFINITION_CATALOG);
  writer.lenencString(column.schema);
  writer.lenencString(column.table);
  writer.lenencString(column.orgTable);
  writer.lenencString(column.name);
  writer.lenencString(column.orgName);
  writer.lenencInt(COLUMN_DEFINITION_FIXED_FIELDS_BYTES);
  writer.u16(column.characterSet);
  writer.u32(column.columnLength);
  writer.u8(column.type);
  writer.u16(column.flags);
  writer.u8(column.decimals);
  writer.zeros(FILLER_BYTES);
  if (forFieldList) writer.lenencNull();
  writer.finishPacket();
}

export function decodeColumnDefinition(reader: PayloadReader): ColumnDefinition {
  if (reader.lenencString() !== COLUMN_DEFINITION_CATALOG) throw new MalformedPacketError();
  const schema = reader.lenencString();
  const table = reader.lenencString();
  const orgTable = reader.lenencString();
  const name = reader.lenencString();
  const orgName = reader.lenencString();
  if (reader.lenencInt() !== COLUMN_DEFINITION_FIXED_FIELDS_BYTES) throw new MalformedPacketError();
  const characterSet = reader.u16();
  const columnLength = reader.u32();
  const type = reader.u8();
  const flags = reader.u16();
  const decimals = reader.u8();
  reader.skip(FILLER_BYTES);
  return {
    schema,
    table,
    orgTable,
    name,
    orgName,
    characterSet,
    columnLength,
    type,
    flags,
    decimals,
  };
}
