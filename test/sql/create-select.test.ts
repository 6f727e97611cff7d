import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

before(async () => {
  ({ server, db } = await withDatabase());
  await db.run(
    'CREATE TABLE src (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, score DECIMAL(5,2))',
  );
  await db.run("INSERT INTO src VALUES (1, 'ann', 1.5), (2, 'bob', NULL), (3, 'cy', 3.25)");
});
after(() => server.close());

async function createText(table: string): Promise<string> {
  const [[, text]] = (await db.query(`SHOW CREATE TABLE ${table}`)) as [[string, string]];
  return text;
}

describe('CREATE TABLE … SELECT', () => {
  it('copies the rows and the types of the columns it selects', async () => {
    const result = await db.run('CREATE TABLE c1 AS SELECT id, name FROM src WHERE id < 3');
    assert.ok(result.kind === 'ok');
    assert.equal(result.affectedRows, 2);
    assert.equal(result.info, 'Records: 2  Duplicates: 0  Warnings: 0');
    assert.deepEqual(await db.query('SELECT * FROM c1 ORDER BY id'), [
      [1, 'ann'],
      [2, 'bob'],
    ]);
    assert.match(
      await createText('c1'),
      /`id` int\(11\) NOT NULL,\n {2}`name` varchar\(20\) NOT NULL\n/,
    );
  });

  it('types expression columns from their result, NOT NULL when they cannot be NULL', async () => {
    await db.run("CREATE TABLE c2 SELECT 1 AS a, 'xy' AS b, 1e0 AS c, NULL AS d");
    assert.match(
      await createText('c2'),
      /`a` int\(1\) NOT NULL,\n {2}`b` varchar\(2\) NOT NULL,\n {2}`c` double NOT NULL,\n {2}`d` binary\(0\) DEFAULT NULL/,
    );
  });

  it('puts defined columns first and fills them from selected columns of the same name', async () => {
    await db.run(
      'CREATE TABLE c3 (seq INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40)) SELECT name, score FROM src ORDER BY id',
    );
    assert.deepEqual(await db.query('SELECT * FROM c3 ORDER BY seq'), [
      [1, 'ann', '1.50'],
      [2, 'bob', null],
      [3, 'cy', '3.25'],
    ]);
  });

  it('fails with 1062 on a duplicate key and leaves no table; IGNORE skips with a warning', async () => {
    const query = 'SELECT 1 AS a UNION ALL SELECT 1';
    assert.equal(await db.errno(`CREATE TABLE c4 (a INT PRIMARY KEY) ${query}`), 1062);
    assert.equal(await db.errno('SELECT * FROM c4'), 1146);
    const result = await db.run(`CREATE TABLE c4 (a INT PRIMARY KEY) IGNORE ${query}`);
    assert.ok(result.kind === 'ok');
    assert.equal(result.info, 'Records: 2  Duplicates: 1  Warnings: 1');
    assert.deepEqual(await db.query('SHOW WARNINGS'), [
      ['Warning', 1062, "Duplicate entry '1' for key 'PRIMARY'"],
    ]);
  });

  it('checks values against defined columns as INSERT does (1264 in strict mode)', async () => {
    assert.equal(await db.errno('CREATE TABLE c5 (a TINYINT) SELECT 300 AS a'), 1264);
    assert.equal(await db.errno('SELECT * FROM c5'), 1146);
  });

  it('refuses an existing name (1050) unless IF NOT EXISTS, which notes it', async () => {
    assert.equal(await db.errno('CREATE TABLE src SELECT 1 AS a'), 1050);
    await db.run('CREATE TABLE IF NOT EXISTS src SELECT 1 AS a');
    assert.deepEqual(await db.query('SHOW WARNINGS'), [
      ['Note', 1050, "Table 'src' already exists"],
    ]);
  });
});

describe('CREATE TABLE … LIKE', () => {
  it('copies the definition, keys included, and none of the rows', async () => {
    await db.run('CREATE TABLE l1 LIKE src');
    assert.equal((await createText('l1')).replace('`l1`', '`src`'), await createText('src'));
    assert.deepEqual(await db.query('SELECT COUNT(*) FROM l1'), [[0]]);
  });

  it('refuses a view as the model (1347)', async () => {
    await db.run('CREATE VIEW lv AS SELECT id FROM src');
    assert.equal(await db.errno('CREATE TABLE l2 LIKE lv'), 1347);
  });
});
