import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startServer } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

before(async () => {
  server = await startServer();
  db = server.connect();
});
after(() => server.close());

async function value(expr: string): Promise<unknown> {
  const rows = await db.query(`SELECT ${expr}`);
  return rows[0]![0];
}

describe('arithmetic', () => {
  it('keeps exact DECIMAL results exact', async () => {
    assert.equal(await value('0.1 + 0.2'), '0.3');
    assert.equal(await value('1.50 * 2'), '3.00');
  });

  it('divides into DECIMAL with four more digits', async () => {
    assert.equal(await value('1 / 3'), '0.3333');
    assert.equal(await value('7 DIV 2'), 3);
    assert.equal(await value('-7 % 3'), -1);
  });

  it('gives NULL and a warning for division by zero in a SELECT', async () => {
    assert.equal(await value('1 / 0'), null);
    const warnings = await db.query('SHOW WARNINGS');
    assert.deepEqual(warnings, [['Warning', 1365, 'Division by 0']]);
  });

  it('fails with 1690 when BIGINT arithmetic overflows', async () => {
    assert.equal(await db.errno('SELECT 9223372036854775807 + 1'), 1690);
  });

  it('reads numeric prefixes of strings with a truncation warning', async () => {
    assert.equal(await value("'12abc' + 1"), 13);
    const [[level, code]] = (await db.query('SHOW WARNINGS')) as [[string, number]];
    assert.deepEqual([level, code], ['Warning', 1292]);
  });
});

describe('NULL logic', () => {
  it('follows three-valued AND, OR and NOT', async () => {
    assert.deepEqual(
      (await db.query('SELECT NULL AND 0, NULL AND 1, NULL OR 1, NULL OR 0, NOT NULL'))[0],
      [0, null, 1, null, null],
    );
  });

  it('compares with NULL as unknown, except <=>', async () => {
    assert.deepEqual(
      (await db.query('SELECT 1 = NULL, NULL <=> NULL, 1 <=> NULL, NULL IS NULL'))[0],
      [null, 1, 0, 1],
    );
  });

  it('makes IN unknown when no item matches and one is NULL', async () => {
    assert.deepEqual(
      (await db.query('SELECT 1 IN (1, NULL), 2 IN (1, NULL), 2 NOT IN (1, NULL)'))[0],
      [1, null, null],
    );
  });
});

describe('comparison', () => {
  it('compares strings case-insensitively under the default collation', async () => {
    assert.deepEqual(
      (await db.query("SELECT 'abc' = 'ABC', 'a' = 'a  ', 'a' < 'B'"))[0],
      [1, 1, 1],
    );
  });

  it('compares strings with numbers as numbers', async () => {
    assert.equal(await value("'10' > 9"), 1);
  });

  it('supports BETWEEN, LIKE and CASE', async () => {
    assert.deepEqual(
      (
        await db.query(
          "SELECT 5 BETWEEN 1 AND 5, 'abcd' LIKE 'a_c%', CASE WHEN 1 > 2 THEN 'x' ELSE 'y' END, CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END",
        )
      )[0],
      [1, 1, 'y', 'two'],
    );
  });
});

describe('functions and casts', () => {
  it('casts between types as MySQL does', async () => {
    assert.deepEqual(
      (
        await db.query(
          "SELECT CAST('12.7' AS SIGNED), CAST(-1 AS UNSIGNED), CAST(2.5 AS SIGNED), CAST('3.14159' AS DECIMAL(5,2)), CAST(20240102 AS DATE)",
        )
      )[0],
      [12, 18446744073709551615n, 3, '3.14', '2024-01-02'],
    );
  });

  it('evaluates common string functions', async () => {
    assert.deepEqual(
      (
        await db.query(
          "SELECT CONCAT('a', 1, NULL), CONCAT_WS('-', 'a', NULL, 'b'), UPPER('x'), LENGTH('é'), CHAR_LENGTH('é'), SUBSTRING('hello', 2, 3), TRIM('  x  '), REPLACE('aXbX', 'X', '-')",
        )
      )[0],
      [null, 'a-b', 'X', 2, 1, 'ell', 'x', 'a-b-'],
    );
  });

  it('evaluates common numeric and control functions', async () => {
    assert.deepEqual(
      (
        await db.query(
          'SELECT ABS(-3), ROUND(2.5), ROUND(1.2345, 2), FLOOR(-1.5), CEIL(1.2), IFNULL(NULL, 7), COALESCE(NULL, NULL, 3), IF(1, 2, 3), NULLIF(1, 1), GREATEST(1, 5, 3)',
        )
      )[0],
      [3, '3', '1.23', -2, 2, 7, 3, 2, null, 5],
    );
  });

  it('does date arithmetic', async () => {
    assert.deepEqual(
      (
        await db.query(
          "SELECT DATE_ADD('2024-01-31', INTERVAL 1 MONTH), '2024-03-01' - INTERVAL 1 DAY, DATEDIFF('2024-03-01', '2024-02-01'), YEAR('2024-05-06')",
        )
      )[0],
      ['2024-02-29', '2024-02-29', 29, 2024],
    );
  });

  it('answers an unknown function with 1305', async () => {
    assert.equal(await db.errno('SELECT NO_SUCH_FUNCTION(1)'), 1305);
  });
});

describe('session functions', () => {
  it('reports the session', async () => {
    const [[database, user, id, version]] = (await db.query(
      'SELECT DATABASE(), USER(), CONNECTION_ID(), VERSION()',
    )) as [[unknown, string, number, string]];
    assert.equal(database, null);
    assert.equal(user, 'root@localhost');
    assert.equal(typeof id, 'number');
    assert.match(version, /StrataDB/);
  });
});
