// MySQL endpoints as URLs: mysql://user:password@host:port/database, as --target and --vs take
// them and the workload files' mysql storage config holds them.

const DEFAULT_PORT = 3306;
const DEFAULT_USER = 'root';

export interface MysqlEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The database named in the URL, or undefined when the URL names none. */
  database: string | undefined;
}

export class EndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

export function parseMysqlUrl(text: string): MysqlEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EndpointError(`'${text}' is not a URL (expected mysql://user:pass@host:port/db)`);
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new EndpointError(`'${text}': the scheme must be mysql://, got ${url.protocol}//`);
  }
  if (url.hostname === '') throw new EndpointError(`'${text}' names no host`);
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database.includes('/')) {
    throw new EndpointError(`'${text}': the path must be one database name`);
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: url.username === '' ? DEFAULT_USER : decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: database === '' ? undefined : database,
  };
}

/** The endpoint as a URL without its password, for reports. */
export function describeEndpoint(endpoint: MysqlEndpoint): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `mysql://${encodeURIComponent(endpoint.user)}@${host}:${endpoint.port}/${endpoint.database ?? ''}`;
}

export function withDatabase(endpoint: MysqlEndpoint, fallback: string): MysqlEndpoint {
  return endpoint.database === undefined ? { ...endpoint, database: fallback } : endpoint;
}
