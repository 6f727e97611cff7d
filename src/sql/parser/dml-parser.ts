// INSERT / REPLACE, UPDATE and DELETE (single-table and multi-table forms), and ANALYZE TABLE,
// which reads a table the way a query does.

import { ER } from '../../server/constants/error-codes.js';
import type {
  AnalyzeTableNode,
  Assignment,
  ColumnRefNode,
  DeleteNode,
  ExprNode,
  FromNode,
  InsertNode,
  StatementNode,
  TableRefNode,
} from '../ast/index.js';
import { notSupported, sqlError } from '../errors.js';
import { isReserved } from './keywords.js';
import { parseExpr } from './expression-parser.js';
import {
  parseFromList,
  parseLimit,
  parseOrderBy,
  parseQuery,
  parseTableName,
  parseValuesRow,
  startsQuery,
} from './query-parser.js';
import type { TokenCursor } from './token-cursor.js';

export function parseInsert(p: TokenCursor): InsertNode {
  const replace = p.acceptWord('REPLACE');
  if (!replace) p.expectWord('INSERT');
  while (p.acceptWord('LOW_PRIORITY') || p.acceptWord('DELAYED') || p.acceptWord('HIGH_PRIORITY'));
  const ignore = p.acceptWord('IGNORE');
  p.acceptWord('INTO');
  const table = parseTableName(p);
  const columns: string[] = [];
  let rows: ExprNode[][] | null = null;
  let query = null;
  if (p.isOp('(') && !startsQuery(p)) {
    p.next();
    if (!p.isOp(')')) {
      do columns.push(columnName(p));
      while (p.acceptOp(','));
    }
    p.expectOp(')');
  }
  if (p.acceptWord('VALUES') || p.acceptWord('VALUE')) {
    rows = [parseValuesRow(p)];
    while (p.acceptOp(',')) rows.push(parseValuesRow(p));
  } else if (p.acceptWord('SET')) {
    if (columns.length) throw p.error();
    const row: ExprNode[] = [];
    for (const assignment of parseAssignments(p)) {
      columns.push(assignment.column.column);
      row.push(assignment.value);
    }
    rows = [row];
  } else if (startsQuery(p)) {
    query = parseQuery(p);
  } else throw p.error();
  let onDuplicate: Assignment[] = [];
  if (p.acceptWord('ON', 'DUPLICATE', 'KEY', 'UPDATE')) {
    if (replace) throw p.error();
    onDuplicate = parseAssignments(p);
  }
  if (p.isWord('RETURNING')) throw notSupported('INSERT … RETURNING');
  return { kind: 'Insert', table, columns, rows, query, ignore, replace, onDuplicate };
}

/** `col` or `tbl.col` in a column list (the table part must name the target). */
function columnName(p: TokenCursor): string {
  let name = p.identifier();
  while (p.acceptOp('.')) name = p.identifier();
  return name;
}

function columnRef(p: TokenCursor): ColumnRefNode {
  const parts = [p.identifier()];
  while (p.acceptOp('.')) parts.push(p.identifier());
  if (parts.length > 3) throw p.error();
  return {
    kind: 'ColumnRef',
    database: parts.length === 3 ? parts[0]! : null,
    table: parts.length >= 2 ? parts[parts.length - 2]! : null,
    column: parts[parts.length - 1]!,
  };
}

export function parseAssignments(p: TokenCursor): Assignment[] {
  const list: Assignment[] = [];
  do {
    const column = columnRef(p);
    if (!p.acceptOp('=') && !p.acceptOp(':=')) throw p.error();
    list.push({ column, value: parseExpr(p) });
  } while (p.acceptOp(','));
  return list;
}

export function parseUpdate(p: TokenCursor): StatementNode {
  p.expectWord('UPDATE');
  p.acceptWord('LOW_PRIORITY');
  const ignore = p.acceptWord('IGNORE');
  const from = parseFromList(p);
  p.expectWord('SET');
  const assignments = parseAssignments(p);
  const where = p.acceptWord('WHERE') ? parseExpr(p) : null;
  const first = from[0]!;
  if (from.length === 1 && first.kind === 'TableRef') {
    const orderBy = p.acceptWord('ORDER', 'BY') ? parseOrderBy(p) : [];
    const limit = parseLimit(p);
    return { kind: 'Update', table: first, from: null, assignments, where, orderBy, limit, ignore };
  }
  if (p.isWord('ORDER') || p.isWord('LIMIT'))
    throw sqlError(ER.WRONG_USAGE, 'UPDATE', p.peek().text.toUpperCase());
  return {
    kind: 'Update',
    table: firstTable(first),
    from,
    assignments,
    where,
    orderBy: [],
    limit: null,
    ignore,
  };
}

function firstTable(from: FromNode): TableRefNode {
  if (from.kind === 'TableRef') return from;
  if (from.kind === 'Join') return firstTable(from.left);
  throw notSupported('a derived table as the first table of a multi-table statement');
}

/** A table to delete from in a multi-table DELETE: `name`, `name.*`, `db.name`, `db.name.*`. */
function deleteTarget(p: TokenCursor): TableRefNode {
  const parts = [p.identifier()];
  while (p.acceptOp('.')) {
    if (p.acceptOp('*')) break;
    parts.push(p.identifier());
  }
  if (parts.length > 2) throw p.error();
  return parts.length === 2
    ? { kind: 'TableRef', database: parts[0]!, name: parts[1]!, alias: null }
    : { kind: 'TableRef', database: null, name: parts[0]!, alias: null };
}

/** Whether `DELETE FROM` is followed by a list of targets and USING (the multi-table form). */
function startsTargetList(p: TokenCursor): boolean {
  let offset = 1;
  while (p.isOp('.', offset)) {
    if (p.isOp('*', offset + 1)) return true;
    offset += 2;
  }
  return p.isOp(',', offset) || p.isWord('USING', offset);
}

export function parseDelete(p: TokenCursor): StatementNode {
  p.expectWord('DELETE');
  while (p.acceptWord('LOW_PRIORITY') || p.acceptWord('QUICK') || p.acceptWord('IGNORE'));
  if (!p.acceptWord('FROM')) {
    // DELETE t1[.*], … FROM table_references [WHERE …]
    const targets = [deleteTarget(p)];
    while (p.acceptOp(',')) targets.push(deleteTarget(p));
    p.expectWord('FROM');
    return multiDelete(p, targets);
  }
  if (startsTargetList(p)) {
    // DELETE FROM t1[.*], … USING table_references [WHERE …]
    const targets = [deleteTarget(p)];
    while (p.acceptOp(',')) targets.push(deleteTarget(p));
    p.expectWord('USING');
    return multiDelete(p, targets);
  }
  const table = parseTableName(p);
  let alias: string | null = null;
  if (p.acceptWord('AS')) alias = p.identifier();
  else if (p.peek().type === 'quoted' || (p.peek().type === 'word' && !isReserved(p.peek().text)))
    alias = p.identifier();
  const where = p.acceptWord('WHERE') ? parseExpr(p) : null;
  const orderBy = p.acceptWord('ORDER', 'BY') ? parseOrderBy(p) : [];
  const limit = parseLimit(p);
  return { kind: 'Delete', table: { ...table, alias }, multi: null, where, orderBy, limit };
}

function multiDelete(p: TokenCursor, targets: TableRefNode[]): DeleteNode {
  const from = parseFromList(p);
  const where = p.acceptWord('WHERE') ? parseExpr(p) : null;
  if (p.isWord('ORDER') || p.isWord('LIMIT'))
    throw sqlError(ER.WRONG_USAGE, 'DELETE', p.peek().text.toUpperCase());
  return {
    kind: 'Delete',
    table: targets[0]!,
    multi: { targets, from },
    where,
    orderBy: [],
    limit: null,
  };
}

/** ANALYZE [NO_WRITE_TO_BINLOG | LOCAL] TABLE t [, t …] (statistics for the join planner). */
export function parseAnalyze(p: TokenCursor): AnalyzeTableNode {
  p.expectWord('ANALYZE');
  if (!p.acceptWord('NO_WRITE_TO_BINLOG')) p.acceptWord('LOCAL');
  if (!p.acceptWord('TABLE')) p.expectWord('TABLES');
  const tables = [parseTableName(p)];
  while (p.acceptOp(',')) tables.push(parseTableName(p));
  return { kind: 'AnalyzeTable', tables };
}
