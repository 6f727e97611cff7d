// COM_STMT_EXECUTE request.
//
//   int<1> command            0x17
//   int<4> statement_id
//   int<1> flags              CURSOR_TYPE_* (a result set is always sent whole; see protocol.md)
//   int<4> iteration_count    always 1
//   if num_params > 0:
//     binary  null_bitmap       (num_params + 7) / 8 bytes, bit i set for a NULL parameter i
//     int<1>  new_params_bound  1 when types follow; 0 reuses the types of the previous execute
//     if new_params_bound: num_params × (int<1> type, int<1> flags: 0x80 = unsigned)
//     values                  each non-NULL parameter without long data, in its binary form

import type { SqlValue } from '../../sql/api.js';
import { Command } from '../constants/commands.js';
import { PARAM_UNSIGNED_FLAG } from '../constants/protocol.js';
import type { PacketWriter } from '../packet-writer.js';
import type { PayloadReader } from '../payload-reader.js';
import { MalformedPacketError } from '../protocol-error.js';
import { isBytesParamType, readBinaryParam } from '../values/binary-param.js';

/** What one execution needs to know about its statement's parameters, and keeps between runs. */
export interface ParamBinding {
  readonly paramCount: number;
  /** type | flags << 8 per parameter, from the last execute that bound them. */
  types: Uint16Array | null;
  /** Data sent with COM_STMT_SEND_LONG_DATA since the last execute or reset, per parameter. */
  longData: Array<Buffer[] | null> | null;
}

const BITS_PER_BYTE = 8;
const TYPE_MASK = 0xff;

/** Reads the statement id, leaving the reader at the flags byte. */
export function decodeStmtExecuteStatementId(reader: PayloadReader): number {
  reader.u8();
  return reader.u32();
}

function longDataValue(chunks: Buffer[], type: number): SqlValue {
  const data = Buffer.concat(chunks);
  return isBytesParamType(type) ? data : data.toString('utf8');
}

/** Reads flags, iteration count and parameter values; updates binding.types when rebound. */
export function decodeStmtExecuteParams(reader: PayloadReader, binding: ParamBinding): SqlValue[] {
  reader.u8();
  reader.u32();
  const count = binding.paramCount;
  if (count === 0) return [];
  const bitmap = reader.bytes(Math.floor((count + BITS_PER_BYTE - 1) / BITS_PER_BYTE));
  if (reader.u8() === 1) {
    const types = binding.types ?? new Uint16Array(count);
    for (let i = 0; i < count; i++) types[i] = reader.u16();
    binding.types = types;
  }
  const types = binding.types;
  if (types === null) throw new MalformedPacketError();
  const longData = binding.longData;
  const values: SqlValue[] = new Array<SqlValue>(count);
  for (let i = 0; i < count; i++) {
    const typeAndFlags = types[i]!;
    const type = typeAndFlags & TYPE_MASK;
    const chunks = longData === null ? null : longData[i];
    if (chunks) {
      values[i] = longDataValue(chunks, type);
    } else if (bitmap[i >> 3]! & (1 << (i & 7))) {
      values[i] = null;
    } else {
      values[i] = readBinaryParam(reader, type, ((typeAndFlags >> 8) & PARAM_UNSIGNED_FLAG) !== 0);
    }
  }
  return values;
}

export interface StmtExecuteRequest {
  statementId: number;
  flags: number;
  /** Per parameter: null, or its type code, unsigned flag and already-encoded value bytes. */
  params: Array<{ type: number; unsigned: boolean; value: Buffer } | null>;
  newParamsBound: boolean;
}

/** Client side of the request (tests, fuzzer): values are given already encoded. */
export function encodeStmtExecute(writer: PacketWriter, request: StmtExecuteRequest): void {
  writer.startPacket();
  writer.u8(Command.STMT_EXECUTE);
  writer.u32(request.statementId);
  writer.u8(request.flags);
  writer.u32(1);
  const count = request.params.length;
  if (count > 0) {
    const bitmap = Buffer.alloc(Math.floor((count + BITS_PER_BYTE - 1) / BITS_PER_BYTE));
    request.params.forEach((param, i) => {
      if (param === null) bitmap[i >> 3]! |= 1 << (i & 7);
    });
    writer.bytes(bitmap);
    writer.u8(request.newParamsBound ? 1 : 0);
    if (request.newParamsBound) {
      for (const param of request.params) {
        writer.u8(param?.type ?? 0x06);
        writer.u8(param?.unsigned ? PARAM_UNSIGNED_FLAG : 0);
      }
    }
    for (const param of request.params) if (param !== null) writer.bytes(param.value);
  }
  writer.finishPacket();
}
