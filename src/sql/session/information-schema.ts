// information_schema: SCHEMATA, TABLES, COLUMNS, STATISTICS, KEY_COLUMN_USAGE, ENGINES,
// COLLATIONS, CHARACTER_SETS, PROCESSLIST and SESSION_VARIABLES / GLOBAL_VARIABLES, computed
// from the catalog when read. Objects the user holds no privilege on are left out.

import { SECRET_SERVER_SETTINGS } from '../../config/variables/server.js';
import type { ColumnInfo, TableInfo } from '../catalog/schema.js';
import { hasAnyPrivilegeOn } from '../catalog/privileges.js';
import type { VirtualTable } from '../planner/plan-env.js';
import { COLLATIONS } from '../types/collation.js';
import { evalKindOf, formatColumnType, makeColumnType } from '../types/column-type.js';
import type { TypeName } from '../types/column-type.js';
import { DEFAULT_COLLATION } from '../types/collation.js';
import type { Row, Value } from '../types/value.js';
import { asSqlValue } from './session-variables.js';
import { defaultText } from './show-create.js';
import { PERFORMANCE_SCHEMA, performanceSchemaTable } from './performance-schema.js';
import type { SqlSession } from './session.js';

export type ColumnSpec = [name: string, type: 'int' | 'string'];

const VIRTUAL_TABLE_ID_BASE = -1_000_000;
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

function dataType(name: TypeName): string {
  return name;
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
    rows: (session) =>
      visibleTables(session).map(({ db, table }) => {
        const o = table.options;
        const options = [
          o.pageCompressed ? '`PAGE_COMPRESSED`=1' : '',
          o.pageCompressionLevel !== null
            ? `\`PAGE_COMPRESSION_LEVEL\`=${o.pageCompressionLevel}`
            : '',
          o.atomicWrites !== 'DEFAULT' ? `\`ATOMIC_WRITES\`='${o.atomicWrites}'` : '',
        ]
          .filter(Boolean)
          .join(' ');
        return [
          'def',
          db,
          table.name,
          'BASE TABLE',
          o.engine,
          10,
          'Dynamic',
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          new Date(table.createTimeMs).toISOString().slice(0, 19).replace('T', ' '),
          null,
          null,
          o.collation,
          null,
          options,
          o.comment,
        ];
      }),
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
    rows: (session) =>
      visibleTables(session).flatMap(({ db, table }) =>
        table.columns.map((c) => {
          const kind = evalKindOf(c.type.name);
          const isString = kind === 'string';
          const key = columnKey(table, c);
          return [
            'def',
            db,
            table.name,
            c.name,
            c.offset + 1,
            defaultText(c),
            c.notNull ? 'NO' : 'YES',
            dataType(c.type.name),
            isString || kind === 'binary' ? c.type.length || null : null,
            isString
              ? (c.type.length || 0) * c.type.collation.maxBytesPerChar || null
              : kind === 'binary'
                ? c.type.length || null
                : null,
            kind === 'int' || kind === 'decimal' || kind === 'double'
              ? c.type.length || null
              : null,
            kind === 'decimal' ? c.type.scale : kind === 'int' ? 0 : null,
            kind === 'datetime' || kind === 'time' ? c.type.scale : null,
            isString ? c.type.collation.charset : null,
            isString ? c.type.collation.name : null,
            formatColumnType(c.type),
            key,
            c.autoIncrement
              ? 'auto_increment'
              : c.onUpdateNow
                ? 'on update current_timestamp()'
                : '',
            'select,insert,update,references',
            c.comment,
          ];
        }),
      ),
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
        table.indexes.flatMap((index) =>
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
        table.indexes
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

function columnKey(table: TableInfo, column: ColumnInfo): string {
  for (const index of table.indexes) {
    const position = index.columns.findIndex((c) => c.offset === column.offset);
    if (position < 0) continue;
    if (index.primary) return 'PRI';
  }
  for (const index of table.indexes) {
    if (index.unique && index.columns.length === 1 && index.columns[0]!.offset === column.offset)
      return 'UNI';
  }
  for (const index of table.indexes) if (index.columns[0]!.offset === column.offset) return 'MUL';
  return '';
}

export { columnKey };

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
