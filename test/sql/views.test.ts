import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

before(async () => {
  ({ server, db } = await withDatabase());
  await db.run('CREATE TABLE t1 (x INT, y VARCHAR(8))');
  await db.run("INSERT INTO t1 VALUES (1, 'true'), (0, 'false'), (NULL, 'NULL')");
});
after(() => server.close());

describe('CREATE VIEW', () => {
  it('makes a view that selects read through', async () => {
    await db.run('CREATE VIEW positive AS SELECT x FROM t1 WHERE x > 0');
    assert.deepEqual(await db.query('SELECT x FROM positive'), [[1]]);
  });

  it('names the columns after a column list', async () => {
    await db.run('CREATE VIEW named (a, b) AS SELECT x, y FROM t1');
    assert.deepEqual(await db.query('SELECT b FROM named WHERE a = 0'), [['false']]);
  });

  it('refuses a column list of another length (1353) and duplicate names (1060)', async () => {
    assert.equal(await db.errno('CREATE VIEW bad1 (a) AS SELECT x, y FROM t1'), 1353);
    assert.equal(await db.errno('CREATE VIEW bad2 AS SELECT x, x FROM t1'), 1060);
  });

  it('refuses a name a table or view holds (1050) and a query naming nothing (1146)', async () => {
    assert.equal(await db.errno('CREATE VIEW t1 AS SELECT 1'), 1050);
    await db.run('CREATE VIEW taken AS SELECT 1 AS one');
    assert.equal(await db.errno('CREATE VIEW taken AS SELECT 2 AS two'), 1050);
    assert.equal(await db.errno('CREATE TABLE taken (a INT)'), 1050);
    assert.equal(await db.errno('CREATE VIEW bad3 AS SELECT * FROM nope'), 1146);
  });

  it('refuses user variables in the query (1351)', async () => {
    assert.equal(await db.errno('CREATE VIEW bad4 AS SELECT @a'), 1351);
  });

  it('replaces a view with OR REPLACE and ALTER VIEW, and ALTER VIEW needs one (1146)', async () => {
    await db.run('CREATE VIEW replaced AS SELECT 1 AS one');
    await db.run('CREATE OR REPLACE VIEW replaced AS SELECT y FROM t1 WHERE x = 1');
    assert.deepEqual(await db.query('SELECT * FROM replaced'), [['true']]);
    await db.run("ALTER VIEW replaced AS SELECT 'z' AS z");
    assert.deepEqual(await db.query('SELECT * FROM replaced'), [['z']]);
    assert.equal(await db.errno('ALTER VIEW nope AS SELECT 1'), 1146);
  });

  it('refuses WITH CHECK OPTION with 1235', async () => {
    assert.equal(await db.errno('CREATE VIEW bad5 AS SELECT x FROM t1 WITH CHECK OPTION'), 1235);
  });
});

describe('DROP VIEW', () => {
  it('drops a view, and refuses a missing one (1051) and a table (1347)', async () => {
    await db.run('CREATE VIEW dropped AS SELECT 1 AS one');
    await db.run('DROP VIEW dropped');
    assert.equal(await db.errno('SELECT * FROM dropped'), 1146);
    assert.equal(await db.errno('DROP VIEW dropped'), 1051);
    assert.equal(await db.errno('DROP VIEW t1'), 1347);
  });

  it('notes a missing view under IF EXISTS', async () => {
    await db.run('DROP VIEW IF EXISTS nothing_here');
    assert.deepEqual(await db.query('SHOW WARNINGS'), [
      ['Note', 1051, "Unknown table 'test.nothing_here'"],
    ]);
  });

  it('is the only DROP that takes a view (DROP TABLE answers 1965)', async () => {
    await db.run('CREATE VIEW kept AS SELECT 1 AS one');
    assert.equal(await db.errno('DROP TABLE kept'), 1965);
  });
});

describe('views in SHOW and information_schema', () => {
  it('prints CREATE VIEW with its algorithm, definer and security', async () => {
    await db.run('CREATE VIEW shown AS SELECT x FROM t1');
    assert.deepEqual(await db.query('SHOW CREATE VIEW shown'), [
      [
        'shown',
        'CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `shown` AS SELECT x FROM t1',
        'utf8mb4',
        'utf8mb4_general_ci',
      ],
    ]);
    assert.equal((await db.query('SHOW CREATE TABLE shown'))[0]![0], 'shown');
    assert.equal(await db.errno('SHOW CREATE VIEW t1'), 1347);
  });

  it('lists views as VIEW in SHOW FULL TABLES and information_schema.TABLES', async () => {
    await db.run('CREATE VIEW listed AS SELECT x FROM t1');
    const full = await db.query("SHOW FULL TABLES LIKE 'listed'");
    assert.deepEqual(full, [['listed', 'VIEW']]);
    assert.deepEqual(
      await db.query(
        "SELECT TABLE_TYPE, ENGINE, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_NAME = 'listed'",
      ),
      [['VIEW', null, 'VIEW']],
    );
  });

  it('describes a view in information_schema.VIEWS and its columns in SHOW COLUMNS', async () => {
    await db.run('CREATE VIEW described (a, b) AS SELECT x, y FROM t1');
    assert.deepEqual(
      await db.query(
        "SELECT VIEW_DEFINITION, CHECK_OPTION, DEFINER, SECURITY_TYPE FROM information_schema.VIEWS WHERE TABLE_NAME = 'described'",
      ),
      [['SELECT x, y FROM t1', 'NONE', 'root@localhost', 'DEFINER']],
    );
    assert.deepEqual(await db.query('SHOW COLUMNS FROM described'), [
      ['a', 'int(11)', 'YES', '', null, ''],
      ['b', 'varchar(8)', 'YES', '', null, ''],
    ]);
  });
});
