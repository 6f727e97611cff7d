import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

before(async () => {
  ({ server, db } = await withDatabase());
  await db.run(
    'CREATE TABLE v (id INT AUTO_INCREMENT PRIMARY KEY, t TINYINT NOT NULL DEFAULT 0, u INT UNSIGNED, dc DECIMAL(5,2), db DOUBLE, vc VARCHAR(3), ch CHAR(3), vb VARBINARY(3), d DATE, dt DATETIME, tm TIME, f FLOAT)',
  );
  await db.run('CREATE TABLE nn (id INT PRIMARY KEY, a INT NOT NULL)');
});
after(() => server.close());

/** The MySQL error number of a statement that must fail. */
const errno = (sql: string) => db.errno(sql);

async function nonStrict<T>(body: () => Promise<T>): Promise<T> {
  await db.run("SET sql_mode = ''");
  try {
    return await body();
  } finally {
    await db.run('SET sql_mode = DEFAULT');
  }
}

describe('INSERT and UPDATE under STRICT_TRANS_TABLES (the default sql_mode)', () => {
  it('refuses out-of-range numbers with 1264', async () => {
    assert.equal(await errno('INSERT INTO v (t) VALUES (128)'), 1264);
    assert.equal(await errno('INSERT INTO v (u) VALUES (-1)'), 1264);
    assert.equal(await errno('INSERT INTO v (dc) VALUES (1000)'), 1264);
    assert.equal(await errno('INSERT INTO v (f) VALUES (1e39)'), 1264);
  });

  it('refuses text with trailing garbage with 1265 and text that is no number with 1366', async () => {
    assert.equal(await errno("INSERT INTO v (t) VALUES ('1x')"), 1265);
    assert.equal(await errno("INSERT INTO v (dc) VALUES ('1.2.3')"), 1265);
    assert.equal(await errno("INSERT INTO v (t) VALUES ('x')"), 1366);
    assert.equal(await errno("INSERT INTO v (db) VALUES ('')"), 1366);
  });

  it('refuses strings longer than the column with 1406', async () => {
    assert.equal(await errno("INSERT INTO v (vc) VALUES ('abcd')"), 1406);
    assert.equal(await errno("INSERT INTO v (vb) VALUES ('abcd')"), 1406);
    await db.run("INSERT INTO v (vc) VALUES ('abc')");
    assert.equal(await errno("UPDATE v SET vc = 'abcd'"), 1406);
  });

  it('refuses dates and times that are none with 1292', async () => {
    assert.equal(await errno("INSERT INTO v (d) VALUES ('2024-02-30')"), 1292);
    assert.equal(await errno("INSERT INTO v (dt) VALUES ('soon')"), 1292);
    assert.equal(await errno("INSERT INTO v (tm) VALUES ('xx')"), 1292);
  });

  it('refuses NULL in a NOT NULL column with 1048 and a missing value without default with 1364', async () => {
    assert.equal(await errno('INSERT INTO nn VALUES (1, NULL)'), 1048);
    assert.equal(await errno('INSERT INTO nn (id) VALUES (1)'), 1364);
  });

  it('names the column and row in the error message', async () => {
    await assert.rejects(db.run('INSERT INTO v (t) VALUES (1), (2), (300)'), {
      errno: 1264,
      sqlState: '22003',
      message: "Out of range value for column 't' at row 3",
    });
  });

  it('notes what is dropped without changing the value: trailing spaces, digits, a time', async () => {
    const result = await db.run(
      "INSERT INTO v (vc, dc, d, t, ch) VALUES ('ab  ', 1.005, '2024-01-02 10:00:00', ' 7 ', 'ab   ')",
    );
    assert.ok(result.kind === 'ok');
    assert.equal(result.warnings, 4);
    assert.deepEqual(await db.query('SHOW WARNINGS'), [
      ['Note', 1265, "Data truncated for column 't' at row 1"],
      ['Note', 1265, "Data truncated for column 'dc' at row 1"],
      ['Note', 1265, "Data truncated for column 'vc' at row 1"],
      ['Note', 1265, "Data truncated for column 'd' at row 1"],
    ]);
  });
});

describe('INSERT and UPDATE with sql_mode = ""', () => {
  it('clamps and cuts values with warnings, counted in the OK packet and its info', async () => {
    const result = await nonStrict(() =>
      db.run("INSERT INTO v (t, u, vc, d) VALUES (300, -5, 'abcdef', 'soon'), ('x', 1, 'a', NULL)"),
    );
    assert.ok(result.kind === 'ok');
    assert.equal(result.warnings, 5);
    assert.equal(result.info, 'Records: 2  Duplicates: 0  Warnings: 5');
    assert.deepEqual(await db.query('SHOW WARNINGS'), [
      ['Warning', 1264, "Out of range value for column 't' at row 1"],
      ['Warning', 1264, "Out of range value for column 'u' at row 1"],
      ['Warning', 1265, "Data truncated for column 'vc' at row 1"],
      ['Warning', 1265, "Data truncated for column 'd' at row 1"],
      ['Warning', 1366, "Incorrect integer value: 'x' for column 't' at row 2"],
    ]);
    assert.deepEqual(
      await db.query(`SELECT t, u, vc, d FROM v WHERE id = ${Number(result.lastInsertId)}`),
      [[127, 0, 'abc', '0000-00-00']],
    );
  });

  it('stores the implicit default for NULL in a NOT NULL column on UPDATE, with warning 1048', async () => {
    await db.run('INSERT INTO nn VALUES (5, 5)');
    const result = await nonStrict(() => db.run('UPDATE nn SET a = NULL WHERE id = 5'));
    assert.ok(result.kind === 'ok');
    assert.equal(result.info, 'Rows matched: 1  Changed: 1  Warnings: 1');
    assert.deepEqual(await db.query('SHOW WARNINGS'), [
      ['Warning', 1048, "Column 'a' cannot be null"],
    ]);
    assert.deepEqual(await db.query('SELECT a FROM nn WHERE id = 5'), [[0]]);
  });
});

describe('the diagnostics area (SHOW WARNINGS, @@warning_count)', () => {
  it('keeps the last statement’s conditions across statements that use no table', async () => {
    await nonStrict(() => db.run('INSERT INTO v (t) VALUES (999)'));
    await db.run('SET @x = 1');
    await db.query('SELECT 1');
    assert.deepEqual(await db.query('SELECT @@warning_count, @@error_count'), [[1, 0]]);
    assert.deepEqual(await db.query('SHOW COUNT(*) WARNINGS'), [[1]]);
    assert.deepEqual(await db.query('SHOW WARNINGS'), [
      ['Warning', 1264, "Out of range value for column 't' at row 1"],
    ]);
  });

  it('starts afresh with a statement that uses a table', async () => {
    await nonStrict(() => db.run('INSERT INTO v (t) VALUES (999)'));
    await db.query('SELECT COUNT(*) FROM v');
    assert.deepEqual(await db.query('SHOW WARNINGS'), []);
  });

  it('holds the error of a failed statement', async () => {
    await assert.rejects(db.run('INSERT INTO v (t) VALUES (999)'));
    assert.deepEqual(await db.query('SHOW WARNINGS'), [
      ['Error', 1264, "Out of range value for column 't' at row 1"],
    ]);
    assert.deepEqual(await db.query('SELECT @@warning_count, @@error_count'), [[1, 1]]);
    assert.deepEqual(await db.query('SHOW COUNT(*) ERRORS'), [[1]]);
  });

  it('holds a syntax error too', async () => {
    assert.equal(await errno('SELEC 1'), 1064);
    const [[level, code]] = (await db.query('SHOW ERRORS')) as [[string, number]];
    assert.deepEqual([level, code], ['Error', 1064]);
  });

  it('reports no warnings in the OK of a statement that kept the previous ones', async () => {
    await nonStrict(() => db.run('INSERT INTO v (t) VALUES (999)'));
    const result = await db.run('SET @y = 2');
    assert.ok(result.kind === 'ok');
    assert.equal(result.warnings, 0);
  });
});
