// The MySQL protocol server's public face.

export { MysqlServer, ServerStartError } from './server.js';
export type {
  ConnectionState,
  ListenAddress,
  MysqlServerOptions,
  StatusVariable,
} from './server.js';
export type { ServerLogger, LogFields } from './logger.js';
export { stderrLogger, silentLogger } from './logger.js';
export { nativePasswordAuthString } from './auth/native-password.js';
export { cachingSha2AuthString } from './auth/caching-sha2-password.js';
