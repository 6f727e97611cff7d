import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SqlSession } from '../../src/sql/session/session.js';
import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

before(async () => {
  ({ server, db } = await withDatabase());
  await db.run(
    'CREATE TABLE sb (id INT PRIMARY KEY AUTO_INCREMENT, k INT NOT NULL DEFAULT 0, c CHAR(20) NOT NULL DEFAULT "", KEY k_1 (k))',
  );
  await db.run("INSERT INTO sb (k, c) VALUES (1, 'one'), (2, 'two'), (3, 'three')");
});
after(() => server.close());

describe('the statement cache', () => {
  it('runs statements that differ only in literals without parsing or planning again', async () => {
    const session = db.session as SqlSession;
    await db.query('SELECT c FROM sb WHERE id=1');
    const before = { ...session.cacheStats };
    assert.deepEqual(await db.query('SELECT c FROM sb WHERE id=2'), [['two']]);
    assert.deepEqual(await db.query('SELECT c FROM sb WHERE id=3'), [['three']]);
    assert.deepEqual(session.cacheStats, before);
  });

  it('plans again when a literal of another type takes the place', async () => {
    const session = db.session as SqlSession;
    const before = session.cacheStats.plans;
    assert.deepEqual(await db.query("SELECT c FROM sb WHERE id='2'"), [['two']]);
    assert.equal(session.cacheStats.plans, before + 1);
  });

  it('plans again after the schema changes', async () => {
    const session = db.session as SqlSession;
    await db.query('SELECT c FROM sb WHERE k=1');
    await db.run('DROP INDEX k_1 ON sb');
    const before = session.cacheStats.plans;
    assert.deepEqual(await db.query('SELECT c FROM sb WHERE k=2'), [['two']]);
    assert.equal(session.cacheStats.plans, before + 1);
  });

  it('keys statements whose result depends on a literal by their full text', async () => {
    assert.deepEqual(await db.query('SELECT id, c FROM sb ORDER BY 2 LIMIT 1'), [[1, 'one']]);
    assert.deepEqual(await db.query('SELECT id, c FROM sb ORDER BY 1 DESC LIMIT 1'), [
      [3, 'three'],
    ]);
    const named = await db.run('SELECT 1 + 1');
    assert.ok(named.kind === 'rows');
    assert.equal(named.columns[0]!.name, '1 + 1');
  });
});

describe('prepared statements', () => {
  it('are planned once and executed with parameters', async () => {
    const session = db.session as SqlSession;
    const prepared = await session.prepare('SELECT c FROM sb WHERE id=?');
    assert.equal(prepared.paramCount, 1);
    assert.equal(prepared.columns[0]!.name, 'c');
    const first = await session.executePrepared(prepared.id, [1]);
    const plans = session.cacheStats.plans;
    const second = await session.executePrepared(prepared.id, [3]);
    assert.ok(first.kind === 'rows' && second.kind === 'rows');
    assert.deepEqual([first.rows, second.rows], [[['one']], [['three']]]);
    assert.equal(session.cacheStats.plans, plans);
  });

  it('take parameters in DML and report errors per execution', async () => {
    const session = db.session as SqlSession;
    const insert = await session.prepare('INSERT INTO sb (id, k, c) VALUES (?, ?, ?)');
    const result = await session.executePrepared(insert.id, [10, 5, 'ten']);
    assert.ok(result.kind === 'ok' && result.affectedRows === 1);
    await assert.rejects(session.executePrepared(insert.id, [10, 5, 'again']), { errno: 1062 });
    session.closePrepared(insert.id);
    await assert.rejects(session.executePrepared(insert.id, [11, 5, 'x']), { errno: 1243 });
  });

  it('reject a ? in a text statement with 1064', async () => {
    assert.equal(await db.errno('SELECT c FROM sb WHERE id = ?'), 1064);
  });
});

describe('system variables', () => {
  it('answer what clients ask on connect', async () => {
    assert.deepEqual(await db.query('SELECT @@version_comment LIMIT 1'), [['StrataDB']]);
    const [row] = await db.query(
      'SELECT @@autocommit, @@session.sql_mode, @@max_allowed_packet IS NOT NULL, @@tx_isolation, @@lower_case_table_names',
    );
    assert.deepEqual(row!.slice(0, 2), [
      1,
      'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION',
    ]);
    assert.deepEqual(row!.slice(3), ['REPEATABLE-READ', 0]);
  });

  it('change per session with SET SESSION and server-wide with SET GLOBAL', async () => {
    const other = server.connect();
    await db.run('SET SESSION auto_increment_increment = 5');
    assert.deepEqual(await db.query('SELECT @@auto_increment_increment'), [[5]]);
    assert.deepEqual(await other.query('SELECT @@auto_increment_increment'), [[1]]);
    await db.run('SET GLOBAL max_execution_time = 1000');
    assert.deepEqual(
      await other.query('SELECT @@global.max_execution_time, @@session.max_execution_time'),
      [[1000, 0]],
    );
    await db.run('SET GLOBAL max_execution_time = DEFAULT');
    await db.run('SET SESSION auto_increment_increment = DEFAULT');
  });

  it('refuse unknown variables, bad values and wrong scopes', async () => {
    assert.equal(await db.errno('SELECT @@no_such_variable'), 1193);
    assert.equal(await db.errno("SET SESSION autocommit = 'maybe'"), 1231);
    assert.equal(await db.errno('SET SESSION version = 1'), 1238);
    assert.equal(await db.errno('SET SESSION max_prepared_stmt_count = 1'), 1229);
  });

  it('set the connection character set with SET NAMES', async () => {
    await db.run('SET NAMES latin1');
    assert.deepEqual(await db.query('SELECT @@character_set_client, @@collation_connection'), [
      ['latin1', 'latin1_swedish_ci'],
    ]);
    await db.run('SET NAMES utf8mb4 COLLATE utf8mb4_bin');
    assert.deepEqual(await db.query('SELECT @@character_set_results, @@collation_connection'), [
      ['utf8mb4', 'utf8mb4_bin'],
    ]);
    assert.equal(await db.errno('SET NAMES klingon'), 1115);
  });

  it('are listed by SHOW VARIABLES with LIKE and WHERE', async () => {
    assert.deepEqual(await db.query("SHOW VARIABLES LIKE 'auto%commit'"), [['autocommit', 'ON']]);
    assert.deepEqual(
      await db.query("SHOW SESSION VARIABLES WHERE Variable_name = 'version_comment'"),
      [['version_comment', 'StrataDB']],
    );
  });

  it('keep user variables for the session', async () => {
    await db.run('SET @x = 41, @s = CONCAT("a", "b")');
    assert.deepEqual(await db.query('SELECT @x + 1, @s, @unset'), [[42, 'ab', null]]);
  });
});

describe('SHOW and information_schema', () => {
  it('list databases, tables and columns', async () => {
    assert.deepEqual(await db.query('SHOW DATABASES'), [['information_schema'], ['test']]);
    assert.deepEqual(await db.query('SHOW FULL TABLES'), [['sb', 'BASE TABLE']]);
    assert.deepEqual(await db.query('SHOW COLUMNS FROM sb'), [
      ['id', 'int(11)', 'NO', 'PRI', null, 'auto_increment'],
      ['k', 'int(11)', 'NO', '', '0', ''],
      ['c', 'char(20)', 'NO', '', '', ''],
    ]);
  });

  it('describe tables in information_schema', async () => {
    assert.deepEqual(
      await db.query(
        "SELECT TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'test'",
      ),
      [['sb', 'InnoDB']],
    );
    assert.deepEqual(
      await db.query(
        "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_NAME = 'sb' ORDER BY ORDINAL_POSITION",
      ),
      [
        ['id', 'int', 'PRI'],
        ['k', 'int', ''],
        ['c', 'char', ''],
      ],
    );
  });

  it('show warnings of the previous statement and their count', async () => {
    await db.query('SELECT 1/0, 2/0');
    assert.equal((await db.query('SHOW WARNINGS')).length, 2);
    assert.deepEqual(await db.query('SHOW COUNT(*) WARNINGS'), [[2]]);
    assert.deepEqual(await db.query('SELECT @@warning_count'), [[2]]);
  });

  it('show the process list, engines and collations', async () => {
    const rows = await db.query('SHOW PROCESSLIST');
    assert.ok(rows.some((r) => r[0] === db.session.connectionId && r[4] === 'Query'));
    assert.equal((await db.query('SHOW ENGINES'))[0]![0], 'InnoDB');
    assert.deepEqual(await db.query("SHOW COLLATION LIKE 'utf8mb4_bin'"), [
      ['utf8mb4_bin', 'utf8mb4', 46, '', 'Yes', 1],
    ]);
  });
});
