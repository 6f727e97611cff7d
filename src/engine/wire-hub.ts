// The native wire path (native/wire/): authenticated client sockets handed to a native thread
// that answers prepared point selects on its own and hands every other packet back to
// JavaScript in order. The server drives it (src/server/native-socket.ts); the SQL layer
// describes which statements qualify.

import { native } from './binding.js';
import type { NativeDatabase, NativeWireEvent, NativeWireHub } from './binding.js';
import { fromNative } from './errors.js';

export type WireEventKind = NativeWireEvent['kind'];

export interface WirePlan {
  epoch: number;
  rowKeyPrefix: Buffer;
  columns: Array<{ id: number; kind: 'int' | 'uint' | 'float' | 'bytes'; wireType: number }>;
  columnCountPayload: Buffer;
  columnPayloads: Buffer[];
}

export class WireHub {
  private readonly hub: NativeWireHub;

  constructor(
    db: NativeDatabase,
    lockCf: number,
    writeCf: number,
    defaultCf: number,
    onEvents: (events: NativeWireEvent[]) => void,
  ) {
    try {
      this.hub = new native.WireHub(db, lockCf, writeCf, defaultCf, onEvents);
    } catch (error) {
      throw fromNative(error);
    }
  }

  /** Takes over a socket's file descriptor (duplicated; the caller closes its own). */
  adopt(connection: number, fd: number, pending: Buffer, status: number, deprecateEof: boolean) {
    try {
      this.hub.adopt(connection, fd, pending, status, deprecateEof);
    } catch (error) {
      throw fromNative(error);
    }
  }

  /** Queues bytes for the client; returns how many are still buffered. */
  send(connection: number, bytes: Buffer): number {
    return this.hub.send(connection, bytes);
  }

  resume(
    connection: number,
    sequence: number,
    status: number,
    fastPathAllowed: boolean,
    leftover: Buffer,
  ): void {
    this.hub.resume(connection, sequence, status, fastPathAllowed, leftover);
  }

  close(connection: number): void {
    this.hub.close(connection);
  }

  pause(connection: number, paused: boolean): void {
    this.hub.pause(connection, paused);
  }

  registerStatement(connection: number, statement: number, plan: WirePlan): void {
    try {
      this.hub.registerStatement(connection, statement, {
        schemaVersion: plan.epoch,
        rowKeyPrefix: plan.rowKeyPrefix,
        columns: plan.columns,
        columnCountPayload: plan.columnCountPayload,
        columnPayloads: plan.columnPayloads,
      });
    } catch (error) {
      throw fromNative(error);
    }
  }

  unregisterStatement(connection: number, statement: number): void {
    this.hub.unregisterStatement(connection, statement);
  }

  setParamType(connection: number, statement: number, type: number): void {
    this.hub.setParamType(connection, statement, type);
  }

  setEpoch(epoch: number): void {
    this.hub.setSchemaVersion(epoch);
  }

  /** Milliseconds since the connection last received a byte (0: unknown). */
  idleMs(connection: number): number {
    return this.hub.idleMs(connection);
  }

  stats() {
    return this.hub.stats();
  }

  stop(): void {
    this.hub.stop();
  }
}
