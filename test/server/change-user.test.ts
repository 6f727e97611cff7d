import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { NATIVE_PASSWORD, SHA2_PASSWORD, testAccounts } from './fixture/accounts.js';
import { FixtureSqlService } from './fixture/fixture-service.js';
import type { FixtureSession } from './fixture/fixture-service.js';
import { connect, startServer, waitFor } from './fixture/harness.js';
import type { RunningServer } from './fixture/harness.js';

describe('COM_CHANGE_USER', () => {
  let service: FixtureSqlService;
  let running: RunningServer;

  before(async () => {
    service = new FixtureSqlService(await testAccounts());
    running = await startServer({}, service);
  });

  after(async () => {
    await running.close();
  });

  async function connectionId(client: Awaited<ReturnType<typeof connect>>): Promise<number> {
    const [rows] = (await client.query('SELECT CONNECTION_ID()')) as [RowDataPacket[], unknown];
    return Number(rows[0]!['CONNECTION_ID()']);
  }

  it('replaces the session with one of the new account on the same connection', async () => {
    const client = await connect(running, { user: 'root' });
    const id = await connectionId(client);
    const before = service.sessions.get(id) as FixtureSession;
    await client.changeUser({ user: 'native', password: NATIVE_PASSWORD, database: 'test' });
    const after = service.sessions.get(id) as FixtureSession;
    const [rows] = (await client.query('SELECT DATABASE()')) as [RowDataPacket[], unknown];
    const sameConnection = (await connectionId(client)) === id;
    await client.end();
    assert.equal(sameConnection, true);
    assert.equal(before.closed, true);
    assert.equal(after.info.user, 'native');
    assert.equal(rows[0]!['DATABASE()'], 'test');
  });

  it('switches to the account’s plugin when it differs (caching_sha2_password over RSA)', async () => {
    const client = await connect(running, { user: 'root' });
    await client.changeUser({ user: 'sha2', password: SHA2_PASSWORD });
    const [rows] = (await client.query('SELECT 1')) as [RowDataPacket[], unknown];
    await client.end();
    assert.equal(rows.length, 1);
  });

  it('closes the connection when the new credentials are wrong', async () => {
    const client = await connect(running, { user: 'root' });
    const id = await connectionId(client);
    await assert.rejects(
      client.changeUser({ user: 'native', password: 'wrong' }),
      (error: { errno: number }) => error.errno === 1045,
    );
    await waitFor(() => !running.server.connectionStates().some((state) => state.id === id));
    client.destroy();
  });
});
