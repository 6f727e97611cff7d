import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { serve, strata } from './cli-harness.js';

const run = promisify(execFile);

const SCRATCH_ROOT = mkdtempSync(join(tmpdir(), 'strata-cli-'));
after(() => rmSync(SCRATCH_ROOT, { recursive: true, force: true }));

function scratch(): string {
  return mkdtempSync(join(SCRATCH_ROOT, 'case-'));
}

function configFile(text: string): string {
  const path = join(scratch(), 'strata.cnf');
  writeFileSync(path, text);
  return path;
}

function printedValue(output: string, name: string): string | undefined {
  return new RegExp(`^${name} = (.*)$`, 'm').exec(output)?.[1];
}

describe('strata', () => {
  it('lists its subcommands with --help', async () => {
    const result = await strata(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /serve +run the MySQL-compatible server/);
    assert.match(result.stdout, /version +print the version/);
  });

  it('exits with status 2 when no subcommand is given', async () => {
    assert.equal((await strata([])).code, 2);
  });

  it('names an unknown subcommand in one line and exits with status 2', async () => {
    const result = await strata(['frobnicate']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, "strata: unknown command 'frobnicate' (see strata --help)\n");
  });

  it('prints its version', async () => {
    const result = await strata(['version']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^strata \d+\.\d+\.\d+ \(node v\d+/);
  });

  it('prints a subcommand’s options with help <subcommand> and <subcommand> --help', async () => {
    const viaHelp = await strata(['help', 'serve']);
    const viaFlag = await strata(['serve', '--help']);
    assert.equal(viaHelp.stdout, viaFlag.stdout);
    assert.match(viaFlag.stdout, /--datadir DIR/);
  });
});

describe('strata serve: flags and configuration', () => {
  it('names an unknown flag in one line and exits with status 2', async () => {
    const result = await strata(['serve', '--no-such-flag=1']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, "strata serve: unknown option '--no-such-flag'\n");
  });

  it('names a bad value and the allowed range', async () => {
    const result = await strata(['serve', '--max-connections=0']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "strata serve: --max-connections: invalid value '0' for setting 'max_connections': expected 1 to 100000\n",
    );
  });

  it('requires a value for a non-boolean flag', async () => {
    const result = await strata(['serve', '--port']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, "strata serve: option '--port' needs a value\n");
  });

  it('accepts MySQL’s spellings: --name=value, --name value, dashes or underscores', async () => {
    const result = await strata([
      'serve',
      '--port=3307',
      '--max_connections',
      '12',
      '--bind-address=0.0.0.0',
      '--print-config',
    ]);
    assert.equal(result.code, 0);
    assert.equal(printedValue(result.stdout, 'port'), '3307');
    assert.equal(printedValue(result.stdout, 'max_connections'), '12');
    assert.equal(printedValue(result.stdout, 'bind_address'), '0.0.0.0');
  });

  it('takes --host and --datadir', async () => {
    const result = await strata([
      'serve',
      '--host',
      '::1',
      '--datadir',
      '/srv/strata',
      '--print-config',
    ]);
    assert.equal(printedValue(result.stdout, 'bind_address'), '::1');
    assert.equal(printedValue(result.stdout, 'datadir'), '/srv/strata');
  });

  it('turns booleans on with a bare flag and off with --skip-', async () => {
    const on = await strata(['serve', '--require-secure-transport', '--print-config']);
    const off = await strata([
      'serve',
      '--require-secure-transport',
      '--skip-require-secure-transport',
      '--print-config',
    ]);
    assert.equal(printedValue(on.stdout, 'require_secure_transport'), 'ON');
    assert.equal(printedValue(off.stdout, 'require_secure_transport'), 'OFF');
  });

  it('applies defaults, then the config file, then flags', async () => {
    const path = configFile(
      '[client]\nport = 1\n\n[mysqld]\nport = 4000\nmax-connections = 20 # inline comment\nssl_key = "/etc/key file.pem"\n',
    );
    const result = await strata(['serve', `--config=${path}`, '--port=4001', '--print-config']);
    assert.equal(result.code, 0);
    assert.equal(printedValue(result.stdout, 'port'), '4001');
    assert.equal(printedValue(result.stdout, 'max_connections'), '20');
    assert.equal(printedValue(result.stdout, 'ssl_key'), '"/etc/key file.pem"');
    assert.equal(printedValue(result.stdout, 'wait_timeout'), '28800');
  });

  it('names the file, line and setting of a typo in the config file', async () => {
    const path = configFile('[mysqld]\nport = 4000\nmax_conections = 20\n');
    const result = await strata(['serve', '--config', path]);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      `strata serve: ${path}:3: unknown setting 'max_conections' (did you mean 'max_connections'?)\n`,
    );
  });

  it('names a bad value in the config file', async () => {
    const path = configFile('[strata]\nwait_timeout = soon\n');
    const result = await strata(['serve', '--defaults-file', path]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      new RegExp(`^strata serve: ${path}:2: invalid value 'soon' for setting 'wait_timeout'`),
    );
  });

  it('names a config file it cannot read', async () => {
    const result = await strata(['serve', '--config=/nonexistent/strata.cnf']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      "strata serve: cannot read config file '/nonexistent/strata.cnf' (ENOENT)\n",
    );
  });

  it('prints a configuration that reads back to the same configuration', async () => {
    const first = await strata(['serve', '--port=4100', '--net-read-timeout=7', '--print-config']);
    const path = configFile(first.stdout);
    const second = await strata(['serve', `--config=${path}`, '--print-config']);
    assert.equal(second.code, 0);
    assert.equal(
      second.stdout.split('\n').slice(1).join('\n'),
      first.stdout.split('\n').slice(1).join('\n'),
    );
  });

  it('never prints initial_root_password', async () => {
    const result = await strata(['serve', '--initial-root-password=hunter2', '--print-config']);
    assert.doesNotMatch(result.stdout, /hunter2/);
    assert.match(result.stdout, /# initial_root_password is set \(not printed\)/);
  });
});

describe('strata serve: starting and stopping', () => {
  it('serves SQL over the data dir and shuts down gracefully on SIGTERM', async () => {
    const datadir = join(scratch(), 'data');
    const server = await serve([`--datadir=${datadir}`, '--port=0']);
    const { stdout } = await run('mariadb', [
      '-h127.0.0.1',
      `-P${server.port}`,
      '-uroot',
      '-N',
      '-e',
      'SELECT 1 + 1',
    ]);
    const finished = await server.stop('SIGTERM');
    assert.equal(stdout, '2\n');
    assert.equal(finished.code, 0);
    assert.match(finished.stderr, /shutdown complete/);
    assert.ok(existsSync(datadir));
  });

  it('also shuts down on SIGINT', async () => {
    const server = await serve([`--datadir=${join(scratch(), 'data')}`, '--port=0']);
    const finished = await server.stop('SIGINT');
    assert.equal(finished.code, 0);
  });

  it('names a port in use in one line, exits with status 1 and leaves the data dir alone', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const datadir = join(scratch(), 'data');
    const result = await strata(['serve', `--port=${port}`, `--datadir=${datadir}`]);
    blocker.close();
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `strata serve: port ${port} is already in use on 127.0.0.1\n`);
    assert.equal(existsSync(datadir), false);
  });

  it('names a data dir whose parent does not exist', async () => {
    const result = await strata(['serve', '--port=0', '--datadir=/nonexistent/parent/data']);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      "strata serve: datadir '/nonexistent/parent/data' does not exist, nor does its parent directory\n",
    );
  });

  it('refuses a non-loopback address while root@localhost has no password', async () => {
    const result = await strata([
      'serve',
      '--port=0',
      '--bind-address=0.0.0.0',
      `--datadir=${join(scratch(), 'data')}`,
    ]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^strata serve: refusing to listen on bind_address '0\.0\.0\.0': root@localhost has an empty password/m,
    );
  });
});
