// Result sets built by the server itself (SHOW, information_schema): named columns of text or
// integers, filtered by SHOW's LIKE pattern or WHERE clause over those columns.

import { ER } from '../../server/constants/error-codes.js';
import type { ExprNode } from '../ast/index.js';
import type { ColumnDefinition, RowsResult, SqlValue } from '../api.js';
import { sqlError, notSupported } from '../errors.js';
import { compileExpr } from '../expr/compile.js';
import { truth } from '../expr/convert.js';
import { makeType } from '../expr/expr-type.js';
import type { ExprType } from '../expr/expr-type.js';
import { likeToRegExp } from '../expr/like.js';
import { resultColumn } from '../planner/result-columns.js';
import type { SqlSession } from './session.js';

export interface TextColumn {
  readonly name: string;
  readonly type?: 'int' | 'string';
}

const NAME_LENGTH = 64;

function columnType(column: TextColumn): ExprType {
  return column.type === 'int' ? makeType('int') : makeType('string', { length: NAME_LENGTH });
}

export function textColumns(columns: readonly TextColumn[]): ColumnDefinition[] {
  return columns.map((c) => resultColumn(c.name, columnType(c)));
}

export function textResult(columns: readonly TextColumn[], rows: SqlValue[][]): RowsResult {
  return { kind: 'rows', columns: textColumns(columns), rows, warnings: 0 };
}

/** Rows whose first column matches a LIKE pattern (case-insensitive, as SHOW … LIKE is). */
export function filterLike(rows: SqlValue[][], pattern: string | null, column = 0): SqlValue[][] {
  if (pattern === null) return rows;
  const regex = likeToRegExp(pattern, '\\', true);
  return rows.filter((r) => regex.test(String(r[column] ?? '')));
}

/** Rows for which a WHERE over the result's column names is true. */
export function filterWhere(
  session: SqlSession,
  columns: readonly TextColumn[],
  rows: SqlValue[][],
  where: ExprNode | null,
): SqlValue[][] {
  if (where === null) return rows;
  const compiled = compileExpr(where, {
    clause: 'where clause',
    resolveColumn: (ref) => {
      const slot = columns.findIndex((c) => c.name.toLowerCase() === ref.column.toLowerCase());
      if (slot < 0) throw sqlError(ER.BAD_FIELD_ERROR, ref.column, 'where clause');
      return { slot, type: columnType(columns[slot]!) };
    },
    paramType: () => makeType('null'),
    variableType: () => makeType('string'),
    aggregate: null,
    subquery: () => {
      throw notSupported('subqueries in SHOW … WHERE');
    },
  });
  const ctx = session.evalContext([], false);
  return rows.filter(
    (row) => truth(compiled.evaluate(row as never, ctx), compiled.type, ctx) === true,
  );
}
