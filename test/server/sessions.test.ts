import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { Settings } from '../../src/config/index.js';
import { nativePasswordAuthString } from '../../src/server/auth/native-password.js';
import { Command } from '../../src/server/constants/commands.js';
import { silentLogger } from '../../src/server/logger.js';
import { MysqlServer, ServerStartError } from '../../src/server/server.js';
import { FixtureSqlService } from './fixture/fixture-service.js';
import type { FixtureSession } from './fixture/fixture-service.js';
import { connect, startServer, waitFor } from './fixture/harness.js';
import { errorOf, RawClient } from './fixture/raw-client.js';
import { ResponseReader } from './fixture/responses.js';

interface MysqlError {
  errno?: number;
  code?: string;
  message: string;
}

describe('connection limits', () => {
  it('refuses a connection past max_connections with ER_CON_COUNT_ERROR', async () => {
    const running = await startServer({ max_connections: 2 });
    const first = await connect(running);
    const second = await connect(running);
    await assert.rejects(connect(running), (error: MysqlError) => {
      assert.equal(error.errno, 1040);
      assert.equal(error.message, 'Too many connections');
      return true;
    });
    await first.end();
    await waitFor(() => running.server.connectionStates().length === 1);
    const third = await connect(running);
    await second.end();
    await third.end();
    await running.close();
  });
});

describe('timeouts', () => {
  it('closes a connection idle past wait_timeout with ER_CLIENT_INTERACTION_TIMEOUT', async () => {
    const running = await startServer({ wait_timeout: 1 });
    const client = await RawClient.login(running.port);
    const packet = await client.expectPacket(4000);
    await client.closed;
    await running.close();
    assert.equal(packet.sequenceId, 0);
    assert.equal(errorOf(packet.payload).errno, 4031);
  });

  it('applies interactive_timeout to clients that say CLIENT_INTERACTIVE', async () => {
    const running = await startServer({ wait_timeout: 1, interactive_timeout: 30 });
    const interactive = await connect(running, { flags: ['INTERACTIVE'] });
    const batch = await RawClient.login(running.port);
    await batch.closed;
    const [rows] = (await interactive.query('SELECT 1')) as [RowDataPacket[], unknown];
    await interactive.end();
    await running.close();
    assert.equal(rows.length, 1);
  });

  it('does not count a running statement as idle time', async () => {
    const running = await startServer({ wait_timeout: 1 });
    const client = await connect(running);
    const [rows] = (await client.query('SELECT SLEEP(2.5)')) as [RowDataPacket[], unknown];
    await client.end();
    await running.close();
    assert.equal(rows.length, 1);
  });

  it('closes a connection that stops in the middle of a packet after net_read_timeout', async () => {
    const running = await startServer({ net_read_timeout: 1 });
    const client = await RawClient.login(running.port);
    client.sendRaw(Buffer.from([100, 0, 0, 0, Command.QUERY, 0x53]));
    const packet = await client.expectPacket(4000);
    await client.closed;
    await running.close();
    assert.equal(errorOf(packet.payload).errno, 1159);
  });

  it('closes a connection that never finishes the handshake after connect_timeout', async () => {
    const running = await startServer({ connect_timeout: 2 });
    const client = await RawClient.open(running.port);
    await client.readGreeting();
    const started = Date.now();
    await client.closed;
    await running.close();
    assert.ok(Date.now() - started >= 1500);
  });
});

describe('KILL', () => {
  it('KILL QUERY interrupts the running statement and keeps its connection', async () => {
    const running = await startServer();
    const victim = await connect(running);
    const killer = await connect(running);
    const [idRows] = (await victim.query('SELECT CONNECTION_ID()')) as [RowDataPacket[], unknown];
    const id = Number(idRows[0]!['CONNECTION_ID()']);
    const sleeping = victim.query('SELECT SLEEP(30)').then(
      () => null,
      (error: MysqlError) => error,
    );
    await waitFor(() =>
      running.server
        .connectionStates()
        .some((state) => state.id === Number(id) && state.command === Command.QUERY),
    );
    await killer.query(`KILL QUERY ${id}`);
    assert.equal((await sleeping)?.errno, 1317);
    const [rows] = (await victim.query('SELECT 1')) as [RowDataPacket[], unknown];
    await victim.end();
    await killer.end();
    await running.close();
    assert.equal(rows.length, 1);
  });

  it('KILL CONNECTION closes the connection and releases its session', async () => {
    const service = new FixtureSqlService();
    const running = await startServer({}, service);
    const victim = await RawClient.login(running.port);
    const killer = await connect(running);
    const victimId = victim.greeting!.connectionId;
    const session = service.sessions.get(victimId) as FixtureSession;
    await killer.query(`KILL CONNECTION ${victimId}`);
    await victim.closed;
    await waitFor(() => session.closed);
    await killer.end();
    await running.close();
  });
});

describe('graceful shutdown', () => {
  it('tells idle clients ER_SERVER_SHUTDOWN, lets running statements finish, then closes the service', async () => {
    const service = new FixtureSqlService();
    const running = await startServer({ shutdown_timeout: 10 }, service);
    const idle = await RawClient.login(running.port);
    const busy = await connect(running);
    const statement = busy.query('SELECT SLEEP(1)');
    await waitFor(() =>
      running.server.connectionStates().some((state) => state.command === Command.QUERY),
    );
    const closing = running.close();
    const notice = await idle.expectPacket();
    const [rows] = (await statement) as [RowDataPacket[], unknown];
    await closing;
    assert.equal(errorOf(notice.payload).errno, 1053);
    assert.equal(rows.length, 1);
    assert.equal(service.closed, true);
    assert.equal(service.sessions.size, 0);
    busy.destroy();
  });

  it('cancels statements still running after shutdown_timeout', async () => {
    const service = new FixtureSqlService();
    const running = await startServer({ shutdown_timeout: 1 }, service);
    const busy = await connect(running);
    const statement = busy.query('SELECT SLEEP(60)').then(
      () => null,
      (error: MysqlError) => error,
    );
    await waitFor(() =>
      running.server.connectionStates().some((state) => state.command === Command.QUERY),
    );
    const started = Date.now();
    await running.close();
    assert.equal((await statement)?.errno, 1317);
    assert.ok(Date.now() - started < 10_000);
    assert.equal(service.closed, true);
    busy.destroy();
  });

  it('stops accepting connections', async () => {
    const running = await startServer();
    await running.close();
    await assert.rejects(connect(running), (error: MysqlError) => error.code === 'ECONNREFUSED');
  });
});

describe('back-pressure', () => {
  it('stops producing rows while the client does not read, and delivers them all when it does', async () => {
    const running = await startServer();
    const client = await RawClient.login(running.port);
    const rowCount = 200_000;
    client.command(Command.QUERY, Buffer.from(`SELECT seq FROM numbers LIMIT ${rowCount}`));
    (client.socket as Socket).pause();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [state] = running.server.connectionStates();
    const sentWhilePaused = state!.bytesSent;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [later] = running.server.connectionStates();
    assert.equal(
      later!.bytesSent,
      sentWhilePaused,
      'no output is produced while the client is not reading',
    );
    assert.ok(
      later!.bufferedOutputBytes < 1024 * 1024,
      `buffered ${later!.bufferedOutputBytes} bytes`,
    );
    assert.ok(
      sentWhilePaused < 24 * 1024 * 1024,
      'the result (over 20 MB) was not produced in full',
    );
    (client.socket as Socket).resume();
    const result = await new ResponseReader(client).resultSet(await client.expectPacket(), false);
    client.close();
    await running.close();
    assert.equal(result.rows.length, rowCount);
  });
});

describe('clients that leave', () => {
  it('lets the running statement finish, then releases the session', async () => {
    const service = new FixtureSqlService();
    const running = await startServer({}, service);
    const client = await RawClient.login(running.port);
    const session = service.sessions.get(client.greeting!.connectionId) as FixtureSession;
    client.command(Command.QUERY, Buffer.from('SELECT SLEEP(0.5)'));
    await waitFor(() =>
      running.server.connectionStates().some((state) => state.command === Command.QUERY),
    );
    client.close();
    await waitFor(() => running.server.connectionStates().length === 0);
    assert.equal(session.closed, false);
    await waitFor(() => session.closed);
    await running.close();
    assert.equal(service.sleepsCompleted, 1);
  });
});

describe('isolation of connections', () => {
  it('keeps serving other clients while one sends garbage', async () => {
    const running = await startServer();
    const good = await connect(running);
    const bad = await RawClient.open(running.port);
    await bad.readGreeting();
    bad.sendRaw(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    await bad.closed;
    const [rows] = (await good.query('SELECT 1')) as [RowDataPacket[], unknown];
    await good.end();
    await running.close();
    assert.equal(rows.length, 1);
  });
});

describe('startup checks', () => {
  async function listenOn(
    bindAddress: string,
    service: FixtureSqlService,
    extra: Record<string, unknown> = {},
  ) {
    const settings = new Settings();
    settings.setInitial('port', 0);
    settings.setInitial('bind_address', bindAddress);
    for (const [name, value] of Object.entries(extra)) settings.setInitial(name, value);
    const server = new MysqlServer(service, settings, { logger: silentLogger });
    try {
      await server.listen();
    } finally {
      await server.close();
    }
  }

  it('refuses a non-loopback bind address while root@localhost has no password', async () => {
    await assert.rejects(listenOn('0.0.0.0', new FixtureSqlService()), (error: Error) => {
      assert.ok(error instanceof ServerStartError);
      assert.match(error.message, /root@localhost has an empty password/);
      return true;
    });
  });

  it('accepts a non-loopback bind address once root has a password', async () => {
    const service = new FixtureSqlService([
      {
        user: 'root',
        host: 'localhost',
        plugin: 'mysql_native_password',
        authString: nativePasswordAuthString('pw'),
      },
    ]);
    await listenOn('0.0.0.0', service);
  });

  it('names a port in use', async () => {
    const running = await startServer();
    await assert.rejects(
      listenOn('127.0.0.1', new FixtureSqlService(), { port: running.port }),
      /port already in use/,
    );
    await running.close();
  });

  it('names a missing half of the TLS configuration', async () => {
    await assert.rejects(
      listenOn('127.0.0.1', new FixtureSqlService(), { ssl_cert: '/nonexistent.pem' }),
      /ssl_cert and ssl_key/,
    );
  });
});

describe('require_secure_transport', () => {
  it('refuses a connection that did not start TLS', async () => {
    const running = await startServer({ require_secure_transport: true });
    await assert.rejects(connect(running), (error: MysqlError) => error.errno === 3159);
    await running.close();
  });
});

describe('status variables', () => {
  it('counts connections, statements and bytes', async () => {
    const running = await startServer();
    const client = await connect(running);
    await client.query('SELECT 1');
    await client.execute('SELECT c FROM sbtest1 WHERE id=?', [1]);
    const status = new Map(running.server.statusVariables());
    await client.end();
    await running.close();
    assert.equal(status.get('Connections'), 1);
    assert.equal(status.get('Threads_connected'), 1);
    assert.equal(status.get('Questions'), 2);
    assert.equal(status.get('Com_stmt_prepare'), 1);
    assert.equal(status.get('Com_stmt_execute'), 1);
    assert.ok(status.get('Bytes_received')! > 0);
    assert.ok(status.get('Bytes_sent')! > 0);
  });
});
