// The server's side of the native wire path (src/engine/wire-hub.ts, native/wire/): after a
// plain-TCP client authenticates, its socket is handed to a native thread that answers prepared
// point selects itself and hands every other packet back here in order. This module routes the
// native events to connections, encodes the plans the SQL layer describes, and keeps the native
// side's plan epoch current.

import type {
  FastPointSelect,
  NativePointSelectPlan,
  WireAccelerator,
  WireEvent,
} from '../sql/api.js';
import type { SqlService } from '../sql/api.js';
import { PacketWriter } from './packet-writer.js';
import { encodeColumnCount } from './packets/column-count.js';
import { encodeColumnDefinition } from './packets/column-definition41.js';
import { NativeSocket } from './native-socket.js';

const PACKET_HEADER_BYTES = 4;

/** The payloads of the packets a PacketWriter produced (headers stripped). */
function payloadsOf(bytes: Buffer): Buffer[] {
  const payloads: Buffer[] = [];
  let pos = 0;
  while (pos + PACKET_HEADER_BYTES <= bytes.length) {
    const length = bytes[pos]! | (bytes[pos + 1]! << 8) | (bytes[pos + 2]! << 16);
    payloads.push(
      Buffer.from(bytes.subarray(pos + PACKET_HEADER_BYTES, pos + PACKET_HEADER_BYTES + length)),
    );
    pos += PACKET_HEADER_BYTES + length;
  }
  return payloads;
}

export function encodeNativePlan(fast: FastPointSelect): NativePointSelectPlan {
  const writer = new PacketWriter();
  writer.begin(0);
  encodeColumnCount(writer, fast.definitions.length);
  for (const definition of fast.definitions) encodeColumnDefinition(writer, definition);
  const payloads = payloadsOf(Buffer.from(writer.take()));
  return {
    epoch: fast.epoch,
    rowKeyPrefix: fast.rowKeyPrefix,
    columns: fast.columns.map((c, i) => ({ ...c, wireType: fast.definitions[i]!.type })),
    columnCountPayload: payloads[0]!,
    columnPayloads: payloads.slice(1),
  };
}

/** What a connection on the native path receives. */
export interface NativeWireClient {
  /** The handover's sequence number, to report back when idle. */
  onWirePackets(bytes: Buffer, sequence: number): void;
}

export class NativeWire {
  private readonly sockets = new Map<number, { socket: NativeSocket; client: NativeWireClient }>();
  private epoch = -1;
  private stopped = false;
  private constructor(private readonly service: SqlService) {}

  /** The native wire path of the service's store, or null where there is none. */
  static create(service: SqlService): NativeWire | null {
    const wire = new NativeWire(service);
    const accelerator = service.wireAccelerator((events) => wire.onEvents(events));
    if (accelerator === undefined) return null;
    wire.accelerator = accelerator;
    wire.syncEpoch();
    return wire;
  }

  accelerator!: WireAccelerator;

  /** Hands a connection's socket (by file descriptor) to the native side. */
  adopt(
    connectionId: number,
    client: NativeWireClient,
    fd: number,
    pending: Buffer,
    status: number,
    deprecateEof: boolean,
  ): NativeSocket {
    const socket = new NativeSocket(this.accelerator, connectionId);
    this.sockets.set(connectionId, { socket, client });
    socket.once('close', () => this.sockets.delete(connectionId));
    this.accelerator.adopt(connectionId, fd, pending, status, deprecateEof);
    return socket;
  }

  /** Makes the native side's plan epoch the SQL layer's (after DDL or privilege changes). */
  syncEpoch(): void {
    const epoch = this.service.planEpoch;
    if (epoch === this.epoch) return;
    this.epoch = epoch;
    this.accelerator.setEpoch(epoch);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.accelerator.stop();
  }

  private onEvents(events: WireEvent[]): void {
    for (const event of events) {
      const entry = this.sockets.get(event.connection);
      if (entry === undefined) continue;
      switch (event.kind) {
        case 'packets':
          entry.client.onWirePackets(event.bytes!, event.sequence!);
          entry.socket.deliver(event.bytes!);
          break;
        case 'drained':
          entry.socket.drained();
          break;
        case 'closed':
          entry.socket.remoteClosed();
          break;
      }
    }
  }
}
