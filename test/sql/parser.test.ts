import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { normalize } from '../../src/sql/parser/normalize.js';
import { parseSql } from '../../src/sql/parser/parse.js';
import { splitStatements } from '../../src/sql/parser/lexer.js';

function errnoOf(run: () => unknown): { errno: number; message: string } {
  try {
    run();
  } catch (error) {
    return error as { errno: number; message: string };
  }
  throw new Error('expected a parse error');
}

describe('statement normalization', () => {
  it('lifts the literals of DML statements out of the cache key', () => {
    assert.equal(normalize('SELECT c FROM t WHERE id=5').key, 'SELECT c FROM t WHERE id=?');
    assert.equal(
      normalize("SELECT c FROM t WHERE id=7 AND c='x'").key,
      'SELECT c FROM t WHERE id=? AND c=?',
    );
  });

  it('gives statements that differ only in literals the same key', () => {
    assert.equal(
      normalize('UPDATE t SET k=k+1 WHERE id=1').key,
      normalize('UPDATE t SET k=k+1 WHERE id=99').key,
    );
  });

  it('keeps type lengths and scales in the text', () => {
    assert.equal(
      normalize('SELECT CAST(a AS DECIMAL(10,2)) FROM t').key,
      'SELECT CAST(a AS DECIMAL(10,2)) FROM t',
    );
  });

  it('reads typed literals and introducers as one literal', () => {
    const n = normalize("SELECT DATE '2024-01-02', _utf8mb4'x', X'41'");
    assert.deepEqual(
      n.slots.map((s) => s.literal?.type),
      ['date', 'string', 'hex'],
    );
  });

  it('leaves the literals of other statements in place', () => {
    assert.equal(normalize("SET NAMES 'utf8mb4'").slots.length, 0);
  });

  it('decodes MySQL string escapes and doubled quotes', () => {
    const n = normalize("SELECT 'it''s', 'a\\nb', \"q\"");
    assert.deepEqual(
      n.slots.map((s) => s.literal?.value),
      ["it's", 'a\nb', 'q'],
    );
  });

  it('types numbers as MySQL does: integer, DECIMAL with a point, DOUBLE with an exponent', () => {
    const n = normalize('SELECT 7, 18446744073709551615, 1.50, 1e3');
    assert.deepEqual(
      n.slots.map((s) => s.literal?.type),
      ['int', 'int', 'decimal', 'double'],
    );
    assert.equal(n.slots[1]!.literal!.value, 18446744073709551615n);
  });
});

describe('statement splitting', () => {
  it('splits at top-level semicolons only', () => {
    assert.deepEqual(splitStatements("SELECT 'a;b'; SELECT 2 ;; -- c;\n SELECT 3"), [
      "SELECT 'a;b'",
      'SELECT 2',
      '-- c;\n SELECT 3',
    ]);
  });
});

describe('the parser', () => {
  it('parses MySQL operators node-sql-parser lacks (<=>, BINARY, bare CURRENT_USER)', () => {
    const { statement } = parseSql('SELECT a <=> b, BINARY a, CURRENT_USER FROM t');
    assert.equal(statement.kind, 'Select');
    if (statement.kind !== 'Select') return;
    assert.deepEqual(
      statement.items.map((i) => i.expr.kind),
      ['Binary', 'Unary', 'FunctionCall'],
    );
  });

  it('keeps the text of select items for column names', () => {
    const { statement } = parseSql('SELECT  a+1 , COUNT(*) AS n FROM t');
    assert.ok(statement.kind === 'Select');
    assert.deepEqual(
      statement.items.map((i) => [i.text, i.alias]),
      [
        ['a+1', null],
        ['COUNT(*)', 'n'],
      ],
    );
  });

  it('marks statements whose meaning depends on a literal (ORDER BY 1) as literal-bound', () => {
    assert.equal(parseSql('SELECT a FROM t ORDER BY 1').literalBound, true);
    assert.equal(parseSql('SELECT a FROM t WHERE a = 1').literalBound, false);
  });

  it('reads MariaDB table options of CREATE TABLE', () => {
    const { statement } = parseSql(
      "CREATE TABLE t (id INT PRIMARY KEY, r REAL) ENGINE=InnoDB PAGE_COMPRESSED=1 PAGE_COMPRESSION_LEVEL=4 ATOMIC_WRITES='ON' DATA DIRECTORY='/data'",
    );
    assert.ok(statement.kind === 'CreateTable');
    assert.deepEqual(statement.options, {
      engine: 'InnoDB',
      charset: null,
      collation: null,
      comment: null,
      autoIncrement: null,
      pageCompressed: true,
      pageCompressionLevel: 4,
      atomicWrites: 'ON',
      dataDirectory: '/data',
    });
    assert.equal(statement.columns[1]!.type, 'double');
  });

  it('parses SET with scopes, bare words and user variables', () => {
    const { statement } = parseSql(
      'SET SESSION sql_mode = TRADITIONAL, @@global.autocommit = 1, @x := 2, tx_isolation = READ-COMMITTED',
    );
    assert.ok(statement.kind === 'SetVariables');
    assert.deepEqual(
      statement.assignments.map((a) => [a.scope, a.name]),
      [
        ['session', 'sql_mode'],
        ['global', 'autocommit'],
        ['user', 'x'],
        ['session', 'tx_isolation'],
      ],
    );
  });

  it('parses SHOW, KILL, GRANT and user statements', () => {
    assert.equal(parseSql("SHOW FULL COLUMNS FROM t LIKE 'c%'").statement.kind, 'Show');
    assert.deepEqual(parseSql('KILL QUERY 12').statement, {
      kind: 'Kill',
      query: true,
      connectionId: { kind: 'Literal', type: 'int', value: 12 },
    });
    const grant = parseSql("GRANT SELECT, INSERT ON db.* TO 'u'@'%' IDENTIFIED BY 'pw'").statement;
    assert.ok(grant.kind === 'Grant');
    assert.deepEqual(grant.level, { database: 'db', table: '*' });
    assert.equal(grant.users[0]!.password, 'pw');
  });

  it('answers bad syntax with 1064 naming the offending text', () => {
    const error = errnoOf(() => parseSql('SELECT a FROM t WHERE'));
    assert.equal(error.errno, 1064);
    const near = errnoOf(() => parseSql('SELEC 1'));
    assert.match(near.message, /near 'SELEC 1' at line 1/);
  });

  it('answers known but unsupported statements with 1235', () => {
    assert.equal(errnoOf(() => parseSql('LOCK TABLES t READ')).errno, 1235);
    assert.equal(errnoOf(() => parseSql('WITH c AS (SELECT 1) SELECT * FROM c')).errno, 1235);
  });

  it('answers an empty statement with 1065', () => {
    assert.equal(errnoOf(() => parseSql('  ')).errno, 1065);
  });
});
