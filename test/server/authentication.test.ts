import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { cachingSha2Response } from '../../src/server/auth/caching-sha2-password.js';
import { xorRotating } from '../../src/server/auth/scramble.js';
import { constants, publicEncrypt } from 'node:crypto';
import { NATIVE_PASSWORD, SHA2_PASSWORD, testAccounts } from './fixture/accounts.js';
import { makeCertificates } from './fixture/certificates.js';
import type { TestCertificates } from './fixture/certificates.js';
import { FixtureSqlService } from './fixture/fixture-service.js';
import { connect, startServer } from './fixture/harness.js';
import type { RunningServer } from './fixture/harness.js';

interface MysqlError {
  errno: number;
  sqlState: string;
  message: string;
}

/** A caching_sha2_password client plugin that records what the server asked of it. */
function recordingSha2Plugin(password: string, steps: string[], serverPublicKey?: Buffer) {
  return () => {
    let scramble = Buffer.alloc(0);
    let publicKey: Buffer | undefined = serverPublicKey;
    const encrypted = () =>
      publicEncrypt(
        { key: publicKey!, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        xorRotating(Buffer.from(`${password}\0`), scramble),
      );
    return (data: Buffer): Buffer | null => {
      if (scramble.length === 0) {
        scramble = Buffer.from(data.subarray(0, 20));
        steps.push('scramble');
        return cachingSha2Response(password, scramble);
      }
      if (data.length === 1 && data[0] === 3) {
        steps.push('fast-auth-success');
        return null;
      }
      if (data.length === 1 && data[0] === 4) {
        steps.push('perform-full-authentication');
        if (publicKey) return encrypted();
        steps.push('request-public-key');
        return Buffer.from([2]);
      }
      steps.push('public-key');
      publicKey = data;
      return encrypted();
    };
  };
}

async function selectOne(
  running: RunningServer,
  options: Parameters<typeof connect>[1],
): Promise<number> {
  const client = await connect(running, options);
  try {
    const [rows] = (await client.query('SELECT 1')) as [RowDataPacket[], unknown];
    return Number(rows[0]!['1']);
  } finally {
    await client.end();
  }
}

describe('authentication', () => {
  let certificates: TestCertificates;
  let sha2Server: RunningServer;
  let nativeServer: RunningServer;

  before(async () => {
    certificates = makeCertificates();
    const tls = { ssl_cert: certificates.certPath, ssl_key: certificates.keyPath };
    sha2Server = await startServer(tls, new FixtureSqlService(await testAccounts()));
    nativeServer = await startServer(
      { ...tls, default_authentication_plugin: 'mysql_native_password' },
      new FixtureSqlService(await testAccounts()),
    );
  });

  after(async () => {
    certificates.remove();
    await sha2Server.close();
    await nativeServer.close();
  });

  it('accepts root@localhost with an empty password from a loopback client', async () => {
    assert.equal(await selectOne(sha2Server, { user: 'root' }), 1);
  });

  it('accepts a mysql_native_password account with its password', async () => {
    assert.equal(await selectOne(nativeServer, { user: 'native', password: NATIVE_PASSWORD }), 1);
  });

  it('refuses a wrong mysql_native_password with ER_ACCESS_DENIED_ERROR', async () => {
    await assert.rejects(
      connect(nativeServer, { user: 'native', password: 'wrong' }),
      (error: MysqlError) => {
        assert.equal(error.errno, 1045);
        assert.equal(error.sqlState, '28000');
        assert.equal(
          error.message,
          "Access denied for user 'native'@'localhost' (using password: YES)",
        );
        return true;
      },
    );
  });

  it('refuses an unknown user', async () => {
    await assert.rejects(connect(nativeServer, { user: 'nobody' }), (error: MysqlError) => {
      assert.equal(
        error.message,
        "Access denied for user 'nobody'@'localhost' (using password: NO)",
      );
      return true;
    });
  });

  it('switches to mysql_native_password for a native account when the greeting named caching_sha2_password', async () => {
    assert.equal(await selectOne(sha2Server, { user: 'native', password: NATIVE_PASSWORD }), 1);
  });

  it('switches to caching_sha2_password for a sha2 account when the greeting named mysql_native_password', async () => {
    assert.equal(await selectOne(nativeServer, { user: 'sha2', password: SHA2_PASSWORD }), 1);
  });

  it('runs caching_sha2_password full authentication over RSA, then the fast path', async () => {
    const first: string[] = [];
    const second: string[] = [];
    const plugin = (steps: string[]) => ({
      caching_sha2_password: recordingSha2Plugin(SHA2_PASSWORD, steps),
    });
    const service = new FixtureSqlService(await testAccounts());
    const running = await startServer({}, service);
    try {
      assert.equal(
        await selectOne(running, {
          user: 'sha2',
          password: SHA2_PASSWORD,
          authPlugins: plugin(first),
        }),
        1,
      );
      assert.equal(
        await selectOne(running, {
          user: 'sha2',
          password: SHA2_PASSWORD,
          authPlugins: plugin(second),
        }),
        1,
      );
    } finally {
      await running.close();
    }
    assert.deepEqual(first, [
      'scramble',
      'perform-full-authentication',
      'request-public-key',
      'public-key',
    ]);
    assert.deepEqual(second, ['scramble', 'fast-auth-success']);
  });

  it('uses the configured RSA key pair without a key request when the client has the public key', async () => {
    const steps: string[] = [];
    const running = await startServer(
      {
        caching_sha2_password_private_key_path: certificates.rsaPrivateKeyPath,
        caching_sha2_password_public_key_path: certificates.rsaPublicKeyPath,
      },
      new FixtureSqlService(await testAccounts()),
    );
    try {
      const authPlugins = {
        caching_sha2_password: recordingSha2Plugin(SHA2_PASSWORD, steps, certificates.rsaPublicKey),
      };
      assert.equal(
        await selectOne(running, { user: 'sha2', password: SHA2_PASSWORD, authPlugins }),
        1,
      );
    } finally {
      await running.close();
    }
    assert.deepEqual(steps, ['scramble', 'perform-full-authentication']);
  });

  it('refuses a wrong caching_sha2_password over RSA', async () => {
    await assert.rejects(
      connect(sha2Server, { user: 'sha2', password: 'wrong' }),
      (error: MysqlError) => error.errno === 1045,
    );
  });

  it('refuses a wrong caching_sha2_password even when the right one is cached', async () => {
    assert.equal(await selectOne(sha2Server, { user: 'sha2', password: SHA2_PASSWORD }), 1);
    await assert.rejects(
      connect(sha2Server, { user: 'sha2', password: 'wrong' }),
      (error: MysqlError) => error.errno === 1045,
    );
  });

  it('accepts a caching_sha2_password account with an empty password', async () => {
    assert.equal(await selectOne(sha2Server, { user: 'sha2empty' }), 1);
  });

  it('refuses a password for an account that has none', async () => {
    await assert.rejects(
      connect(sha2Server, { user: 'sha2empty', password: 'x' }),
      (error: MysqlError) => error.errno === 1045,
    );
  });

  it('refuses an account whose plugin the server does not have', async () => {
    await assert.rejects(connect(sha2Server, { user: 'socket' }), (error: MysqlError) => {
      assert.equal(error.errno, 1524);
      assert.equal(error.message, "Plugin 'auth_socket' is not loaded");
      return true;
    });
  });

  it('rejects an unknown default database with ER_BAD_DB_ERROR', async () => {
    await assert.rejects(
      connect(sha2Server, { user: 'root', database: 'missing' }),
      (error: MysqlError) => {
        assert.equal(error.errno, 1049);
        return true;
      },
    );
  });

  it('rejects a database the account may not use with ER_DBACCESS_DENIED_ERROR', async () => {
    await assert.rejects(
      connect(sha2Server, { user: 'root', database: 'forbidden' }),
      (error: MysqlError) => {
        assert.equal(error.errno, 1044);
        assert.equal(
          error.message,
          "Access denied for user 'root'@'localhost' to database 'forbidden'",
        );
        return true;
      },
    );
  });

  it('runs caching_sha2_password full authentication in clear over TLS', async () => {
    const running = await startServer(
      { ssl_cert: certificates.certPath, ssl_key: certificates.keyPath },
      new FixtureSqlService(await testAccounts()),
    );
    try {
      const ssl = { ca: certificates.cert, rejectUnauthorized: false };
      assert.equal(await selectOne(running, { user: 'sha2', password: SHA2_PASSWORD, ssl }), 1);
    } finally {
      await running.close();
    }
  });
});
