// Table maintenance statements: OPTIMIZE TABLE.

import type { OptimizeTableNode } from '../ast/optimize-table.js';
import { parseTableName } from './query-parser.js';
import type { TokenCursor } from './token-cursor.js';

export function parseOptimize(p: TokenCursor): OptimizeTableNode {
  p.next();
  if (!p.acceptWord('NO_WRITE_TO_BINLOG')) p.acceptWord('LOCAL');
  if (!p.acceptWord('TABLE')) p.expectWord('TABLES');
  const tables = [parseTableName(p)];
  while (p.acceptOp(',')) tables.push(parseTableName(p));
  return { kind: 'OptimizeTable', tables };
}
