// The connection phase as a state machine: each state handles one client packet and returns the
// state that expects the next.
//
//   greeting ──► expectClientResponse ──(SSLRequest)──► TLS ──► expectClientResponse
//                     │
//                     ├─ client's plugin ≠ account's ──► AuthSwitchRequest ──► expectAuthSwitchResponse
//                     ▼
//                  verify ── mysql_native_password ──────────────────────────────► complete ─► OK
//                     └──── caching_sha2_password: cached digest matches ─ 0x03 ─► complete
//                                                  otherwise ─ 0x04 ─► expectFullAuthentication
//   expectFullAuthentication: 0x02 (no TLS) ─► public key ─► expectFullAuthentication
//                             password (TLS) or RSA-encrypted password ─► complete
//
// COM_CHANGE_USER enters the same machine at `identify` (with the greeting's scramble) and, once
// authenticated, replaces the session. Every failure is fatal: an ERR packet, then the connection
// closes. Byte layouts: docs/format/protocol.md.

import type { UserAccount } from '../../sql/api.js';
import {
  cachingSha2CacheDigest,
  verifyCachingSha2FastPath,
  verifyCachingSha2Password,
} from '../auth/caching-sha2-password.js';
import { verifyNativePassword } from '../auth/native-password.js';
import { decryptPassword } from '../auth/rsa-keys.js';
import { generateScramble } from '../auth/scramble.js';
import { AuthPlugin, CachingSha2 } from '../constants/auth.js';
import { Capability } from '../constants/capabilities.js';
import { Collation } from '../constants/charsets.js';
import { ER } from '../constants/error-codes.js';
import { SEQUENCE_ID_MODULO } from '../constants/protocol.js';
import { ServerStatus } from '../constants/server-status.js';
import type { Connection } from '../connection.js';
import { encodeAuthMoreData } from '../packets/auth-more-data.js';
import { encodeAuthSwitchRequest } from '../packets/auth-switch-request.js';
import { decodeHandshakeResponse41 } from '../packets/handshake-response41.js';
import type { HandshakeResponse41 } from '../packets/handshake-response41.js';
import { encodeHandshakeV10 } from '../packets/handshake-v10.js';
import { encodeOk } from '../packets/ok.js';
import { isSslRequest } from '../packets/ssl-request.js';
import type { PayloadReader } from '../payload-reader.js';
import { ProtocolError, protocolErrorFrom } from '../protocol-error.js';

/** utf8mb4_general_ci: known to every client library, including MariaDB's, which predates 255. */
const GREETING_COLLATION = Collation.UTF8MB4_GENERAL_CI;
/** Sequence id of the client's first packet, and of its response after an SSLRequest. */
const FIRST_CLIENT_SEQUENCE_ID = 1;

type State = (handshake: Handshake, reader: PayloadReader) => State | Promise<State>;

const SUPPORTED_PLUGINS: ReadonlySet<string> = new Set([
  AuthPlugin.NATIVE_PASSWORD,
  AuthPlugin.CACHING_SHA2_PASSWORD,
]);

/** Clients send nothing, or a single NUL, for an empty password. */
function isEmptyResponse(data: Buffer): boolean {
  return data.length === 0 || (data.length === 1 && data[0] === 0);
}

const expectClientResponse: State = (handshake, reader) => {
  const response = decodeHandshakeResponse41(reader);
  return handshake.identify(response);
};

const expectAuthSwitchResponse: State = (handshake, reader) =>
  handshake.verify(Buffer.from(reader.restBytes()));

const expectFullAuthentication: State = (handshake, reader) =>
  handshake.fullAuthentication(Buffer.from(reader.restBytes()));

const done: State = () => {
  throw new ProtocolError(ER.NET_PACKETS_OUT_OF_ORDER, [], true);
};

export class Handshake {
  private state: State = expectClientResponse;
  private expectedSequenceId = FIRST_CLIENT_SEQUENCE_ID;
  private readonly announcedPlugin: string;
  private response: HandshakeResponse41 | null = null;
  private account: UserAccount | null = null;
  private plugin = '';
  private changingUser = false;

  /** For COM_CHANGE_USER, pass the scramble of the connection's greeting. */
  constructor(
    private readonly conn: Connection,
    readonly scramble: Buffer = generateScramble(),
  ) {
    this.announcedPlugin = conn.context.settings.getString('default_authentication_plugin');
  }

  /**
   * COM_CHANGE_USER: authenticates `response` within the running command; further packets of
   * the exchange (auth switch, full authentication) come back through onPacket.
   */
  async changeUser(response: HandshakeResponse41): Promise<void> {
    this.changingUser = true;
    const state = await this.identify(response);
    this.state = state;
    this.expectedSequenceId = this.conn.writer.sequenceId;
  }

  /** Writes HandshakeV10 (sequence id 0). */
  start(): void {
    const conn = this.conn;
    conn.writer.begin(0);
    encodeHandshakeV10(conn.writer, {
      serverVersion: conn.context.settings.getString('version'),
      connectionId: conn.id,
      scramble: this.scramble,
      capabilities: conn.context.capabilities,
      collation: GREETING_COLLATION,
      statusFlags: ServerStatus.AUTOCOMMIT,
      authPluginName: this.announcedPlugin,
    });
  }

  /** One client packet of the connection phase; false after an SSLRequest (TLS takes over). */
  onPacket(
    buf: Buffer,
    start: number,
    end: number,
    firstSequenceId: number,
    sequenceId: number,
  ): boolean {
    const conn = this.conn;
    conn.writer.begin(sequenceId + 1);
    if (firstSequenceId !== this.expectedSequenceId) {
      conn.fail(new ProtocolError(ER.NET_PACKETS_OUT_OF_ORDER, [], true));
      return true;
    }
    if (this.state === expectClientResponse && isSslRequest(buf, start, end)) {
      if (conn.context.tls === null || conn.secure) {
        conn.fail(new ProtocolError(ER.HANDSHAKE_ERROR, [], true));
        return true;
      }
      this.expectedSequenceId = (sequenceId + 1) % SEQUENCE_ID_MODULO;
      conn.requestTls();
      return false;
    }
    this.step(conn.reader.reset(buf, start, end));
    return true;
  }

  private step(reader: PayloadReader): void {
    const conn = this.conn;
    conn.beginWork();
    let next: State | Promise<State>;
    try {
      next = this.state(this, reader);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (next instanceof Promise) {
      next.then(
        (state) => this.advance(state),
        (error: unknown) => this.fail(error),
      );
    } else {
      this.advance(next);
    }
  }

  private advance(state: State): void {
    this.state = state;
    this.expectedSequenceId = this.conn.writer.sequenceId;
    this.conn.endWork();
  }

  private fail(error: unknown): void {
    const conn = this.conn;
    conn.fail(
      error instanceof ProtocolError && error.fatal ? error : protocolErrorFrom(error, true),
    );
    conn.endWork();
  }

  private denied(usedPassword: boolean): ProtocolError {
    const user = this.response?.user ?? '';
    return new ProtocolError(
      ER.ACCESS_DENIED_ERROR,
      [user, this.conn.host, usedPassword ? 'YES' : 'NO'],
      true,
    );
  }

  /** After HandshakeResponse41: finds the account and starts its plugin. */
  async identify(response: HandshakeResponse41): Promise<State> {
    const conn = this.conn;
    const context = conn.context;
    this.response = response;
    if ((response.capabilities & Capability.PROTOCOL_41) === 0) {
      throw new ProtocolError(ER.NOT_SUPPORTED_AUTH_MODE, [], true);
    }
    conn.capabilities = (response.capabilities & context.capabilities) >>> 0;
    if (context.settings.getBool('require_secure_transport') && !conn.secure) {
      throw new ProtocolError(ER.SECURE_TRANSPORT_REQUIRED, [], true);
    }
    const account = await context.service.findUser(response.user, conn.host);
    if (account === undefined) throw this.denied(!isEmptyResponse(response.authResponse));
    if (!SUPPORTED_PLUGINS.has(account.plugin)) {
      throw new ProtocolError(ER.PLUGIN_IS_NOT_LOADED, [account.plugin], true);
    }
    this.account = account;
    const clientPlugin =
      response.authPluginName !== ''
        ? response.authPluginName
        : response.capabilities & Capability.PLUGIN_AUTH
          ? this.announcedPlugin
          : AuthPlugin.NATIVE_PASSWORD;
    if (clientPlugin !== account.plugin) {
      if ((response.capabilities & Capability.PLUGIN_AUTH) === 0) {
        throw new ProtocolError(ER.NOT_SUPPORTED_AUTH_MODE, [], true);
      }
      this.plugin = account.plugin;
      encodeAuthSwitchRequest(conn.writer, account.plugin, this.scramble);
      return expectAuthSwitchResponse;
    }
    this.plugin = clientPlugin;
    return this.verify(response.authResponse);
  }

  /** Checks the plugin's first answer to the scramble. */
  verify(data: Buffer): State | Promise<State> {
    const account = this.account!;
    const response = isEmptyResponse(data) ? Buffer.alloc(0) : data;
    if (this.plugin === AuthPlugin.NATIVE_PASSWORD) {
      if (!verifyNativePassword(account.authString, this.scramble, response)) {
        throw this.denied(response.length > 0);
      }
      return this.complete();
    }
    if (account.authString === '') {
      if (response.length > 0) throw this.denied(true);
      return this.complete();
    }
    if (response.length === 0) throw this.denied(false);
    const writer = this.conn.writer;
    const cached = this.conn.context.fastAuthCache.get(account);
    if (cached !== undefined && verifyCachingSha2FastPath(cached, this.scramble, response)) {
      encodeAuthMoreData(writer, Buffer.of(CachingSha2.FAST_AUTH_SUCCESS));
      return this.complete();
    }
    encodeAuthMoreData(writer, Buffer.of(CachingSha2.PERFORM_FULL_AUTHENTICATION));
    return expectFullAuthentication;
  }

  /** caching_sha2_password full authentication: a key request, or the password itself. */
  fullAuthentication(data: Buffer): State | Promise<State> {
    const conn = this.conn;
    const keys = conn.context.rsaKeys;
    if (!conn.secure && data.length === 1 && data[0] === CachingSha2.REQUEST_PUBLIC_KEY) {
      encodeAuthMoreData(conn.writer, keys.publicKeyPem);
      return expectFullAuthentication;
    }
    let password: Buffer | null;
    if (conn.secure) {
      const nul = data.indexOf(0);
      password = nul < 0 ? data : data.subarray(0, nul);
    } else {
      password = decryptPassword(keys, data, this.scramble);
    }
    if (password === null) throw this.denied(true);
    return this.checkPassword(password);
  }

  private async checkPassword(password: Buffer): Promise<State> {
    const account = this.account!;
    if (!(await verifyCachingSha2Password(account.authString, password))) throw this.denied(true);
    this.conn.context.fastAuthCache.remember(account, cachingSha2CacheDigest(password));
    return this.complete();
  }

  /** Authenticated: checks the default database, opens the session and sends OK. */
  private async complete(): Promise<State> {
    const conn = this.conn;
    const { service } = conn.context;
    const response = this.response!;
    const account = this.account!;
    const database =
      response.database === null || response.database === '' ? null : response.database;
    if (database !== null && !service.canUseDatabase(account, database)) {
      throw new ProtocolError(ER.DBACCESS_DENIED_ERROR, [response.user, conn.host, database], true);
    }
    if (this.changingUser) await conn.closeSessionForChangeUser();
    const session = service.openSession(
      {
        connectionId: conn.id,
        user: response.user,
        host: conn.host,
        database: null,
        clientCollation: response.collation,
      },
      conn,
    );
    if (database !== null) {
      try {
        await session.useDatabase(database);
      } catch (error) {
        await session.close();
        throw protocolErrorFrom(error, true);
      }
    }
    if (conn.closed) {
      await session.close();
      return done;
    }
    conn.enterCommandPhase(session, account, response.capabilities, response.collation);
    encodeOk(conn.writer, 0, 0, conn.statusFlags(false), 0);
    return done;
  }
}
