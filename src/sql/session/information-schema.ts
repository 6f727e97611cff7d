// information_schema: SCHEMATA, TABLES, VIEWS, COLUMNS, STATISTICS, KEY_COLUMN_USAGE,
// TABLE_CONSTRAINTS, INNODB_SYS_TABLESPACES, ENGINES, COLLATIONS, CHARACTER_SETS, PROCESSLIST
// and SESSION_VARIABLES / GLOBAL_VARIABLES, computed from the catalog (and, for row counts and
// sizes, the store) when read. Objects the user holds no privilege on are left out.

import { SECRET_SERVER_SETTINGS } from '../../config/variables/server.js';
import type { ColumnInfo, TableInfo, ViewInfo } from '../catalog/schema.js';
import { hasAnyPrivilegeOn } from '../catalog/privileges.js';
import { tableStats } from '../catalog/table-stats.js';
import type { VirtualTable } from '../planner/plan-env.js';
import { COLLATIONS } from '../types/collation.js';
import { makeColumnType } from '../types/column-type.js';
import { DEFAULT_COLLATION } from '../types/collation.js';
import type { Row, Value } from '../types/value.js';
import { asSqlValue } from './session-variables.js';
import { PERFORMANCE_SCHEMA, performanceSchemaTable } from './performance-schema.js';
import {
  columnKey,
  columnRow,
  publicIndexes,
  ROW_FORMAT,
  tableStatus,
  timestampText,
  VIEW_STATUS,
  viewColumns,
} from './table-descriptions.js';
import type { SqlSession } from './session.js';

export type ColumnSpec = [name: string, type: 'int' | 'string'];

const VIRTUAL_TABLE_ID_BASE = -1_000_000;
/** Page size and file system block size InnoDB reports (we write 16 KiB pages, 4 KiB blocks). */
const PAGE_SIZE_BYTES = 16_384;
const FS_BLOCK_SIZE_BYTES = 4_096;
const NAME_LENGTH = 64;
const TEXT_LENGTH = 2048;

export function virtualInfo(id: number, name: string, specs: readonly ColumnSpec[]): TableInfo {
  const columns: ColumnInfo[] = specs.map(([columnName, type], offset) => ({
    id: offset + 1,
    name: columnName,
    offset,
    type:
      type === 'int'
        ? makeColumnType('bigint', { unsigned: true })
        : makeColumnType('varchar', {
            length:
              columnName === 'COLUMN_TYPE' || columnName === 'INFO' ? TEXT_LENGTH : NAME_LENGTH,
            collation: DEFAULT_COLLATION,
          }),
    notNull: false,
    defaultValue: { kind: 'null' },
    onUpdateNow: false,
    autoIncrement: false,
    zerofill: false,
    comment: '',
  }));
  return {
    id: VIRTUAL_TABLE_ID_BASE - id,
    databaseId: 0,
    name,
    columns,
    indexes: [],
    handleColumn: -1,
    autoIncrementColumn: -1,
    nextColumnId: columns.length + 1,
    nextIndexId: 1,
    options: {
      engine: 'MEMORY',
      charset: 'utf8mb3',
      collation: 'utf8mb3_general_ci',
      comment: '',
      pageCompressed: false,
      pageCompressionLevel: null,
      atomicWrites: 'DEFAULT',
      dataDirectory: null,
      autoIncrementStart: null,
    },
    updateVersion: 0,
    createTimeMs: 0,
  };
}

interface Definition {
  readonly columns: readonly ColumnSpec[];
  rows(session: SqlSession): Promise<Value[][]> | Value[][];
}

function visibleTables(session: SqlSession): Array<{ db: string; table: TableInfo }> {
  const schema = session.services.catalog.schema;
  const out: Array<{ db: string; table: TableInfo }> = [];
  for (const db of schema.databases()) {
    if (!hasAnyPrivilegeOn(session.account, db.name)) continue;
    for (const table of schema.tables(db.name)) out.push({ db: db.name, table });
  }
  return out;
}

function visibleViews(session: SqlSession): Array<{ db: string; view: ViewInfo }> {
  const schema = session.services.catalog.schema;
  const out: Array<{ db: string; view: ViewInfo }> = [];
  for (const db of schema.databases()) {
    if (!hasAnyPrivilegeOn(session.account, db.name)) continue;
    for (const view of schema.views(db.name)) out.push({ db: db.name, view });
  }
  return out;
}

const DEFINITIONS: Record<string, Definition> = {
  SCHEMATA: {
    columns: [
      ['CATALOG_NAME', 'string'],
      ['SCHEMA_NAME', 'string'],
      ['DEFAULT_CHARACTER_SET_NAME', 'string'],
      ['DEFAULT_COLLATION_NAME', 'string'],
      ['SQL_PATH', 'string'],
    ],
    rows: (session) => [
      ['def', 'information_schema', 'utf8mb3', 'utf8mb3_general_ci', null],
      ...session.services.catalog.schema
        .databases()
        .filter((db) => hasAnyPrivilegeOn(session.account, db.name))
        .map((db) => ['def', db.name, db.charset, db.collation, null]),
    ],
  },
  TABLES: {
    columns: [
      ['TABLE_CATALOG', 'string'],
      ['TABLE_SCHEMA', 'string'],
      ['TABLE_NAME', 'string'],
      ['TABLE_TYPE', 'string'],
      ['ENGINE', 'string'],
      ['VERSION', 'int'],
      ['ROW_FORMAT', 'string'],
      ['TABLE_ROWS', 'int'],
      ['AVG_ROW_LENGTH', 'int'],
      ['DATA_LENGTH', 'int'],
      ['MAX_DATA_LENGTH', 'int'],
      ['INDEX_LENGTH', 'int'],
      ['DATA_FREE', 'int'],
      ['AUTO_INCREMENT', 'int'],
      ['CREATE_TIME', 'string'],
      ['UPDATE_TIME', 'string'],
      ['CHECK_TIME', 'string'],
      ['TABLE_COLLATION', 'string'],
      ['CHECKSUM', 'int'],
      ['CREATE_OPTIONS', 'string'],
      ['TABLE_COMMENT', 'string'],
    ],
    rows: async (session) => {
      const rows: Value[][] = [];
      for (const { db, table } of visibleTables(session))
        rows.push(['def', db, table.name, 'BASE TABLE', ...(await tableStatus(session, table))]);
      for (const { db, view } of visibleViews(session))
        rows.push(['def', db, view.name, 'VIEW', ...VIEW_STATUS]);
      return rows;
    },
  },
  VIEWS: {
    columns: [
      ['TABLE_CATALOG', 'string'],
      ['TABLE_SCHEMA', 'string'],
      ['TABLE_NAME', 'string'],
      ['VIEW_DEFINITION', 'string'],
      ['CHECK_OPTION', 'string'],
      ['IS_UPDATABLE', 'string'],
      ['DEFINER', 'string'],
      ['SECURITY_TYPE', 'string'],
      ['CHARACTER_SET_CLIENT', 'string'],
      ['COLLATION_CONNECTION', 'string'],
      ['ALGORITHM', 'string'],
    ],
    rows: (session) =>
      visibleViews(session).map(({ db, view }) => [
        'def',
        db,
        view.name,
        view.definition,
        view.checkOption,
        'NO',
        view.definer,
        view.security,
        view.clientCharset,
        view.connectionCollation,
        view.algorithm,
      ]),
  },
  COLUMNS: {
    columns: [
      ['TABLE_CATALOG', 'string'],
      ['TABLE_SCHEMA', 'string'],
      ['TABLE_NAME', 'string'],
      ['COLUMN_NAME', 'string'],
      ['ORDINAL_POSITION', 'int'],
      ['COLUMN_DEFAULT', 'string'],
      ['IS_NULLABLE', 'string'],
      ['DATA_TYPE', 'string'],
      ['CHARACTER_MAXIMUM_LENGTH', 'int'],
      ['CHARACTER_OCTET_LENGTH', 'int'],
      ['NUMERIC_PRECISION', 'int'],
      ['NUMERIC_SCALE', 'int'],
      ['DATETIME_PRECISION', 'int'],
      ['CHARACTER_SET_NAME', 'string'],
      ['COLLATION_NAME', 'string'],
      ['COLUMN_TYPE', 'string'],
      ['COLUMN_KEY', 'string'],
      ['EXTRA', 'string'],
      ['PRIVILEGES', 'string'],
      ['COLUMN_COMMENT', 'string'],
    ],
    rows: (session) => [
      ...visibleTables(session).flatMap(({ db, table }) =>
        table.columns.map((c) => columnRow(db, table.name, c, columnKey(table, c))),
      ),
      ...visibleViews(session).flatMap(({ db, view }) =>
        viewColumns(session, db, view).map((c) => columnRow(db, view.name, c, '')),
      ),
    ],
  },
  STATISTICS: {
    columns: [
      ['TABLE_CATALOG', 'string'],
      ['TABLE_SCHEMA', 'string'],
      ['TABLE_NAME', 'string'],
      ['NON_UNIQUE', 'int'],
      ['INDEX_SCHEMA', 'string'],
      ['INDEX_NAME', 'string'],
      ['SEQ_IN_INDEX', 'int'],
      ['COLUMN_NAME', 'string'],
      ['COLLATION', 'string'],
      ['CARDINALITY', 'int'],
      ['SUB_PART', 'int'],
      ['PACKED', 'string'],
      ['NULLABLE', 'string'],
      ['INDEX_TYPE', 'string'],
      ['COMMENT', 'string'],
      ['INDEX_COMMENT', 'string'],
    ],
    rows: (session) =>
      visibleTables(session).flatMap(({ db, table }) =>
        publicIndexes(table).flatMap((index) =>
          index.columns.map((part, i) => {
            const column = table.columns[part.offset]!;
            return [
              'def',
              db,
              table.name,
              index.unique ? 0 : 1,
              db,
              index.name,
              i + 1,
              column.name,
              part.descending ? 'D' : 'A',
              null,
              part.prefixLength,
              null,
              column.notNull ? '' : 'YES',
              'BTREE',
              '',
              index.comment,
            ];
          }),
        ),
      ),
  },
  KEY_COLUMN_USAGE: {
    columns: [
      ['CONSTRAINT_CATALOG', 'string'],
      ['CONSTRAINT_SCHEMA', 'string'],
      ['CONSTRAINT_NAME', 'string'],
      ['TABLE_CATALOG', 'string'],
      ['TABLE_SCHEMA', 'string'],
      ['TABLE_NAME', 'string'],
      ['COLUMN_NAME', 'string'],
      ['ORDINAL_POSITION', 'int'],
      ['POSITION_IN_UNIQUE_CONSTRAINT', 'int'],
      ['REFERENCED_TABLE_SCHEMA', 'string'],
      ['REFERENCED_TABLE_NAME', 'string'],
      ['REFERENCED_COLUMN_NAME', 'string'],
    ],
    rows: (session) =>
      visibleTables(session).flatMap(({ db, table }) =>
        publicIndexes(table)
          .filter((i) => i.unique)
          .flatMap((index) =>
            index.columns.map((part, i) => [
              'def',
              db,
              index.name,
              'def',
              db,
              table.name,
              table.columns[part.offset]!.name,
              i + 1,
              null,
              null,
              null,
              null,
            ]),
          ),
      ),
  },
  TRIGGERS: {
    columns: [
      ['TRIGGER_CATALOG', 'string'],
      ['TRIGGER_SCHEMA', 'string'],
      ['TRIGGER_NAME', 'string'],
      ['EVENT_MANIPULATION', 'string'],
      ['EVENT_OBJECT_CATALOG', 'string'],
      ['EVENT_OBJECT_SCHEMA', 'string'],
      ['EVENT_OBJECT_TABLE', 'string'],
      ['ACTION_ORDER', 'int'],
      ['ACTION_CONDITION', 'string'],
      ['ACTION_STATEMENT', 'string'],
      ['ACTION_ORIENTATION', 'string'],
      ['ACTION_TIMING', 'string'],
      ['ACTION_REFERENCE_OLD_TABLE', 'string'],
      ['ACTION_REFERENCE_NEW_TABLE', 'string'],
      ['ACTION_REFERENCE_OLD_ROW', 'string'],
      ['ACTION_REFERENCE_NEW_ROW', 'string'],
      ['CREATED', 'string'],
      ['SQL_MODE', 'string'],
      ['DEFINER', 'string'],
      ['CHARACTER_SET_CLIENT', 'string'],
      ['COLLATION_CONNECTION', 'string'],
      ['DATABASE_COLLATION', 'string'],
    ],
    rows: (session) => {
      const schema = session.services.catalog.schema;
      return schema
        .databases()
        .filter((db) => hasAnyPrivilegeOn(session.account, db.name))
        .flatMap((db) => {
          const triggers = schema.triggers(db.name);
          return triggers.map((t) => [
            'def',
            db.name,
            t.name,
            t.event,
            'def',
            db.name,
            t.table,
            // Order among the table's triggers of the same timing and event.
            triggers.filter(
              (o) =>
                o.table === t.table && o.timing === t.timing && o.event === t.event && o.id <= t.id,
            ).length,
            null,
            t.body,
            'ROW',
            t.timing,
            null,
            null,
            'OLD',
            'NEW',
            timestampText(t.createTimeMs),
            t.sqlMode,
            t.definer,
            t.clientCharset,
            t.connectionCollation,
            db.collation,
          ]);
        });
    },
  },
  TABLE_CONSTRAINTS: {
    columns: [
      ['CONSTRAINT_CATALOG', 'string'],
      ['CONSTRAINT_SCHEMA', 'string'],
      ['CONSTRAINT_NAME', 'string'],
      ['TABLE_SCHEMA', 'string'],
      ['TABLE_NAME', 'string'],
      ['CONSTRAINT_TYPE', 'string'],
    ],
    rows: (session) =>
      visibleTables(session).flatMap(({ db, table }) =>
        publicIndexes(table)
          .filter((i) => i.unique)
          .map((index) => [
            'def',
            db,
            index.name,
            db,
            table.name,
            index.primary ? 'PRIMARY KEY' : 'UNIQUE',
          ]),
      ),
  },
  INNODB_SYS_TABLESPACES: {
    columns: [
      ['SPACE', 'int'],
      ['NAME', 'string'],
      ['FLAG', 'int'],
      ['ROW_FORMAT', 'string'],
      ['PAGE_SIZE', 'int'],
      ['FILENAME', 'string'],
      ['FS_BLOCK_SIZE', 'int'],
      ['FILE_SIZE', 'int'],
      ['ALLOCATED_SIZE', 'int'],
    ],
    rows: async (session) => {
      const rows: Value[][] = [];
      for (const { db, table } of visibleTables(session)) {
        const stats = await tableStats(session.services.store, table);
        rows.push([
          table.id,
          `${db}/${table.name}`,
          0,
          ROW_FORMAT,
          PAGE_SIZE_BYTES,
          null,
          FS_BLOCK_SIZE_BYTES,
          stats.logicalBytes,
          stats.allocatedBytes,
        ]);
      }
      return rows;
    },
  },
  ENGINES: {
    columns: [
      ['ENGINE', 'string'],
      ['SUPPORT', 'string'],
      ['COMMENT', 'string'],
      ['TRANSACTIONS', 'string'],
      ['XA', 'string'],
      ['SAVEPOINTS', 'string'],
    ],
    rows: () => [ENGINE_ROW],
  },
  COLLATIONS: {
    columns: [
      ['COLLATION_NAME', 'string'],
      ['CHARACTER_SET_NAME', 'string'],
      ['ID', 'int'],
      ['IS_DEFAULT', 'string'],
      ['IS_COMPILED', 'string'],
      ['SORTLEN', 'int'],
    ],
    rows: () =>
      [...COLLATIONS.values()].map((c) => [
        c.name,
        c.charset,
        c.id,
        c.isDefault ? 'Yes' : '',
        'Yes',
        1,
      ]),
  },
  CHARACTER_SETS: {
    columns: [
      ['CHARACTER_SET_NAME', 'string'],
      ['DEFAULT_COLLATE_NAME', 'string'],
      ['DESCRIPTION', 'string'],
      ['MAXLEN', 'int'],
    ],
    rows: () =>
      [...COLLATIONS.values()]
        .filter((c) => c.isDefault)
        .map((c) => [c.charset, c.name, c.charset, c.maxBytesPerChar]),
  },
  PROCESSLIST: {
    columns: [
      ['ID', 'int'],
      ['USER', 'string'],
      ['HOST', 'string'],
      ['DB', 'string'],
      ['COMMAND', 'string'],
      ['TIME', 'int'],
      ['STATE', 'string'],
      ['INFO', 'string'],
    ],
    rows: (session) =>
      session.services
        .processRows(session)
        .map((p) => [p.id, p.user, p.host, p.db, p.command, p.timeSeconds, p.state, p.info]),
  },
  SESSION_VARIABLES: {
    columns: [
      ['VARIABLE_NAME', 'string'],
      ['VARIABLE_VALUE', 'string'],
    ],
    rows: (session) => variableRows(session, 'session'),
  },
  GLOBAL_VARIABLES: {
    columns: [
      ['VARIABLE_NAME', 'string'],
      ['VARIABLE_VALUE', 'string'],
    ],
    rows: (session) => variableRows(session, 'global'),
  },
};

export const ENGINE_ROW: Value[] = [
  'InnoDB',
  'DEFAULT',
  'Transactional tables on the StrataDB LSM engine (Percolator transactions, page compression)',
  'YES',
  'NO',
  'YES',
];

export function variableRows(session: SqlSession, scope: 'session' | 'global'): Value[][] {
  return session.services.settings
    .definitions()
    .filter(
      (d) => (scope === 'session' || d.scope !== 'session') && !SECRET_SERVER_SETTINGS.has(d.name),
    )
    .map((d) => {
      const value =
        scope === 'global'
          ? session.services.settings.get(d.name)
          : session.variables.get(d.name, 'system');
      const shown = typeof value === 'boolean' ? (value ? 'ON' : 'OFF') : String(asSqlValue(value));
      return [d.name.toUpperCase(), shown];
    })
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

const infos = new Map<string, TableInfo>(
  Object.entries(DEFINITIONS).map(([name, def], i) => [name, virtualInfo(i, name, def.columns)]),
);

export function virtualTable(
  session: SqlSession,
  database: string,
  name: string,
): VirtualTable | undefined {
  if (database.toLowerCase() === PERFORMANCE_SCHEMA) return performanceSchemaTable(session, name);
  if (database.toLowerCase() !== 'information_schema') return undefined;
  const upper = name.toUpperCase();
  const def = DEFINITIONS[upper];
  if (!def) return undefined;
  return {
    info: infos.get(upper)!,
    rows: async () => (await def.rows(session)) as Row[],
  };
}

export function informationSchemaTables(): string[] {
  return Object.keys(DEFINITIONS);
}
