// ORDER BY answered from key order: the rows must come out exactly as a sort would order them
// (ties aside), in both directions, with LIMIT and OFFSET, and EXPLAIN must show no filesort.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { SqlValue } from '../../src/sql/api.js';
import { SeededRandom } from '../support/random.js';
import { withDatabase } from './harness.js';
import type { TestClient, TestServer } from './harness.js';

let server: TestServer;
let db: TestClient;

const ROWS = 600;
const WORDS = ['apple', 'Apple', 'banana', 'cherry', 'Cherry', 'date', 'elder', 'fig', ''];

interface Row {
  id: number;
  k: number | null;
  s: string | null;
}
const rows: Row[] = [];

before(async () => {
  ({ server, db } = await withDatabase());
  await db.run(
    'CREATE TABLE t (id INT PRIMARY KEY, k INT, s VARCHAR(20), KEY k_s (k, s), KEY s_desc (s DESC), KEY s_prefix (s(2)))',
  );
  await db.run('CREATE TABLE named (name VARCHAR(20) NOT NULL PRIMARY KEY, n INT)');
  const random = SeededRandom.fromEnvironment('order by index');
  const values: string[] = [];
  for (let id = 1; id <= ROWS; id++) {
    const row: Row = {
      id,
      k: random.bool(0.1) ? null : random.int(20) - 5,
      s: random.bool(0.1) ? null : random.pick(WORDS) + (random.bool(0.3) ? random.int(5) : ''),
    };
    rows.push(row);
    values.push(`(${id}, ${row.k ?? 'NULL'}, ${row.s === null ? 'NULL' : `'${row.s}'`})`);
  }
  await db.run(`INSERT INTO t VALUES ${values.join(', ')}`);
  await db.run(
    `INSERT INTO named VALUES ${Array.from({ length: 200 }, (_, i) => `('n${String(i).padStart(3, '0')}', ${i})`).join(', ')}`,
  );
});
after(() => server.close());

/** MySQL's order of a column value: NULL first, strings as utf8mb4_general_ci compares them. */
function compareValues(a: SqlValue, b: SqlValue): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

/** The ORDER BY columns of rows (what a correct answer fixes, whatever it does with ties). */
function keysOf(result: SqlValue[][], columns: number[]): string {
  return JSON.stringify(result.map((r) => columns.map((c) => String(r[c]).toLowerCase())));
}

async function plan(sql: string): Promise<string> {
  const explained = await db.query(`EXPLAIN ${sql}`);
  return explained.map((r) => `${r[4]} ${r[9]}`).join(' | ');
}

describe('ORDER BY from key order', () => {
  const cases: Array<{
    sql: string;
    key: (r: Row) => SqlValue[];
    /** Where the key's columns are in the result. */
    cols: number[];
    desc: boolean;
    where?: (r: Row) => boolean;
  }> = [
    {
      sql: 'SELECT id, k, s FROM t ORDER BY id DESC LIMIT 7',
      key: (r) => [r.id],
      cols: [0],
      desc: true,
    },
    {
      sql: 'SELECT id, k, s FROM t WHERE id > 100 ORDER BY id LIMIT 5 OFFSET 3',
      key: (r) => [r.id],
      cols: [0],
      desc: false,
      where: (r) => r.id > 100,
    },
    {
      sql: 'SELECT id, k, s FROM t ORDER BY k, s LIMIT 50',
      key: (r) => [r.k, r.s],
      cols: [1, 2],
      desc: false,
    },
    {
      sql: 'SELECT id, k, s FROM t ORDER BY k DESC, s DESC LIMIT 50',
      key: (r) => [r.k, r.s],
      cols: [1, 2],
      desc: true,
    },
    {
      sql: 'SELECT id, k, s FROM t WHERE k = 3 ORDER BY s DESC',
      key: (r) => [r.k, r.s],
      cols: [1, 2],
      desc: true,
      where: (r) => r.k === 3,
    },
    {
      sql: 'SELECT id, k, s FROM t WHERE k BETWEEN 2 AND 6 ORDER BY k, s',
      key: (r) => [r.k, r.s],
      cols: [1, 2],
      desc: false,
      where: (r) => r.k !== null && r.k >= 2 && r.k <= 6,
    },
    {
      sql: 'SELECT id, k, s FROM t ORDER BY s LIMIT 40',
      key: (r) => [r.s],
      cols: [2],
      desc: false,
    },
    {
      sql: 'SELECT id, k, s FROM t ORDER BY s DESC LIMIT 40',
      key: (r) => [r.s],
      cols: [2],
      desc: true,
    },
  ];

  for (const c of cases) {
    it(`${c.sql} reads in key order and agrees with a sort`, async () => {
      assert.doesNotMatch(await plan(c.sql), /filesort/);
      const got = await db.query(c.sql);
      const compare = (a: Row, b: Row) => {
        const x = c.key(a);
        const y = c.key(b);
        for (let i = 0; i < x.length; i++) {
          const d = compareValues(x[i]!, y[i]!);
          if (d !== 0) return c.desc ? -d : d;
        }
        return 0;
      };
      const expected = rows.filter(c.where ?? (() => true)).sort(compare);
      const limit = /LIMIT (\d+)(?: OFFSET (\d+))?/.exec(c.sql);
      const offset = Number(limit?.[2] ?? 0);
      const wanted = limit ? expected.slice(offset, offset + Number(limit[1])) : expected;
      const columns = c.cols;
      assert.equal(got.length, wanted.length);
      assert.equal(
        keysOf(got, columns),
        keysOf(
          wanted.map((r) => [r.id, r.k, r.s]),
          columns,
        ),
      );
      // Every row returned is a row of the table with those values.
      for (const [id, k, s] of got) {
        const row = rows[Number(id) - 1]!;
        assert.deepEqual([row.k, row.s], [k, s]);
      }
    });
  }

  it('a range over a string primary key stops after LIMIT rows, in both directions', async () => {
    const sql = "SELECT name, n FROM named WHERE name >= 'n050' AND name < 'n150' ORDER BY name";
    assert.doesNotMatch(await plan(`${sql} LIMIT 3`), /filesort/);
    assert.deepEqual(await db.query(`${sql} LIMIT 3`), [
      ['n050', 50],
      ['n051', 51],
      ['n052', 52],
    ]);
    assert.match(await plan(`${sql} DESC LIMIT 2`), /Backward index scan/);
    assert.deepEqual(await db.query(`${sql} DESC LIMIT 2`), [
      ['n149', 149],
      ['n148', 148],
    ]);
  });

  it('sorts when the key cannot give the order', async () => {
    for (const sql of [
      'SELECT id FROM t ORDER BY k, id LIMIT 5', // the index's second column is s
      'SELECT id FROM t ORDER BY k, s DESC LIMIT 5', // mixed directions
      'SELECT id FROM t ORDER BY k + 0 LIMIT 5', // an expression
      'SELECT id FROM t WHERE id IN (5, 3, 9) ORDER BY id DESC',
    ]) {
      assert.match(await plan(sql), /filesort/, sql);
    }
    assert.deepEqual(await db.query('SELECT id FROM t WHERE id IN (5, 3, 9) ORDER BY id DESC'), [
      [9],
      [5],
      [3],
    ]);
  });

  it('reads FOR UPDATE in key order too', async () => {
    await db.run('BEGIN');
    assert.deepEqual(await db.query('SELECT id FROM t WHERE id <= 4 ORDER BY id DESC FOR UPDATE'), [
      [4],
      [3],
      [2],
      [1],
    ]);
    await db.run('COMMIT');
  });
});
