import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

before(async () => {
  ({ server, db } = await withDatabase());
  await db.run('CREATE TABLE t1 (x INT)');
});
after(() => server.close());

describe('CREATE TRIGGER', () => {
  it('keeps a trigger whose body runs nothing and lists it in SHOW TRIGGERS', async () => {
    await db.run('CREATE TRIGGER t1_ai AFTER INSERT ON t1 FOR EACH ROW BEGIN END');
    const [row] = await db.query("SHOW TRIGGERS LIKE 't1'");
    assert.deepEqual(row!.slice(0, 5), ['t1_ai', 'INSERT', 't1', 'BEGIN END', 'AFTER']);
    await db.run('INSERT INTO t1 VALUES (1)');
    assert.deepEqual(await db.query('SELECT x FROM t1'), [[1]]);
  });

  it('refuses a second trigger of the same name (1359) and notes it under IF NOT EXISTS', async () => {
    await db.run('CREATE TRIGGER t1_bu BEFORE UPDATE ON t1 FOR EACH ROW BEGIN END');
    assert.equal(
      await db.errno('CREATE TRIGGER t1_bu BEFORE UPDATE ON t1 FOR EACH ROW BEGIN END'),
      1359,
    );
    await db.run('CREATE TRIGGER IF NOT EXISTS t1_bu BEFORE DELETE ON t1 FOR EACH ROW BEGIN END');
    assert.deepEqual(await db.query('SHOW WARNINGS'), [['Note', 1359, 'Trigger already exists']]);
  });

  it('refuses a body that runs statements with 1235, and a missing table with 1146', async () => {
    assert.equal(
      await db.errno('CREATE TRIGGER t1_x AFTER INSERT ON t1 FOR EACH ROW SET @a = 1'),
      1235,
    );
    assert.equal(
      await db.errno('CREATE TRIGGER t1_y AFTER INSERT ON nope FOR EACH ROW BEGIN END'),
      1146,
    );
  });

  it('shows the statement with SHOW CREATE TRIGGER and in information_schema.TRIGGERS', async () => {
    await db.run('CREATE TRIGGER t1_bd BEFORE DELETE ON t1 FOR EACH ROW BEGIN END');
    const [shown] = await db.query('SHOW CREATE TRIGGER t1_bd');
    assert.equal(shown![2], 'CREATE TRIGGER t1_bd BEFORE DELETE ON t1 FOR EACH ROW BEGIN END');
    assert.deepEqual(
      await db.query(
        "SELECT EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_ORIENTATION FROM information_schema.TRIGGERS WHERE TRIGGER_NAME = 't1_bd'",
      ),
      [['DELETE', 't1', 'BEFORE', 'ROW']],
    );
  });
});

describe('DROP TRIGGER', () => {
  it('drops a trigger, and refuses a missing one with 1360', async () => {
    await db.run('CREATE TRIGGER gone AFTER UPDATE ON t1 FOR EACH ROW BEGIN END');
    await db.run('DROP TRIGGER gone');
    assert.equal(await db.errno('DROP TRIGGER gone'), 1360);
    await db.run('DROP TRIGGER IF EXISTS gone');
    assert.deepEqual(await db.query('SHOW WARNINGS'), [['Note', 1360, 'Trigger does not exist']]);
  });

  it('goes with its table: renamed along, dropped with it', async () => {
    await db.run('CREATE TABLE t2 (x INT)');
    await db.run('CREATE TRIGGER t2_ai AFTER INSERT ON t2 FOR EACH ROW BEGIN END');
    await db.run('RENAME TABLE t2 TO t3');
    assert.deepEqual(
      (await db.query("SHOW TRIGGERS LIKE 't3'")).map((r) => r[0]),
      ['t2_ai'],
    );
    await db.run('DROP TABLE t3');
    assert.equal(await db.errno('DROP TRIGGER t2_ai'), 1360);
  });
});
