// Settings owned by the server layer.

import type { SettingDefinition } from '../definition.js';

export const SERVER_SETTINGS: readonly SettingDefinition[] = [];
