// Every setting of the server, gathered from the layer that owns it.

import type { SettingDefinition } from '../definition.js';
import { ENGINE_SETTINGS } from './engine.js';
import { SERVER_SETTINGS } from './server.js';
import { SQL_SETTINGS } from './sql.js';
import { TXN_SETTINGS } from './txn.js';

export const ALL_SETTINGS: readonly SettingDefinition[] = [
  ...SERVER_SETTINGS,
  ...SQL_SETTINGS,
  ...TXN_SETTINGS,
  ...ENGINE_SETTINGS,
];
