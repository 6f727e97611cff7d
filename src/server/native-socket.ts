// The socket of a connection whose file descriptor the native wire path owns (see
// native-wire.ts). To the Connection it is an ordinary Duplex: packets the native side hands
// over arrive as 'data', writes go to the native side, and back-pressure comes from the native
// output buffer.

import { Duplex } from 'node:stream';
import type { WireAccelerator } from '../sql/api.js';

/** Native output beyond this makes writes wait for 'drained' (a slow reader). */
const NATIVE_HIGH_WATER_BYTES = 1 << 20;

export class NativeSocket extends Duplex {
  private waitingForDrain: (() => void) | null = null;

  constructor(
    private readonly wire: WireAccelerator,
    readonly connectionId: number,
  ) {
    super({ allowHalfOpen: false });
  }

  /** Bytes the native side read and hands to JavaScript. */
  deliver(bytes: Buffer): void {
    this.push(bytes);
  }

  /** The native side wrote its buffered output below the high-water mark. */
  drained(): void {
    const waiter = this.waitingForDrain;
    this.waitingForDrain = null;
    if (waiter) waiter();
  }

  /** The client went away (the native side closed the socket). */
  remoteClosed(): void {
    this.push(null);
    this.destroy();
  }

  override _read(): void {
    // Data is pushed as the native side hands it over.
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    const buffered = this.wire.send(this.connectionId, chunk);
    if (buffered > NATIVE_HIGH_WATER_BYTES) this.waitingForDrain = callback;
    else callback();
  }

  override _final(callback: () => void): void {
    this.wire.close(this.connectionId);
    callback();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.wire.close(this.connectionId);
    const waiter = this.waitingForDrain;
    this.waitingForDrain = null;
    if (waiter) waiter();
    callback(error);
  }

  override pause(): this {
    this.wire.pause(this.connectionId, true);
    return super.pause();
  }

  override resume(): this {
    this.wire.pause(this.connectionId, false);
    return super.resume();
  }
}
