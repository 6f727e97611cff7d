// One client connection: owns the socket, the packet parser and the response writer, runs the
// handshake and then one command at a time. Commands that arrive while one is running (pipelined
// clients) wait in a short queue; reading pauses when it grows. Timeouts are checked by the
// server's sweep (checkTimeouts), not by per-connection timers.
//
// A connection fails alone: anything thrown while serving it becomes an ERR packet to that
// client or the close of that socket, never an exception that reaches the server.

import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import type { ConnectionControl, Session, UserAccount } from '../sql/api.js';
import { dispatchCommand } from './commands/dispatch.js';
import { Handshake } from './commands/handshake.js';
import { Capability } from './constants/capabilities.js';
import { ER } from './constants/error-codes.js';
import type { ErrorSpec } from './constants/error-codes.js';
import { ServerStatus } from './constants/server-status.js';
import { PacketParser } from './packet-parser.js';
import type { PacketSink } from './packet-parser.js';
import { PacketWriter } from './packet-writer.js';
import { decodeChangeUser } from './packets/change-user.js';
import { encodeErr } from './packets/err.js';
import { PayloadReader } from './payload-reader.js';
import { PreparedStatements } from './prepared-statements.js';
import { errorFields, isMysqlError, ProtocolError } from './protocol-error.js';
import { encodeNativePlan } from './native-wire.js';
import type { NativeWireClient } from './native-wire.js';
import type { ServerContext } from './server-context.js';
import type { StatementOwner } from './statement-stats.js';
import { prependToStream } from './tls-transport.js';

/** How long an ERR packet sent before closing gets to reach the client before the socket is destroyed. */
const CLOSE_LINGER_MS = 1000;
/** Pipelined packets held while a command runs before the socket stops being read. */
const MAX_QUEUED_PACKETS = 16;
const MS_PER_SECOND = 1000;
/**
 * Largest packet accepted before authentication completes. A HandshakeResponse41 with
 * connection attributes is a few KB and an RSA-encrypted password 512 bytes at most (4096-bit
 * keys), so 64 KiB leaves room while keeping unauthenticated clients from making the server
 * buffer max_allowed_packet bytes.
 */
const HANDSHAKE_MAX_PAYLOAD_BYTES = 64 * 1024;

export const ConnectionPhase = {
  HANDSHAKE: 'handshake',
  COMMAND: 'command',
  CLOSED: 'closed',
} as const;
export type ConnectionPhaseName = (typeof ConnectionPhase)[keyof typeof ConnectionPhase];

/** What a connection reports to the server that owns it. */
export interface ConnectionOwner {
  onConnectionClosed(connection: Connection): void;
  /** A session being released (rolled back and closed); shutdown waits for these. */
  trackSessionRelease(release: Promise<void>): void;
}

interface QueuedPacket {
  buf: Buffer;
  start: number;
  end: number;
  firstSequenceId: number;
  sequenceId: number;
}

export class Connection implements ConnectionControl, PacketSink, NativeWireClient, StatementOwner {
  readonly reader = new PayloadReader();
  readonly writer = new PacketWriter();
  readonly statements = new PreparedStatements();
  readonly parser: PacketParser;
  readonly connectedAtMs: number;
  socket: Duplex;
  phase: ConnectionPhaseName = ConnectionPhase.HANDSHAKE;
  /** Capabilities both sides support (set by the handshake). */
  capabilities = 0;
  deprecateEof = false;
  multiStatements = false;
  interactive = false;
  secure = false;
  session: Session | null = null;
  account: UserAccount | null = null;
  user = '';
  /** Command byte of the running command, or -1 when idle. */
  command = -1;
  busy = false;
  closed = false;
  bytesSent = 0;
  bytesReceived = 0;
  commandStartedMs = 0;
  /** The statement being timed (statement-stats.ts): its type (-1: none), start and text. */
  statementType = -1;
  statementStartedMs = 0;
  statementSql = '';
  private idleSinceMs: number;
  private lastReadMs: number;
  private writeBlockedSinceMs = 0;
  private idleTimeoutMs = 0;
  private readonly netReadTimeoutMs: number;
  private readonly netWriteTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly maxAllowedPacketBytes: number;
  private handshake: Handshake | null;
  private queue: QueuedPacket[] = [];
  private drainWaiter: (() => void) | null = null;
  /** Set by shutdown: the ERR to send once the running command finishes, then close. */
  private closeAfterCommand: ErrorSpec | null = null;
  private sessionReleased = false;
  private tlsRequested = false;
  private cleanClose = false;
  /** The greeting's nonce; COM_CHANGE_USER answers it again. */
  private scramble: Buffer = Buffer.alloc(0);
  /** What the client announced in its handshake response (CLIENT_INTERACTIVE lives here). */
  private clientCapabilities = 0;
  /** The client's collation id (from the handshake, or the last COM_CHANGE_USER). */
  private collation = 0;
  /** Whether the native wire path owns the socket (see native-wire.ts). */
  private onNativeWire = false;
  /** The latest handover of packets from the native wire path. */
  private wireSequence = 0;
  /** Prepared statements described to the native wire path, by id → the plan epoch then. */
  private readonly nativeEpochs = new Map<number, number>();
  /** Those the native side answers. */
  private readonly nativeRegistered = new Set<number>();

  constructor(
    readonly id: number,
    socket: Socket,
    readonly host: string,
    readonly context: ServerContext,
    private readonly owner: ConnectionOwner,
  ) {
    const settings = context.settings;
    this.socket = socket;
    this.connectedAtMs = context.clock.nowMs;
    this.idleSinceMs = this.connectedAtMs;
    this.lastReadMs = this.connectedAtMs;
    this.netReadTimeoutMs = settings.getNumber('net_read_timeout') * MS_PER_SECOND;
    this.netWriteTimeoutMs = settings.getNumber('net_write_timeout') * MS_PER_SECOND;
    this.connectTimeoutMs = settings.getNumber('connect_timeout') * MS_PER_SECOND;
    this.maxAllowedPacketBytes = settings.getNumber('max_allowed_packet');
    this.parser = new PacketParser(
      this,
      Math.min(HANDSHAKE_MAX_PAYLOAD_BYTES, this.maxAllowedPacketBytes),
    );
    this.handshake = new Handshake(this);
    this.attach(socket);
  }

  /** Sends the greeting. */
  start(): void {
    this.scramble = this.handshake!.scramble;
    this.handshake!.start();
    this.flush();
  }

  // ---- socket plumbing ----------------------------------------------------------------------

  private readonly onData = (chunk: Buffer): void => {
    this.bytesReceived += chunk.length;
    this.context.counters.bytesReceived += chunk.length;
    this.lastReadMs = this.context.clock.nowMs;
    this.parser.push(chunk);
    if (this.tlsRequested) this.startTls();
  };

  private readonly onDrain = (): void => {
    this.writeBlockedSinceMs = 0;
    const waiter = this.drainWaiter;
    this.drainWaiter = null;
    if (waiter) waiter();
  };

  private readonly onEnd = (): void => {
    this.terminate();
  };

  private readonly onSocketClose = (): void => {
    this.terminate();
  };

  private readonly onSocketError = (error: Error): void => {
    if (!this.closed)
      this.context.logger.warn('connection error', { id: this.id, error: error.message });
  };

  private attach(socket: Duplex): void {
    this.socket = socket;
    socket.on('data', this.onData);
    socket.on('drain', this.onDrain);
    socket.on('end', this.onEnd);
    socket.on('close', this.onSocketClose);
    socket.on('error', this.onSocketError);
  }

  private detach(socket: Duplex): void {
    socket.removeListener('data', this.onData);
    socket.removeListener('drain', this.onDrain);
    socket.removeListener('end', this.onEnd);
    socket.removeListener('close', this.onSocketClose);
  }

  /**
   * After an SSLRequest: the parser stops behind it, and once it has returned the connection
   * continues inside TLS (startTls).
   */
  requestTls(): void {
    this.tlsRequested = true;
  }

  private startTls(): void {
    this.tlsRequested = false;
    const raw = this.socket;
    this.detach(raw);
    const leftover = this.parser.takeRemaining();
    const transport = leftover === null ? raw : prependToStream(raw, leftover);
    const secure = new TLSSocket(transport as Socket, {
      isServer: true,
      secureContext: this.context.tls!,
      requestCert: this.context.tlsRequestsClientCertificate,
      rejectUnauthorized: false,
    });
    this.secure = true;
    this.context.counters.sslAccepts++;
    this.attach(secure);
    this.parser.resume();
  }

  /** Writes what the writer holds; false when the socket asks to wait for 'drain'. */
  flush(): boolean {
    if (this.writer.length === 0) return true;
    const out = this.writer.take();
    if (this.closed) return true;
    this.bytesSent += out.length;
    this.context.counters.bytesSent += out.length;
    const accepted = this.socket.write(out);
    if (this.socket.writableLength > 0) this.writer.detach();
    return accepted;
  }

  /** Resolves when the socket drains (or the connection closes). */
  drained(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.writeBlockedSinceMs = this.context.clock.nowMs;
    return new Promise((resolve) => {
      this.drainWaiter = resolve;
    });
  }

  // ---- packets ------------------------------------------------------------------------------

  onPacket(
    buf: Buffer,
    start: number,
    end: number,
    firstSequenceId: number,
    sequenceId: number,
  ): boolean {
    if (this.closed) return true;
    if (this.busy || this.queue.length > 0) {
      this.queue.push({ buf, start, end, firstSequenceId, sequenceId });
      if (this.queue.length >= MAX_QUEUED_PACKETS) this.socket.pause();
      return true;
    }
    return this.process(buf, start, end, firstSequenceId, sequenceId);
  }

  onFramingError(spec: ErrorSpec): void {
    this.writer.begin(0);
    this.fail(new ProtocolError(spec, [], true));
  }

  private process(
    buf: Buffer,
    start: number,
    end: number,
    firstSequenceId: number,
    sequenceId: number,
  ): boolean {
    if (this.handshake !== null) {
      return this.handshake.onPacket(buf, start, end, firstSequenceId, sequenceId);
    }
    if (firstSequenceId !== 0) {
      this.writer.begin(sequenceId + 1);
      this.fail(new ProtocolError(ER.NET_PACKETS_OUT_OF_ORDER, [], true));
      return true;
    }
    this.runCommand(buf, start, end, sequenceId);
    return true;
  }

  private runCommand(buf: Buffer, start: number, end: number, sequenceId: number): void {
    this.reader.reset(buf, start, end);
    this.writer.begin(sequenceId + 1);
    this.command = end > start ? buf[start]! : -1;
    this.beginWork();
    let pending: Promise<void> | void;
    try {
      pending = dispatchCommand(this, this.reader, this.command);
    } catch (error) {
      this.failCommand(error);
      this.endWork();
      return;
    }
    if (pending === undefined) this.endWork();
    else pending.then(this.onCommandDone, this.onCommandFailed);
  }

  private readonly onCommandDone = (): void => {
    this.endWork();
  };

  private readonly onCommandFailed = (error: unknown): void => {
    this.failCommand(error);
    this.endWork();
  };

  /** Marks the connection busy (a command, or an asynchronous handshake step). */
  beginWork(): void {
    this.busy = true;
    this.commandStartedMs = this.context.clock.nowMs;
    this.context.busyConnections++;
  }

  /** Ends the running step: flushes its response, then serves queued packets. */
  endWork(): void {
    this.busy = false;
    this.command = -1;
    this.context.busyConnections--;
    this.idleSinceMs = this.context.clock.nowMs;
    if (this.closed) {
      this.releaseSession();
      return;
    }
    this.flush();
    if (this.closeAfterCommand !== null) {
      this.closeWithError(this.closeAfterCommand);
      return;
    }
    this.drainQueue();
  }

  private drainQueue(): void {
    while (!this.busy && !this.closed && this.queue.length > 0) {
      const next = this.queue.shift()!;
      if (this.queue.length === 0) this.socket.resume();
      if (!this.process(next.buf, next.start, next.end, next.firstSequenceId, next.sequenceId)) {
        // Only a connection's first packet may start TLS; a queued one cannot.
        this.writer.begin(0);
        this.fail(new ProtocolError(ER.HANDSHAKE_ERROR, [], true));
      }
    }
    if (!this.busy && !this.closed && this.queue.length === 0) this.becomeIdle();
  }

  // ---- the native wire path -------------------------------------------------------------------

  /** NativeWireClient: packets of handover `sequence` are about to arrive as data. */
  onWirePackets(_bytes: Buffer, sequence: number): void {
    this.wireSequence = sequence;
  }

  /**
   * Nothing left to do: a connection on the native wire path tells it so (it may answer the
   * next packets itself); an authenticated plain-TCP connection moves onto it.
   */
  private becomeIdle(): void {
    const wire = this.context.wire;
    if (wire === null || this.phase !== ConnectionPhase.COMMAND) return;
    wire.syncEpoch();
    if (this.onNativeWire) {
      wire.accelerator.resume(
        this.id,
        this.wireSequence,
        this.statusFlags(false),
        true,
        this.parser.drainRaw(),
      );
      return;
    }
    if (this.secure) return;
    const socket = this.socket as Socket;
    const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
    // A response still queued in Node's socket would be lost with it: try after the next command.
    if (typeof fd !== 'number' || fd < 0 || socket.writableLength > 0) return;
    socket.pause();
    this.detach(socket);
    socket.removeListener('error', this.onSocketError);
    const unread: Buffer[] = [this.parser.drainRaw()];
    for (let chunk = socket.read() as Buffer | null; chunk !== null; chunk = socket.read()) {
      unread.push(chunk);
    }
    const native = wire.adopt(
      this.id,
      this,
      fd,
      Buffer.concat(unread),
      this.statusFlags(false),
      this.deprecateEof,
    );
    // The native side holds its own descriptor now; this one closes with Node's socket.
    socket.on('error', () => undefined);
    socket.destroy();
    this.onNativeWire = true;
    this.attach(native);
    for (const id of this.statements.ids()) this.registerNativeStatement(id);
  }

  /**
   * Describes a prepared statement to the native wire path: registered when the SQL layer lets
   * the native side answer it, unregistered otherwise. Remembers the plan epoch it looked at.
   */
  registerNativeStatement(statementId: number): void {
    const wire = this.context.wire;
    if (wire === null || !this.onNativeWire || this.session === null) return;
    const fast = this.session.fastPointSelect(statementId);
    this.nativeEpochs.set(statementId, this.context.service.planEpoch);
    if (fast !== undefined) {
      wire.accelerator.registerStatement(this.id, statementId, encodeNativePlan(fast));
      this.nativeRegistered.add(statementId);
    } else if (this.nativeRegistered.delete(statementId)) {
      wire.accelerator.unregisterStatement(this.id, statementId);
    }
  }

  /**
   * After a statement ran here: describe it again when the plan epoch moved since it was last
   * described, and share the parameter types it was bound with.
   */
  refreshNativeStatement(statementId: number, paramTypes: ArrayLike<number> | null): void {
    const wire = this.context.wire;
    if (wire === null || !this.onNativeWire) return;
    if (this.nativeEpochs.get(statementId) !== this.context.service.planEpoch) {
      this.registerNativeStatement(statementId);
    }
    if (paramTypes !== null && paramTypes.length === 1 && this.nativeRegistered.has(statementId)) {
      wire.accelerator.setParamType(this.id, statementId, paramTypes[0]!);
    }
  }

  unregisterNativeStatement(statementId: number): void {
    this.nativeEpochs.delete(statementId);
    const wire = this.context.wire;
    if (wire === null || !this.nativeRegistered.delete(statementId)) return;
    wire.accelerator.unregisterStatement(this.id, statementId);
  }

  unregisterNativeStatements(): void {
    for (const id of [...this.nativeEpochs.keys()]) this.unregisterNativeStatement(id);
  }

  /** The ERR packet for an error thrown by a command; fatal errors also close the connection. */
  failCommand(error: unknown): void {
    this.context.statementStats.finish(this, null);
    if (this.closed) return;
    this.writer.discardOpenPacket();
    if (error instanceof ProtocolError && error.fatal) {
      this.fail(error);
      return;
    }
    if (!isMysqlError(error)) {
      this.context.logger.error('command failed', {
        id: this.id,
        command: this.command,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    this.writeError(error);
  }

  writeError(error: unknown): void {
    const { errno, sqlState, message } = errorFields(error);
    encodeErr(
      this.writer,
      errno,
      this.capabilities & Capability.PROTOCOL_41 ? sqlState : null,
      message,
    );
  }

  /** Sends the error (at the writer's current sequence id) and closes the connection. */
  fail(error: ProtocolError): void {
    if (this.closed) return;
    this.writer.discardOpenPacket();
    this.writeError(error);
    this.flush();
    this.closeSocket();
  }

  /** Status flags for OK and EOF packets from the session's state. */
  statusFlags(moreResults: boolean): number {
    let flags = 0;
    const session = this.session;
    if (session !== null) {
      const status = session.status;
      if (status.autocommit) flags |= ServerStatus.AUTOCOMMIT;
      if (status.inTransaction) flags |= ServerStatus.IN_TRANS;
      if (status.noIndexUsed) flags |= ServerStatus.QUERY_NO_INDEX_USED;
    } else {
      flags |= ServerStatus.AUTOCOMMIT;
    }
    if (moreResults) flags |= ServerStatus.MORE_RESULTS_EXISTS;
    return flags;
  }

  // ---- after authentication -----------------------------------------------------------------

  /** Called by the handshake once the client is authenticated and its session is open. */
  enterCommandPhase(
    session: Session,
    account: UserAccount,
    clientCapabilities: number,
    collation: number,
  ): void {
    this.session = session;
    this.sessionReleased = false;
    this.account = account;
    this.user = account.user;
    this.phase = ConnectionPhase.COMMAND;
    this.handshake = null;
    this.clientCapabilities = clientCapabilities;
    this.collation = collation;
    this.parser.maxPayloadBytes = this.maxAllowedPacketBytes;
    this.deprecateEof = (this.capabilities & Capability.DEPRECATE_EOF) !== 0;
    this.multiStatements = (this.capabilities & Capability.MULTI_STATEMENTS) !== 0;
    this.interactive = (clientCapabilities & Capability.INTERACTIVE) !== 0;
    const timeoutSetting = this.interactive ? 'interactive_timeout' : 'wait_timeout';
    this.idleTimeoutMs = this.context.settings.getNumber(timeoutSetting) * MS_PER_SECOND;
  }

  /** COM_CHANGE_USER: authenticates again; the handshake replaces the session on success. */
  changeUser(reader: PayloadReader): Promise<void> {
    const response = decodeChangeUser(
      reader,
      this.clientCapabilities & this.context.capabilities,
      this.collation,
    );
    const handshake = new Handshake(this, this.scramble);
    this.handshake = handshake;
    return handshake.changeUser(response);
  }

  /** COM_CHANGE_USER succeeded: the old session is rolled back and closed before the new one opens. */
  async closeSessionForChangeUser(): Promise<void> {
    const previous = this.session;
    this.session = null;
    this.unregisterNativeStatements();
    this.statements.clear();
    if (previous !== null) await previous.close();
  }

  // ---- closing ------------------------------------------------------------------------------

  /** COM_QUIT: the client is leaving cleanly. */
  quit(): void {
    this.cleanClose = true;
    this.closeSocket();
  }

  /** ConnectionControl: KILL CONNECTION from another session. */
  kill(): void {
    if (this.closed) return;
    this.session?.cancel();
    this.terminate();
  }

  /** Cancels the running statement (shutdown after its grace period). */
  cancelStatement(): void {
    if (this.busy) this.session?.cancel();
  }

  /** Graceful shutdown: idle connections get ER_SERVER_SHUTDOWN now, busy ones after their command. */
  shutdown(): void {
    if (this.closed) return;
    if (this.phase === ConnectionPhase.HANDSHAKE) {
      this.terminate();
    } else if (this.busy) {
      this.closeAfterCommand = ER.SERVER_SHUTDOWN;
    } else {
      this.closeWithError(ER.SERVER_SHUTDOWN);
    }
  }

  /** Sends an unsolicited ERR (sequence id 0, as mysqld does) and closes. */
  private closeWithError(spec: ErrorSpec): void {
    this.cleanClose = spec === ER.SERVER_SHUTDOWN;
    this.writer.begin(0);
    this.fail(new ProtocolError(spec, [], true));
  }

  /** Ends the socket after what was written reaches the client, or destroys it after a linger. */
  private closeSocket(): void {
    if (this.closed) return;
    const socket = this.socket;
    socket.end();
    const linger = setTimeout(() => socket.destroy(), CLOSE_LINGER_MS);
    linger.unref();
    this.terminate();
  }

  /** Marks the connection closed; the session is released now, or when the running command ends. */
  private terminate(): void {
    if (this.closed) return;
    this.closed = true;
    this.phase = ConnectionPhase.CLOSED;
    if (!this.socket.writableEnded) this.socket.destroy();
    const counters = this.context.counters;
    if (this.session === null) counters.abortedConnects += this.cleanClose ? 0 : 1;
    else if (!this.cleanClose) counters.abortedClients++;
    this.queue = [];
    this.onDrain();
    this.owner.onConnectionClosed(this);
    // A statement still running finishes (a COMMIT sent just before the client left must
    // complete, as in mysqld); its session is released when it ends. KILL and shutdown cancel.
    if (!this.busy) this.releaseSession();
  }

  private releaseSession(): void {
    if (this.sessionReleased || this.session === null) return;
    this.sessionReleased = true;
    this.unregisterNativeStatements();
    this.statements.clear();
    const release = this.session.close().catch((error: unknown) => {
      this.context.logger.error('session close failed', {
        id: this.id,
        error: error instanceof Error ? error.message : String(error),
      });
    });
    this.owner.trackSessionRelease(release);
  }

  // ---- timeouts -----------------------------------------------------------------------------

  /** Called by the server's sweep with the current time. */
  checkTimeouts(nowMs: number): void {
    if (this.closed) return;
    if (this.phase === ConnectionPhase.HANDSHAKE) {
      if (nowMs - this.connectedAtMs > this.connectTimeoutMs) this.terminate();
      return;
    }
    if (this.writeBlockedSinceMs > 0 && nowMs - this.writeBlockedSinceMs > this.netWriteTimeoutMs) {
      this.terminate();
      return;
    }
    if (this.busy) return;
    if (this.parser.pendingBytes > 0 && nowMs - this.lastReadMs > this.netReadTimeoutMs) {
      this.writer.begin(0);
      this.fail(new ProtocolError(ER.NET_READ_INTERRUPTED, [], true));
      return;
    }
    if (this.queue.length === 0 && this.parser.pendingBytes === 0) {
      let idleMs = nowMs - this.idleSinceMs;
      // The native wire path answers some statements without this connection seeing them.
      if (idleMs > this.idleTimeoutMs && this.onNativeWire && this.context.wire !== null) {
        idleMs = Math.min(idleMs, this.context.wire.accelerator.idleMs(this.id));
      }
      if (idleMs > this.idleTimeoutMs) this.closeWithError(ER.CLIENT_INTERACTION_TIMEOUT);
    }
  }

  /** Seconds since the running command started, or since the last one ended. */
  secondsInState(nowMs: number): number {
    return Math.floor(
      (nowMs - (this.busy ? this.commandStartedMs : this.idleSinceMs)) / MS_PER_SECOND,
    );
  }

  get bufferedOutputBytes(): number {
    return this.closed ? 0 : this.socket.writableLength + this.writer.length;
  }
}
