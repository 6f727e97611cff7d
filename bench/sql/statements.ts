// sysbench's OLTP table and statements (oltp_common.lua of sysbench 1.0), word for word, so that
// the same workload through mysql2 and through the sysbench binary asks the server the same thing.

export function tableName(table: number): string {
  return `sbtest${table}`;
}

/** `engineClause` is pasted after ENGINE = as sysbench's --mysql_storage_engine is. */
export function createTable(table: number, engineClause: string | undefined): string {
  return (
    `CREATE TABLE ${tableName(table)}(\n` +
    '  id INTEGER NOT NULL AUTO_INCREMENT,\n' +
    "  k INTEGER DEFAULT '0' NOT NULL,\n" +
    "  c CHAR(120) DEFAULT '' NOT NULL,\n" +
    "  pad CHAR(60) DEFAULT '' NOT NULL,\n" +
    '  PRIMARY KEY (id)\n' +
    `)${engineClause === undefined ? '' : ` ENGINE = ${engineClause}`}`
  );
}

export function insertRowsPrefix(table: number): string {
  return `INSERT INTO ${tableName(table)}(k, c, pad) VALUES`;
}

export function createSecondaryIndex(table: number): string {
  return `CREATE INDEX k_${table} ON ${tableName(table)}(k)`;
}

export function dropTable(table: number): string {
  return `DROP TABLE IF EXISTS ${tableName(table)}`;
}

export const STATEMENTS = {
  pointSelect: (t: number) => `SELECT c FROM ${tableName(t)} WHERE id=?`,
  simpleRange: (t: number) => `SELECT c FROM ${tableName(t)} WHERE id BETWEEN ? AND ?`,
  sumRange: (t: number) => `SELECT SUM(k) FROM ${tableName(t)} WHERE id BETWEEN ? AND ?`,
  orderRange: (t: number) => `SELECT c FROM ${tableName(t)} WHERE id BETWEEN ? AND ? ORDER BY c`,
  distinctRange: (t: number) =>
    `SELECT DISTINCT c FROM ${tableName(t)} WHERE id BETWEEN ? AND ? ORDER BY c`,
  indexUpdate: (t: number) => `UPDATE ${tableName(t)} SET k=k+1 WHERE id=?`,
  nonIndexUpdate: (t: number) => `UPDATE ${tableName(t)} SET c=? WHERE id=?`,
  delete: (t: number) => `DELETE FROM ${tableName(t)} WHERE id=?`,
  insert: (t: number) => `INSERT INTO ${tableName(t)} (id, k, c, pad) VALUES (?, ?, ?, ?)`,
} as const;

/** oltp_insert sends its statement as text, with id 0 so that AUTO_INCREMENT assigns one. */
export function textInsert(table: number, k: number, c: string, pad: string): string {
  return `INSERT INTO ${tableName(table)} (id, k, c, pad) VALUES (0, ${k}, '${c}', '${pad}')`;
}
