// Settings owned by the server layer: the MySQL protocol listener, connection limits and
// timeouts, TLS and authentication, and the operability around it (status endpoint, server log,
// slow query log). Names and defaults are mysqld's unless noted.

import type { SettingDefinition } from '../definition.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** mysqld's upper bound for the *_timeout settings: one year in seconds. */
const MAX_TIMEOUT_SECONDS = 31_536_000;
const MAX_PORT = 65_535;

export const SERVER_SETTINGS: readonly SettingDefinition[] = [
  {
    name: 'port',
    type: 'int',
    default: 3306,
    min: 0,
    max: MAX_PORT,
    scope: 'global',
    dynamic: false,
    description: 'TCP port of the MySQL protocol listener (0 picks a free port).',
  },
  {
    name: 'bind_address',
    type: 'string',
    default: '127.0.0.1',
    scope: 'global',
    dynamic: false,
    description:
      'Address the listener binds to. A non-loopback address requires root@localhost to have a ' +
      'password (or initial_root_password to be set).',
  },
  {
    name: 'datadir',
    type: 'string',
    default: './data',
    scope: 'global',
    dynamic: false,
    description: 'Directory holding the database files.',
  },
  {
    name: 'max_connections',
    type: 'int',
    default: 151,
    min: 1,
    max: 100_000,
    scope: 'global',
    dynamic: true,
    description: 'Client connections allowed at once; one more gets ER_CON_COUNT_ERROR (1040).',
  },
  {
    name: 'max_allowed_packet',
    type: 'size',
    default: 64 * MIB,
    min: 1024,
    max: GIB,
    scope: 'global',
    dynamic: true,
    description:
      'Largest packet payload (after joining 16 MiB parts) a client may send; a larger one gets ' +
      'ER_NET_PACKET_TOO_LARGE (1153) and the connection is closed. Applies to new connections.',
  },
  {
    name: 'wait_timeout',
    type: 'int',
    default: 28_800,
    min: 1,
    max: MAX_TIMEOUT_SECONDS,
    scope: 'both',
    dynamic: true,
    description:
      'Seconds a non-interactive connection may stay idle between commands before it is closed.',
  },
  {
    name: 'interactive_timeout',
    type: 'int',
    default: 28_800,
    min: 1,
    max: MAX_TIMEOUT_SECONDS,
    scope: 'both',
    dynamic: true,
    description:
      'wait_timeout for clients that connect with CLIENT_INTERACTIVE (the mysql/mariadb CLI).',
  },
  {
    name: 'net_read_timeout',
    type: 'int',
    default: 30,
    min: 1,
    max: MAX_TIMEOUT_SECONDS,
    scope: 'both',
    dynamic: true,
    description: 'Seconds to wait for more bytes of a packet that has started to arrive.',
  },
  {
    name: 'net_write_timeout',
    type: 'int',
    default: 60,
    min: 1,
    max: MAX_TIMEOUT_SECONDS,
    scope: 'both',
    dynamic: true,
    description:
      'Seconds a client may leave the server blocked on a full socket before it is disconnected.',
  },
  {
    name: 'connect_timeout',
    type: 'int',
    default: 10,
    min: 2,
    max: MAX_TIMEOUT_SECONDS,
    scope: 'global',
    dynamic: true,
    description: 'Seconds a new connection has to complete the handshake and authentication.',
  },
  {
    name: 'back_log',
    type: 'int',
    default: 511,
    min: 1,
    max: MAX_PORT,
    scope: 'global',
    dynamic: false,
    description: 'Length of the queue of connections not yet accepted (listen backlog).',
  },
  {
    name: 'native_wire',
    type: 'bool',
    default: true,
    scope: 'global',
    dynamic: false,
    description:
      'Move authenticated plain-TCP connections onto the native wire path, which answers prepared ' +
      'point selects by primary key on its own thread (StrataDB setting).',
  },
  {
    name: 'shutdown_timeout',
    type: 'int',
    default: 30,
    min: 0,
    max: MAX_TIMEOUT_SECONDS,
    scope: 'global',
    dynamic: true,
    description:
      'Seconds a graceful shutdown lets running statements finish before it cancels them ' +
      '(StrataDB setting; mysqld has no equivalent).',
  },
  {
    name: 'ssl_cert',
    type: 'string',
    default: '',
    scope: 'global',
    dynamic: false,
    description: 'PEM certificate of the server. With ssl_key, enables TLS (CLIENT_SSL).',
  },
  {
    name: 'ssl_key',
    type: 'string',
    default: '',
    scope: 'global',
    dynamic: false,
    description: 'PEM private key matching ssl_cert.',
  },
  {
    name: 'ssl_ca',
    type: 'string',
    default: '',
    scope: 'global',
    dynamic: false,
    description: 'PEM CA bundle used to verify client certificates that clients present.',
  },
  {
    name: 'require_secure_transport',
    type: 'bool',
    default: false,
    scope: 'global',
    dynamic: true,
    description: 'Refuse connections that did not start TLS (ER_SECURE_TRANSPORT_REQUIRED, 3159).',
  },
  {
    name: 'caching_sha2_password_private_key_path',
    type: 'string',
    default: '',
    scope: 'global',
    dynamic: false,
    description:
      'PEM RSA private key for caching_sha2_password full authentication without TLS. When ' +
      'empty, a 2048-bit key pair is generated at startup.',
  },
  {
    name: 'caching_sha2_password_public_key_path',
    type: 'string',
    default: '',
    scope: 'global',
    dynamic: false,
    description: 'PEM RSA public key matching the private key (derived from it when empty).',
  },
  {
    name: 'default_authentication_plugin',
    type: 'enum',
    default: 'caching_sha2_password',
    values: ['caching_sha2_password', 'mysql_native_password'],
    scope: 'global',
    dynamic: false,
    description: 'Plugin named in the greeting; accounts using the other one get an auth switch.',
  },
  {
    name: 'initial_root_password',
    type: 'string',
    default: '',
    scope: 'global',
    dynamic: false,
    description:
      'Password given to root@localhost when the user catalog is created on first start ' +
      '(StrataDB setting). Never printed back.',
  },
  {
    name: 'status_port',
    type: 'int',
    default: 0,
    min: 0,
    max: MAX_PORT,
    scope: 'global',
    dynamic: false,
    description:
      'TCP port of the HTTP status endpoint: /metrics (Prometheus text format), /health and ' +
      'POST /backup. 0 turns it off (StrataDB setting).',
  },
  {
    name: 'status_bind_address',
    type: 'string',
    default: '127.0.0.1',
    scope: 'global',
    dynamic: false,
    description: 'Address the status endpoint binds to (StrataDB setting).',
  },
  {
    name: 'log_format',
    type: 'enum',
    default: 'text',
    values: ['text', 'json'],
    scope: 'global',
    dynamic: false,
    description:
      'Server log on stderr: text (one line per event: time, level, message, key=value fields) ' +
      'or json (one JSON object per line) (StrataDB setting).',
  },
  {
    name: 'log_level',
    type: 'enum',
    default: 'info',
    values: ['error', 'warn', 'info', 'debug'],
    scope: 'global',
    dynamic: true,
    description: 'Least severe level written to the server log (StrataDB setting).',
  },
  {
    name: 'slow_query_log',
    type: 'bool',
    default: false,
    scope: 'global',
    dynamic: true,
    description:
      'Write statements that take at least long_query_time seconds to slow_query_log_file, in ' +
      'MySQL’s slow log format.',
  },
  {
    name: 'long_query_time',
    type: 'float',
    default: 10,
    min: 0,
    max: MAX_TIMEOUT_SECONDS,
    scope: 'global',
    dynamic: true,
    description:
      'Seconds (fractions allowed) a statement must take to be written to the slow query log.',
  },
  {
    name: 'slow_query_log_file',
    type: 'string',
    default: '',
    scope: 'global',
    dynamic: true,
    description:
      'File the slow query log is appended to; empty: host_name-slow.log in the data dir, as ' +
      'mysqld names it.',
  },
];

/** Settings whose value must never be printed (--print-config, SHOW VARIABLES). */
export const SECRET_SERVER_SETTINGS: ReadonlySet<string> = new Set(['initial_root_password']);
