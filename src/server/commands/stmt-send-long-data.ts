// COM_STMT_SEND_LONG_DATA: appends to one parameter's value. There is never a response; a bad
// parameter id or too much data is remembered and reported by the next COM_STMT_EXECUTE.

import { ER } from '../constants/error-codes.js';
import type { Connection } from '../connection.js';
import { decodeStmtSendLongData } from '../packets/stmt-send-long-data.js';
import type { StmtSendLongData } from '../packets/stmt-send-long-data.js';
import type { PayloadReader } from '../payload-reader.js';

export function stmtSendLongData(conn: Connection, reader: PayloadReader): void {
  let packet: StmtSendLongData;
  try {
    packet = decodeStmtSendLongData(reader);
  } catch {
    return;
  }
  const entry = conn.statements.get(packet.statementId);
  if (entry === undefined || entry.longDataError !== null) return;
  const binding = entry.binding;
  if (packet.paramId >= binding.paramCount) {
    entry.longDataError = ER.WRONG_ARGUMENTS;
    return;
  }
  entry.longDataBytes += packet.data.length;
  if (entry.longDataBytes > conn.parser.maxPayloadBytes) {
    entry.longDataError = ER.NET_PACKET_TOO_LARGE;
    binding.longData = null;
    return;
  }
  const longData = (binding.longData ??= new Array<Buffer[] | null>(binding.paramCount).fill(null));
  (longData[packet.paramId] ??= []).push(packet.data);
}
