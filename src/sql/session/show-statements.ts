// SHOW statements: databases, tables, columns, indexes, CREATE TABLE/DATABASE/USER, variables,
// status, warnings, the process list, engines, collations, character sets, grants.

import { ER } from '../../server/constants/error-codes.js';
import type { ShowNode } from '../ast/index.js';
import type { SqlValue, StatementResult } from '../api.js';
import { grantStatements, hasAnyPrivilegeOn, hasPrivilege } from '../catalog/privileges.js';
import { sqlError } from '../errors.js';
import { COLLATIONS } from '../types/collation.js';
import { formatColumnType } from '../types/column-type.js';
import { columnKey, ENGINE_ROW, variableRows } from './information-schema.js';
import type { SqlSession } from './session.js';
import { defaultText, showCreateDatabase, showCreateTable } from './show-create.js';
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

function tableFor(session: SqlSession, node: ShowNode) {
  const ref = node.table!;
  const db = dbOf(session, ref.database);
  const schema = session.services.catalog.schema;
  if (!schema.database(db)) throw sqlError(ER.BAD_DB_ERROR, db);
  const table = schema.table(db, ref.name);
  if (!table) throw sqlError(ER.NO_SUCH_TABLE, db, ref.name);
  if (!hasAnyPrivilegeOn(session.account, db))
    throw sqlError(
      ER.TABLEACCESS_DENIED_ERROR,
      'SELECT',
      session.account.user,
      session.host,
      ref.name,
    );
  return { db, table };
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
        [{ name: 'Database' }],
        names.sort().map((n) => [n]),
      );
    }
    case 'TABLES': {
      const db = dbOf(session, node.database);
      if (db.toLowerCase() !== 'information_schema' && !schema.database(db))
        throw sqlError(ER.BAD_DB_ERROR, db);
      const columns: TextColumn[] = [
        { name: `Tables_in_${db}` },
        ...(node.full ? [{ name: 'Table_type' }] : []),
      ];
      const rows = schema.tables(db).map((t) => (node.full ? [t.name, 'BASE TABLE'] : [t.name]));
      return filtered(session, node, columns, rows);
    }
    case 'TABLE_STATUS': {
      const db = dbOf(session, node.database);
      const columns: TextColumn[] = [
        'Name',
        'Engine',
        'Version',
        'Row_format',
        'Rows',
        'Avg_row_length',
        'Data_length',
        'Max_data_length',
        'Index_length',
        'Data_free',
        'Auto_increment',
        'Create_time',
        'Update_time',
        'Check_time',
        'Collation',
        'Checksum',
        'Create_options',
        'Comment',
      ].map((name) => ({ name }));
      const rows: SqlValue[][] = [];
      for (const t of schema.tables(db)) {
        const next =
          t.autoIncrementColumn >= 0 ? await services.catalog.autoIds.peek(t.id, 'auto') : null;
        const o = t.options;
        const options = [
          o.pageCompressed ? '`PAGE_COMPRESSED`=1' : '',
          o.pageCompressionLevel !== null
            ? `\`PAGE_COMPRESSION_LEVEL\`=${o.pageCompressionLevel}`
            : '',
        ]
          .filter(Boolean)
          .join(' ');
        rows.push([
          t.name,
          o.engine,
          '10',
          'Dynamic',
          null,
          null,
          null,
          null,
          null,
          null,
          next === null ? null : next.toString(),
          new Date(t.createTimeMs).toISOString().slice(0, 19).replace('T', ' '),
          null,
          null,
          o.collation,
          null,
          options,
          o.comment,
        ]);
      }
      return filtered(session, node, columns, rows);
    }
    case 'COLUMNS': {
      const { table } = tableFor(session, node);
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
      const rows = table.columns.map((c) => {
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
        const base = [c.name, formatColumnType(c.type)];
        const collation = c.type.collation.name === 'binary' ? null : c.type.collation.name;
        return node.full
          ? [
              ...base,
              collation,
              c.notNull ? 'NO' : 'YES',
              columnKey(table, c),
              d,
              extra,
              'select,insert,update,references',
              c.comment,
            ]
          : [...base, c.notNull ? 'NO' : 'YES', columnKey(table, c), d, extra];
      });
      return filtered(session, node, columns, rows);
    }
    case 'INDEX': {
      const { table } = tableFor(session, node);
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
      const rows = table.indexes.flatMap((index) =>
        index.columns.map((part, i) => {
          const c = table.columns[part.offset]!;
          return [
            table.name,
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
      const { table } = tableFor(session, node);
      const next =
        table.autoIncrementColumn >= 0
          ? await services.catalog.autoIds.peek(table.id, 'auto')
          : null;
      return textResult(
        [{ name: 'Table' }, { name: 'Create Table' }],
        [[table.name, showCreateTable(table, next)]],
      );
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
