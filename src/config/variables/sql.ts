// Settings owned by the sql layer.

import type { SettingDefinition } from '../definition.js';

export const SQL_SETTINGS: readonly SettingDefinition[] = [];
