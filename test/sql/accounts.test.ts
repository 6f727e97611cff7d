import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  cachingSha2Hash,
  nativePasswordHash,
  sha256Crypt,
  verifyPassword,
} from '../../src/sql/catalog/auth-strings.js';
import { Settings } from '../../src/config/index.js';
import { startServer } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let root: TestClient;

before(async () => {
  server = await startServer();
  root = server.connect();
  await root.run('CREATE DATABASE app');
  await root.run('CREATE TABLE app.t (id INT PRIMARY KEY, v INT)');
  await root.run('CREATE TABLE app.secret (id INT)');
  await root.run('INSERT INTO app.t VALUES (1, 1)');
});
after(() => server.close());

describe('authentication strings', () => {
  it('hash mysql_native_password as * + HEX(SHA1(SHA1(password)))', () => {
    assert.equal(nativePasswordHash('password'), '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19');
    assert.equal(nativePasswordHash(''), '');
  });

  it('compute SHA-256 crypt as glibc and `openssl passwd -5` do (5000 rounds)', () => {
    assert.equal(
      sha256Crypt(Buffer.from('Hello world!'), Buffer.from('saltstring'), 5000),
      '5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5',
    );
  });

  it('store caching_sha2_password as $A$005$ + 20-byte salt + digest and verify it', () => {
    const stored = cachingSha2Hash('secret');
    assert.match(stored, /^\$A\$005\$.{20}[./0-9A-Za-z]{43}$/s);
    assert.equal(verifyPassword('caching_sha2_password', stored, 'secret'), true);
    assert.equal(verifyPassword('caching_sha2_password', stored, 'wrong'), false);
  });
});

describe('accounts', () => {
  it('start with root@localhost, no password unless initial_root_password is set, all privileges', async () => {
    const account = await server.sql.findUser('root', '127.0.0.1');
    assert.deepEqual(account, {
      user: 'root',
      host: 'localhost',
      plugin: 'caching_sha2_password',
      authString: '',
    });
    assert.match(
      String((await root.query('SHOW GRANTS'))[0]![0]),
      /^GRANT ALL PRIVILEGES ON \*\.\* TO `root`@`localhost` WITH GRANT OPTION$/,
    );
  });

  it('are created with a hashed password and matched by host pattern', async () => {
    await root.run("CREATE USER 'app'@'%' IDENTIFIED WITH mysql_native_password BY 'pw'");
    const account = await server.sql.findUser('app', '10.1.2.3');
    assert.equal(account?.authString, nativePasswordHash('pw'));
    assert.equal(await root.errno("CREATE USER 'app'@'%'"), 1396);
    await root.run("CREATE USER IF NOT EXISTS 'app'@'%'");
  });

  it('use default_authentication_plugin (caching_sha2_password) unless told otherwise', async () => {
    await root.run("CREATE USER 'sha'@'localhost' IDENTIFIED BY 'pw'");
    const account = await server.sql.findUser('sha', 'localhost');
    assert.equal(account?.plugin, 'caching_sha2_password');
    assert.equal(verifyPassword(account!.plugin, account!.authString, 'pw'), true);
  });

  it('are refused statements they hold no privilege for', async () => {
    const app = server.connect('app', '10.1.2.3');
    assert.equal(await app.errno('SELECT * FROM app.t'), 1142);
    assert.equal(await app.errno('CREATE DATABASE other'), 1044);
    assert.deepEqual(await app.query('SHOW DATABASES'), [['information_schema']]);
  });

  it('get database and table privileges with GRANT and lose them with REVOKE', async () => {
    await root.run("GRANT SELECT ON app.t TO 'app'@'%'");
    const app = server.connect('app', '10.1.2.3');
    assert.deepEqual(await app.query('SELECT v FROM app.t'), [[1]]);
    assert.equal(await app.errno('SELECT * FROM app.secret'), 1142);
    assert.equal(await app.errno('UPDATE app.t SET v = 2'), 1142);
    await root.run("GRANT ALL ON app.* TO 'app'@'%'");
    await app.run('UPDATE app.t SET v = 2');
    await root.run("REVOKE UPDATE ON app.* FROM 'app'@'%'");
    assert.equal(await app.errno('UPDATE app.t SET v = 3'), 1142);
    assert.deepEqual(await app.query('SHOW DATABASES'), [['app'], ['information_schema']]);
  });

  it('change passwords with ALTER USER and disappear with DROP USER', async () => {
    await root.run("ALTER USER 'app'@'%' IDENTIFIED BY 'new'");
    assert.equal((await server.sql.findUser('app', 'x'))?.authString, nativePasswordHash('new'));
    await root.run("DROP USER 'app'@'%'");
    assert.equal(await server.sql.findUser('app', 'x'), undefined);
    assert.equal(await root.errno("DROP USER 'app'@'%'"), 1396);
  });

  it('need CREATE USER to manage accounts', async () => {
    await root.run("CREATE USER 'weak'@'localhost'");
    const weak = server.connect('weak', 'localhost');
    assert.equal(await weak.errno("CREATE USER 'x'@'%'"), 1227);
    assert.equal(await weak.errno("GRANT SELECT ON app.* TO 'weak'@'localhost'"), 1227);
  });
});

describe('the first start', () => {
  it('gives root the configured initial_root_password, which no one can read back', async () => {
    const settings = new Settings();
    settings.setInitial('initial_root_password', 's3cret');
    const other = await startServer(settings);
    try {
      const account = await other.sql.findUser('root', 'localhost');
      assert.equal(verifyPassword(account!.plugin, account!.authString, 's3cret'), true);
      const client = other.connect();
      assert.equal(await client.errno('SELECT @@initial_root_password'), 1193);
      assert.deepEqual(await client.query("SHOW GLOBAL VARIABLES LIKE 'initial_root%'"), []);
    } finally {
      await other.close();
    }
  });
});

describe('the process list and KILL', () => {
  it('lists sessions and kills a connection', async () => {
    const victim = server.connect();
    const list = server.sql.processList();
    assert.ok(list.some((p) => p.id === victim.session.connectionId && p.user === 'root'));
    let killed = false;
    const other = server.sql.openSession(
      { connectionId: 9999, user: 'root', host: 'localhost', database: null, clientCollation: 45 },
      { kill: () => (killed = true) },
    );
    await root.run('KILL 9999');
    assert.equal(killed, true);
    await other.close();
    assert.equal(await root.errno('KILL 123456'), 1094);
  });

  it('lets only the owner or a SUPER account kill a session', async () => {
    const weak = server.connect('weak', 'localhost');
    assert.equal(await weak.errno(`KILL QUERY ${root.session.connectionId}`), 1095);
  });
});
