// Settings owned by the SQL layer: the system variables that clients read and set (the mariadb
// CLI, mysql2, sysbench, JDBC and ODBC drivers ask for these on connect). Session-scoped ones
// ('both') are copied into each session when it opens; SET SESSION changes only that copy.

import type { SettingDefinition } from '../definition.js';

const DEFAULT_SQL_MODE =
  'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION';
const MAX_AUTO_INCREMENT_STEP = 65_535;
const MAX_STATEMENT_CACHE = 1_000_000;
const DEFAULT_STATEMENT_CACHE = 4_096;
const MAX_DIV_PRECISION = 30;
const DEFAULT_GROUP_CONCAT_MAX_LEN = 1_024;
const MAX_PREPARED_STATEMENTS = 1_048_576;
const DEFAULT_PREPARED_STATEMENTS = 16_382;

function text(name: string, value: string, description: string, dynamic = true): SettingDefinition {
  return { name, type: 'string', default: value, scope: 'both', dynamic, description };
}

function globalReadOnly(name: string, value: string, description: string): SettingDefinition {
  return { name, type: 'string', default: value, scope: 'global', dynamic: false, description };
}

const CHARSET_VARIABLES = ['client', 'connection', 'results', 'database'].map((part) =>
  text(
    `character_set_${part}`,
    'utf8mb4',
    `Character set of the ${part === 'database' ? 'default database' : part}.`,
  ),
);
const COLLATION_VARIABLES = ['connection', 'database'].map((part) =>
  text(
    `collation_${part}`,
    'utf8mb4_general_ci',
    `Collation of the ${part === 'database' ? 'default database' : 'connection'}.`,
  ),
);

export const SQL_SETTINGS: readonly SettingDefinition[] = [
  {
    name: 'autocommit',
    type: 'bool',
    default: true,
    scope: 'both',
    dynamic: true,
    description: 'Commit every statement by itself unless a transaction was started with BEGIN.',
  },
  text(
    'sql_mode',
    DEFAULT_SQL_MODE,
    'SQL modes: STRICT_TRANS_TABLES makes bad values errors, ERROR_FOR_DIVISION_BY_ZERO makes x/0 an error in writes, NO_AUTO_VALUE_ON_ZERO stores 0 in AUTO_INCREMENT columns.',
  ),
  ...CHARSET_VARIABLES,
  {
    name: 'innodb_compression_algorithm',
    type: 'enum',
    default: 'lz4',
    values: ['none', 'lz4', 'zstd'],
    scope: 'global',
    dynamic: true,
    description:
      "Codec of PAGE_COMPRESSED tables (MariaDB's variable; zstd added): applies to pages written or rewritten by compaction from now on. none stores their pages plain.",
  },
  {
    name: 'character_set_server',
    type: 'string',
    default: 'utf8mb4',
    scope: 'both',
    dynamic: true,
    description: 'Default character set of new databases.',
  },
  globalReadOnly('character_set_system', 'utf8mb3', 'Character set of identifiers.'),
  globalReadOnly('character_set_filesystem', 'binary', 'Character set of file names.'),
  ...COLLATION_VARIABLES,
  text('collation_server', 'utf8mb4_general_ci', 'Default collation of new databases.'),
  text('time_zone', 'SYSTEM', "Session time zone: 'SYSTEM' or an offset such as '+02:00'."),
  globalReadOnly('system_time_zone', 'UTC', 'Time zone of the host.'),
  {
    name: 'transaction_isolation',
    type: 'enum',
    default: 'REPEATABLE-READ',
    values: ['READ-UNCOMMITTED', 'READ-COMMITTED', 'REPEATABLE-READ', 'SERIALIZABLE'],
    scope: 'both',
    dynamic: true,
    description:
      'Isolation level of new transactions. Reads see one snapshot per transaction (REPEATABLE-READ); writes lock rows.',
  },
  {
    name: 'tx_isolation',
    type: 'enum',
    default: 'REPEATABLE-READ',
    values: ['READ-UNCOMMITTED', 'READ-COMMITTED', 'REPEATABLE-READ', 'SERIALIZABLE'],
    scope: 'both',
    dynamic: true,
    description: 'Older name of transaction_isolation.',
  },
  {
    name: 'transaction_read_only',
    type: 'bool',
    default: false,
    scope: 'both',
    dynamic: true,
    description: 'New transactions are read-only.',
  },
  {
    name: 'tx_read_only',
    type: 'bool',
    default: false,
    scope: 'both',
    dynamic: true,
    description: 'Older name of transaction_read_only.',
  },
  {
    name: 'auto_increment_increment',
    type: 'int',
    default: 1,
    min: 1,
    max: MAX_AUTO_INCREMENT_STEP,
    scope: 'both',
    dynamic: true,
    description: 'Step between AUTO_INCREMENT values.',
  },
  {
    name: 'auto_increment_offset',
    type: 'int',
    default: 1,
    min: 1,
    max: MAX_AUTO_INCREMENT_STEP,
    scope: 'both',
    dynamic: true,
    description: 'First AUTO_INCREMENT value (modulo the increment).',
  },
  {
    name: 'max_execution_time',
    type: 'int',
    default: 0,
    min: 0,
    max: 4_294_967_295,
    scope: 'both',
    dynamic: true,
    description:
      'Milliseconds a SELECT may run before it is interrupted with error 3024; 0 means no limit.',
  },
  {
    name: 'lower_case_table_names',
    type: 'int',
    default: 0,
    min: 0,
    max: 0,
    scope: 'global',
    dynamic: false,
    description: 'Table and database names are case-sensitive (0), as MySQL on Linux.',
  },
  globalReadOnly(
    'version',
    '10.11.99-StrataDB',
    'Server version string (MariaDB-compatible numbering so clients pick the right dialect).',
  ),
  globalReadOnly('version_comment', 'StrataDB', 'Server description shown by clients.'),
  globalReadOnly('version_compile_os', 'Linux', 'Operating system the server was built for.'),
  globalReadOnly('version_compile_machine', 'x86_64', 'Machine type the server was built for.'),
  globalReadOnly(
    'default_storage_engine',
    'InnoDB',
    'The only table engine: InnoDB-compatible tables on the LSM engine.',
  ),
  {
    name: 'sql_auto_is_null',
    type: 'bool',
    default: false,
    scope: 'both',
    dynamic: true,
    description: 'OFF: WHERE id IS NULL does not find the last inserted row.',
  },
  {
    name: 'unique_checks',
    type: 'bool',
    default: true,
    scope: 'both',
    dynamic: true,
    description:
      'Unique keys are always checked; OFF is accepted for dump files and changes nothing.',
  },
  {
    name: 'foreign_key_checks',
    type: 'bool',
    default: true,
    scope: 'both',
    dynamic: true,
    description: 'There are no foreign keys; accepted for dump files.',
  },
  {
    name: 'div_precision_increment',
    type: 'int',
    default: 4,
    min: 0,
    max: MAX_DIV_PRECISION,
    scope: 'both',
    dynamic: false,
    description: 'Digits that / adds to the scale of its dividend.',
  },
  {
    name: 'group_concat_max_len',
    type: 'int',
    default: DEFAULT_GROUP_CONCAT_MAX_LEN,
    min: 4,
    max: DEFAULT_GROUP_CONCAT_MAX_LEN,
    scope: 'both',
    dynamic: false,
    description: 'Longest GROUP_CONCAT result in bytes.',
  },
  {
    name: 'max_prepared_stmt_count',
    type: 'int',
    default: DEFAULT_PREPARED_STATEMENTS,
    min: 0,
    max: MAX_PREPARED_STATEMENTS,
    scope: 'global',
    dynamic: true,
    description: 'Prepared statements allowed per session.',
  },
  {
    name: 'statement_cache_size',
    type: 'int',
    default: DEFAULT_STATEMENT_CACHE,
    min: 0,
    max: MAX_STATEMENT_CACHE,
    scope: 'global',
    dynamic: true,
    description:
      'Normalized statements whose parse and plan each session keeps (literals lifted out), so repeated statements skip parsing and planning.',
  },
  {
    name: 'query_cache_type',
    type: 'enum',
    default: 'OFF',
    values: ['OFF'],
    scope: 'both',
    dynamic: false,
    description: 'There is no query cache (the statement cache keeps plans, not results).',
  },
  {
    name: 'query_cache_size',
    type: 'int',
    default: 0,
    min: 0,
    max: 0,
    scope: 'global',
    dynamic: false,
    description: 'There is no query cache.',
  },
  {
    name: 'license',
    type: 'string',
    default: 'Apache-2.0',
    scope: 'global',
    dynamic: false,
    description: 'License of the server.',
  },
  {
    name: 'warning_count',
    type: 'int',
    default: 0,
    min: 0,
    scope: 'session',
    dynamic: false,
    description: 'Warnings of the last statement (read-only).',
  },
  {
    name: 'error_count',
    type: 'int',
    default: 0,
    min: 0,
    scope: 'session',
    dynamic: false,
    description: 'Errors of the last statement (read-only).',
  },
  {
    name: 'identity',
    type: 'int',
    default: 0,
    min: 0,
    scope: 'session',
    dynamic: true,
    description: 'The same as LAST_INSERT_ID().',
  },
  {
    name: 'last_insert_id',
    type: 'int',
    default: 0,
    min: 0,
    scope: 'session',
    dynamic: true,
    description: 'The value LAST_INSERT_ID() returns.',
  },
];
