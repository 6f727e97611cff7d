// INSERT / REPLACE, UPDATE and DELETE (single table; multi-table forms get 1235).

import type {
  Assignment,
  ColumnRefNode,
  ExprNode,
  InsertNode,
  StatementNode,
} from '../ast/index.js';
import { notSupported } from '../errors.js';
import { parseExpr } from './expression-parser.js';
import {
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
  const table = parseTableName(p);
  let alias: string | null = null;
  if (p.acceptWord('AS')) alias = p.identifier();
  else if (!p.isWord('SET') && (p.peek().type === 'word' || p.peek().type === 'quoted')) {
    alias = p.identifier();
  }
  if (p.isOp(',') || p.isWord('JOIN') || p.isWord('LEFT') || p.isWord('INNER')) {
    throw notSupported('multi-table UPDATE');
  }
  p.expectWord('SET');
  const assignments = parseAssignments(p);
  const where = p.acceptWord('WHERE') ? parseExpr(p) : null;
  const orderBy = p.acceptWord('ORDER', 'BY') ? parseOrderBy(p) : [];
  const limit = parseLimit(p);
  return { kind: 'Update', table: { ...table, alias }, assignments, where, orderBy, limit, ignore };
}

export function parseDelete(p: TokenCursor): StatementNode {
  p.expectWord('DELETE');
  while (p.acceptWord('LOW_PRIORITY') || p.acceptWord('QUICK') || p.acceptWord('IGNORE'));
  if (!p.isWord('FROM')) throw notSupported('multi-table DELETE');
  p.expectWord('FROM');
  const table = parseTableName(p);
  let alias: string | null = null;
  if (p.acceptWord('AS')) alias = p.identifier();
  if (p.isOp(',') || p.isWord('USING') || p.isWord('JOIN'))
    throw notSupported('multi-table DELETE');
  const where = p.acceptWord('WHERE') ? parseExpr(p) : null;
  const orderBy = p.acceptWord('ORDER', 'BY') ? parseOrderBy(p) : [];
  const limit = parseLimit(p);
  return { kind: 'Delete', table: { ...table, alias }, where, orderBy, limit };
}
