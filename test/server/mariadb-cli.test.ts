// The mariadb command-line client (Debian's mariadb-client) in batch mode against the server.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { NATIVE_PASSWORD, SHA2_PASSWORD, testAccounts } from './fixture/accounts.js';
import { makeCertificates } from './fixture/certificates.js';
import type { TestCertificates } from './fixture/certificates.js';
import { FixtureSqlService } from './fixture/fixture-service.js';
import { startServer } from './fixture/harness.js';
import type { RunningServer } from './fixture/harness.js';

const run = promisify(execFile);

interface CliFailure {
  code: number;
  stderr: string;
}

describe('the mariadb command-line client', () => {
  let certificates: TestCertificates;
  let running: RunningServer;
  let secureOnly: RunningServer;

  before(async () => {
    certificates = makeCertificates();
    const tls = { ssl_cert: certificates.certPath, ssl_key: certificates.keyPath };
    running = await startServer(tls, new FixtureSqlService(await testAccounts()));
    secureOnly = await startServer(
      { ...tls, require_secure_transport: true },
      new FixtureSqlService(await testAccounts()),
    );
  });

  after(async () => {
    certificates.remove();
    await running.close();
    await secureOnly.close();
  });

  function mariadb(server: RunningServer, ...args: string[]) {
    return run('mariadb', ['-h127.0.0.1', `-P${server.port}`, '--batch', ...args]);
  }

  it('runs a query in batch mode and prints tab-separated rows', async () => {
    const { stdout } = await mariadb(running, '-uroot', '-e', 'SELECT * FROM types');
    const [header, row] = stdout.trimEnd().split('\n');
    assert.equal(header!.split('\t')[0], 'tiny');
    assert.deepEqual(row!.split('\t').slice(0, 16), [
      '-7',
      '-300',
      '70000',
      '-2147483648',
      '-9007199254740993',
      '18446744073709551615',
      '1.25',
      '1e21',
      '-12345.678',
      '2024-05-01',
      '2024-05-01 12:34:56.250000',
      '2024-05-01 00:00:00',
      '-838:59:59',
      '2024',
      'héllo wörld',
      'abc',
    ]);
    assert.equal(row!.split('\t').at(-1), 'NULL');
  });

  it('runs several statements of one -e argument', async () => {
    const { stdout } = await mariadb(
      running,
      '-uroot',
      '--skip-column-names',
      '-e',
      "SELECT 'a;b'; SELECT 1; DO 1",
    );
    assert.equal(stdout, 'a;b\n1\n');
  });

  it('prints the server error and exits with status 1', async () => {
    await assert.rejects(mariadb(running, '-uroot', '-e', 'SELEC x'), (error: CliFailure) => {
      assert.equal(error.code, 1);
      assert.match(
        error.stderr,
        /ERROR 1064 \(42000\) at line 1: You have an error in your SQL syntax/,
      );
      return true;
    });
  });

  it('logs in with mysql_native_password', async () => {
    const { stdout } = await mariadb(
      running,
      '-unative',
      `-p${NATIVE_PASSWORD}`,
      '-N',
      '-e',
      'SELECT 1',
    );
    assert.equal(stdout, '1\n');
  });

  it('logs in with caching_sha2_password (full authentication over RSA, then the fast path)', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { stdout } = await mariadb(
        running,
        '-usha2',
        `-p${SHA2_PASSWORD}`,
        '-N',
        '-e',
        'SELECT 1',
      );
      assert.equal(stdout, '1\n');
    }
  });

  it('reports a wrong password', async () => {
    await assert.rejects(
      mariadb(running, '-usha2', '-pwrong', '-e', 'SELECT 1'),
      (error: CliFailure) => {
        assert.match(
          error.stderr,
          /ERROR 1045 \(28000\): Access denied for user 'sha2'@'localhost' \(using password: YES\)/,
        );
        return true;
      },
    );
  });

  it('connects over TLS to a server that requires it', async () => {
    const { stdout } = await mariadb(
      secureOnly,
      '-usha2',
      `-p${SHA2_PASSWORD}`,
      '--ssl',
      '--skip-ssl-verify-server-cert',
      '-N',
      '-e',
      'SELECT 1',
    );
    assert.equal(stdout, '1\n');
  });

  it('is refused without TLS by a server that requires it', async () => {
    await assert.rejects(
      mariadb(secureOnly, '-uroot', '--skip-ssl', '-e', 'SELECT 1'),
      (error: CliFailure) => {
        assert.match(error.stderr, /ERROR 3159/);
        return true;
      },
    );
  });
});
