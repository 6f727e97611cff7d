// SHOW statements: databases, tables, table status, columns, indexes, CREATE TABLE/VIEW/
// DATABASE/USER, variables, status, warnings, the process list, engines, collations, character
// sets, grants. LIKE filters by the first column, WHERE by any column of the result.

import { ER } from '../../server/constants/error-codes.js';
import type { ShowNode } from '../ast/index.js';
import type { SqlValue, StatementResult } from '../api.js';
import { grantStatements, hasAnyPrivilegeOn, hasPrivilege } from '../catalog/privileges.js';
import { sqlError } from '../errors.js';
import { COLLATIONS } from '../types/collation.js';
import { formatColumnType } from '../types/column-type.js';
import type { ColumnInfo, TableInfo, ViewInfo } from '../catalog/schema.js';
import { ENGINE_ROW, informationSchemaTables, variableRows } from './information-schema.js';
import { columnKey, tableStatus, VIEW_STATUS, viewColumns } from './table-descriptions.js';
import type { SqlSession } from './session.js';
import { defaultText, showCreateDatabase, showCreateTable, showCreateView } from './show-create.js';
import { filterLike, filterWhere, textResult } from './text-result.js';
import type { TextColumn } from './text-result.js';

const PROCESS_INFO_CHARS = 100;

function dbOf(session: SqlSession, database: string | null): string {
  const db = database ?? session.database;
  if (db === null) throw sqlError(ER.NO_DB_ERROR);
  return db;
}

function filtered(
  session: SqlSession,
  node: ShowNode,
  columns: readonly TextColumn[],
  rows: SqlValue[][],
  likeColumn = 0,
) {
  return textResult(
    columns,
    filterWhere(session, columns, filterLike(rows, node.like, likeColumn), node.where),
  );
}

/** SHOW DATABASES and SHOW TABLES name their column after the LIKE pattern: `Database (te%)`. */
function withPattern(name: string, like: string | null): string {
  return like === null ? name : `${name} (${like})`;
}

type Relation =
  | { readonly db: string; readonly table: TableInfo; readonly view: null }
  | { readonly db: string; readonly table: null; readonly view: ViewInfo };

/** The table or view a SHOW names (1146 when neither exists). */
function relationFor(session: SqlSession, node: ShowNode): Relation {
  const ref = node.table!;
  const db = dbOf(session, ref.database);
  const schema = session.services.catalog.schema;
  if (!schema.database(db)) throw sqlError(ER.BAD_DB_ERROR, db);
  if (!hasAnyPrivilegeOn(session.account, db))
    throw sqlError(
      ER.TABLEACCESS_DENIED_ERROR,
      'SELECT',
      session.account.user,
      session.host,
      ref.name,
    );
  const table = schema.table(db, ref.name);
  if (table) return { db, table, view: null };
  const view = schema.view(db, ref.name);
  if (view) return { db, table: null, view };
  throw sqlError(ER.NO_SUCH_TABLE, db, ref.name);
}

const TABLE_STATUS_COLUMNS: TextColumn[] = [
  { name: 'Name' },
  { name: 'Engine' },
  { name: 'Version', type: 'int' },
  { name: 'Row_format' },
  { name: 'Rows', type: 'int' },
  { name: 'Avg_row_length', type: 'int' },
  { name: 'Data_length', type: 'int' },
  { name: 'Max_data_length', type: 'int' },
  { name: 'Index_length', type: 'int' },
  { name: 'Data_free', type: 'int' },
  { name: 'Auto_increment', type: 'int' },
  { name: 'Create_time' },
  { name: 'Update_time' },
  { name: 'Check_time' },
  { name: 'Collation' },
  { name: 'Checksum', type: 'int' },
  { name: 'Create_options' },
  { name: 'Comment' },
];

function columnRows(node: ShowNode, table: TableInfo | null, columns: readonly ColumnInfo[]) {
  return columns.map((c) => {
    const d =
      c.defaultValue.kind === 'value'
        ? (defaultText(c)?.replace(/^'(.*)'$/s, '$1') ?? null)
        : c.defaultValue.kind === 'now'
          ? defaultText(c)
          : null;
    const extra = c.autoIncrement
      ? 'auto_increment'
      : c.onUpdateNow
        ? 'on update current_timestamp()'
        : '';
    const key = table ? columnKey(table, c) : '';
    const base = [c.name, formatColumnType(c.type)];
    const collation = c.type.collation.name === 'binary' ? null : c.type.collation.name;
    return node.full
      ? [
          ...base,
          collation,
          c.notNull ? 'NO' : 'YES',
          key,
          d,
          extra,
          'select,insert,update,references',
          c.comment,
        ]
      : [...base, c.notNull ? 'NO' : 'YES', key, d, extra];
  });
}

/** When a trigger was created, with hundredths of a second as MySQL shows it. */
export function triggerCreated(ms: number): string {
  return new Date(ms).toISOString().slice(0, 22).replace('T', ' ');
}

const CREATE_VIEW_COLUMNS: TextColumn[] = [
  { name: 'View' },
  { name: 'Create View' },
  { name: 'character_set_client' },
  { name: 'collation_connection' },
];

function createViewResult(view: ViewInfo) {
  return textResult(CREATE_VIEW_COLUMNS, [
    [view.name, showCreateView(view), view.clientCharset, view.connectionCollation],
  ]);
}

export async function showStatement(node: ShowNode, session: SqlSession): Promise<StatementResult> {
  const services = session.services;
  const schema = services.catalog.schema;
  switch (node.what) {
    case 'DATABASES': {
      const names = ['information_schema', ...schema.databases().map((d) => d.name)].filter(
        (n) =>
          n === 'information_schema' ||
          hasAnyPrivilegeOn(session.account, n) ||
          hasPrivilege(session.account, 'SHOW DATABASES', null, null),
      );
      return filtered(
        session,
        node,
        [{ name: withPattern('Database', node.like) }],
        names.sort().map((n) => [n]),
      );
    }
    case 'TABLES': {
      const db = dbOf(session, node.database);
      const isInformationSchema = db.toLowerCase() === 'information_schema';
      if (!isInformationSchema && !schema.database(db)) throw sqlError(ER.BAD_DB_ERROR, db);
      const columns: TextColumn[] = [
        { name: withPattern(`Tables_in_${db}`, node.like) },
        ...(node.full ? [{ name: 'Table_type' }] : []),
      ];
      const listed: Array<[string, string]> = isInformationSchema
        ? informationSchemaTables().map((name) => [name, 'SYSTEM VIEW'])
        : [
            ...schema.tables(db).map((t): [string, string] => [t.name, 'BASE TABLE']),
            ...schema.views(db).map((v): [string, string] => [v.name, 'VIEW']),
          ];
      listed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const rows = listed.map(([name, type]) => (node.full ? [name, type] : [name]));
      return filtered(session, node, columns, rows);
    }
    case 'TABLE_STATUS': {
      const db = dbOf(session, node.database);
      if (!schema.database(db)) throw sqlError(ER.BAD_DB_ERROR, db);
      const named: Array<[string, TableInfo | null]> = [
        ...schema.tables(db).map((t): [string, TableInfo | null] => [t.name, t]),
        ...schema.views(db).map((v): [string, TableInfo | null] => [v.name, null]),
      ];
      named.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const wanted = new Set(
        filterLike(
          named.map(([name]) => [name]),
          node.like,
        ).map((r) => r[0]),
      );
      const rows: SqlValue[][] = [];
      for (const [name, table] of named) {
        if (!wanted.has(name)) continue;
        const status = table ? await tableStatus(session, table) : VIEW_STATUS;
        rows.push([name, ...(status as SqlValue[])]);
      }
      return textResult(
        TABLE_STATUS_COLUMNS,
        filterWhere(session, TABLE_STATUS_COLUMNS, rows, node.where),
      );
    }
    case 'COLUMNS': {
      const relation = relationFor(session, node);
      const columns: TextColumn[] = node.full
        ? [
            'Field',
            'Type',
            'Collation',
            'Null',
            'Key',
            'Default',
            'Extra',
            'Privileges',
            'Comment',
          ].map((name) => ({ name }))
        : ['Field', 'Type', 'Null', 'Key', 'Default', 'Extra'].map((name) => ({ name }));
      let described: readonly ColumnInfo[];
      if (relation.table) described = relation.table.columns;
      else {
        const before = session.warningCount();
        described = viewColumns(session, relation.db, relation.view);
        if (session.warningCount() > before)
          throw sqlError(ER.VIEW_INVALID, relation.db, relation.view.name);
      }
      return filtered(session, node, columns, columnRows(node, relation.table, described));
    }
    case 'INDEX': {
      const { table } = relationFor(session, node);
      const columns: TextColumn[] = [
        { name: 'Table' },
        { name: 'Non_unique', type: 'int' },
        { name: 'Key_name' },
        { name: 'Seq_in_index', type: 'int' },
        { name: 'Column_name' },
        { name: 'Collation' },
        { name: 'Cardinality', type: 'int' },
        { name: 'Sub_part', type: 'int' },
        { name: 'Packed' },
        { name: 'Null' },
        { name: 'Index_type' },
        { name: 'Comment' },
        { name: 'Index_comment' },
      ];
      const rows = (table?.indexes ?? []).flatMap((index) =>
        index.columns.map((part, i) => {
          const c = table!.columns[part.offset]!;
          return [
            table!.name,
            index.unique ? 0 : 1,
            index.name,
            i + 1,
            c.name,
            part.descending ? 'D' : 'A',
            null,
            part.prefixLength,
            null,
            c.notNull ? '' : 'YES',
            'BTREE',
            index.state === 'public' ? '' : 'write-only',
            index.comment,
          ];
        }),
      );
      return textResult(columns, filterWhere(session, columns, rows, node.where));
    }
    case 'CREATE_TABLE': {
      const relation = relationFor(session, node);
      if (relation.view) return createViewResult(relation.view);
      const table = relation.table;
      const next =
        table.autoIncrementColumn >= 0
          ? await services.catalog.autoIds.peek(table.id, 'auto')
          : null;
      return textResult(
        [{ name: 'Table' }, { name: 'Create Table' }],
        [[table.name, showCreateTable(table, next)]],
      );
    }
    case 'TRIGGERS': {
      const db = dbOf(session, node.database);
      const database = schema.database(db);
      if (!database) throw sqlError(ER.BAD_DB_ERROR, db);
      const columns: TextColumn[] = [
        'Trigger',
        'Event',
        'Table',
        'Statement',
        'Timing',
        'Created',
        'sql_mode',
        'Definer',
        'character_set_client',
        'collation_connection',
        'Database Collation',
      ].map((name) => ({ name }));
      const rows = schema
        .triggers(db)
        .map((t) => [
          t.name,
          t.event,
          t.table,
          t.body,
          t.timing,
          triggerCreated(t.createTimeMs),
          t.sqlMode,
          t.definer,
          t.clientCharset,
          t.connectionCollation,
          database.collation,
        ]);
      // SHOW TRIGGERS LIKE matches the table name.
      return filtered(session, node, columns, rows, 2);
    }
    case 'CREATE_TRIGGER': {
      const ref = node.table!;
      const db = dbOf(session, ref.database);
      const trigger = schema.trigger(db, ref.name);
      if (!trigger) throw sqlError(ER.TRG_DOES_NOT_EXIST);
      return textResult(
        [
          'Trigger',
          'sql_mode',
          'SQL Original Statement',
          'character_set_client',
          'collation_connection',
          'Database Collation',
          'Created',
        ].map((name) => ({ name })),
        [
          [
            trigger.name,
            trigger.sqlMode,
            trigger.statement,
            trigger.clientCharset,
            trigger.connectionCollation,
            schema.database(db)!.collation,
            triggerCreated(trigger.createTimeMs),
          ],
        ],
      );
    }
    case 'CREATE_VIEW': {
      const relation = relationFor(session, node);
      if (!relation.view) throw sqlError(ER.WRONG_OBJECT, relation.db, relation.table.name, 'VIEW');
      return createViewResult(relation.view);
    }
    case 'CREATE_DATABASE': {
      const db = schema.database(node.database!);
      if (!db) throw sqlError(ER.BAD_DB_ERROR, node.database!);
      return textResult(
        [{ name: 'Database' }, { name: 'Create Database' }],
        [[db.name, showCreateDatabase(db)]],
      );
    }
    case 'CREATE_USER': {
      const spec = node.user!;
      const account = services.catalog
        .users()
        .find(
          (u) =>
            u.user === (spec.user || session.account.user) &&
            u.host === (spec.host || session.account.host),
        );
      if (!account)
        throw sqlError(ER.CANNOT_USER, 'SHOW CREATE USER', `'${spec.user}'@'${spec.host}'`);
      const auth = account.authString
        ? ` IDENTIFIED ${account.plugin === 'mysql_native_password' ? 'BY PASSWORD' : `VIA ${account.plugin} USING`} '${account.authString}'`
        : '';
      return textResult(
        [{ name: `CREATE USER for ${account.user}@${account.host}` }],
        [[`CREATE USER \`${account.user}\`@\`${account.host}\`${auth}`]],
      );
    }
    case 'VARIABLES':
      return filtered(
        session,
        node,
        [{ name: 'Variable_name' }, { name: 'Value' }],
        variableRows(session, node.scope).map((r) => [
          String(r[0]).toLowerCase(),
          r[1] as SqlValue,
        ]),
      );
    case 'STATUS': {
      const values = new Map<string, string>([
        ['Threads_connected', String(services.sessions.size)],
        [
          'Threads_running',
          String([...services.sessions.values()].filter((s) => s.command !== 'Sleep').length),
        ],
        ['Uptime', String(Math.floor(process.uptime()))],
      ]);
      // The server's own counters (connections, bytes, questions) override these estimates.
      for (const source of services.statusSources) {
        for (const [name, value] of source.statusVariables()) values.set(name, String(value));
      }
      const rows: SqlValue[][] = [...values.entries()]
        .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
        .map(([name, value]) => [name, value]);
      return filtered(session, node, [{ name: 'Variable_name' }, { name: 'Value' }], rows);
    }
    case 'WARNINGS':
    case 'ERRORS': {
      const list = session
        .warningList()
        .filter((w) => node.what === 'WARNINGS' || w.level === 'Error');
      const limited = node.limit !== null ? list.slice(0, node.limit) : list;
      return textResult(
        [{ name: 'Level' }, { name: 'Code', type: 'int' }, { name: 'Message' }],
        limited.map((w) => [w.level, w.code, w.message]),
      );
    }
    case 'COUNT_WARNINGS':
      return textResult(
        [{ name: '@@session.warning_count', type: 'int' }],
        [[session.warningCount()]],
      );
    case 'COUNT_ERRORS':
      return textResult(
        [{ name: '@@session.error_count', type: 'int' }],
        [[session.warningList().filter((w) => w.level === 'Error').length]],
      );
    case 'PROCESSLIST': {
      const columns: TextColumn[] = [
        { name: 'Id', type: 'int' },
        { name: 'User' },
        { name: 'Host' },
        { name: 'db' },
        { name: 'Command' },
        { name: 'Time', type: 'int' },
        { name: 'State' },
        { name: 'Info' },
        { name: 'Progress' },
      ];
      const rows = services
        .processRows(session)
        .map((p) => [
          p.id,
          p.user,
          p.host,
          p.db,
          p.command,
          p.timeSeconds,
          p.state,
          node.full || p.info === null ? p.info : p.info.slice(0, PROCESS_INFO_CHARS),
          '0.000',
        ]);
      return textResult(columns, rows);
    }
    case 'ENGINES':
      return textResult(
        ['Engine', 'Support', 'Comment', 'Transactions', 'XA', 'Savepoints'].map((name) => ({
          name,
        })),
        [ENGINE_ROW as SqlValue[]],
      );
    case 'COLLATION': {
      const columns: TextColumn[] = [
        { name: 'Collation' },
        { name: 'Charset' },
        { name: 'Id', type: 'int' },
        { name: 'Default' },
        { name: 'Compiled' },
        { name: 'Sortlen', type: 'int' },
      ];
      return filtered(
        session,
        node,
        columns,
        [...COLLATIONS.values()].map((c) => [
          c.name,
          c.charset,
          c.id,
          c.isDefault ? 'Yes' : '',
          'Yes',
          1,
        ]),
      );
    }
    case 'CHARSET': {
      const columns: TextColumn[] = [
        { name: 'Charset' },
        { name: 'Description' },
        { name: 'Default collation' },
        { name: 'Maxlen', type: 'int' },
      ];
      return filtered(
        session,
        node,
        columns,
        [...COLLATIONS.values()]
          .filter((c) => c.isDefault)
          .map((c) => [c.charset, c.charset, c.name, c.maxBytesPerChar]),
      );
    }
    case 'GRANTS': {
      let account = session.account;
      if (node.user && node.user.user !== '') {
        const found = services.catalog
          .users()
          .find(
            (u) =>
              u.user === node.user!.user && u.host.toLowerCase() === node.user!.host.toLowerCase(),
          );
        if (!found) throw sqlError(ER.NONEXISTING_GRANT, node.user.user, node.user.host);
        if (
          found !== session.account &&
          !hasPrivilege(session.account, 'SELECT', 'mysql', null) &&
          !hasPrivilege(session.account, 'CREATE USER', null, null)
        ) {
          throw sqlError(ER.DBACCESS_DENIED_ERROR, session.account.user, session.host, 'mysql');
        }
        account = found;
      }
      return textResult(
        [{ name: `Grants for ${account.user}@${account.host}` }],
        grantStatements(account).map((g) => [g]),
      );
    }
    case 'PRIVILEGES': {
      const rows = [
        'Alter',
        'Create',
        'Create user',
        'Delete',
        'Drop',
        'Grant option',
        'Index',
        'Insert',
        'Process',
        'Reload',
        'Select',
        'Show databases',
        'Super',
        'Update',
      ].map((p) => [p, 'Server Admin', '']);
      return textResult([{ name: 'Privilege' }, { name: 'Context' }, { name: 'Comment' }], rows);
    }
  }
}
