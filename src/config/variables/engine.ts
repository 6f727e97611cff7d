// Settings owned by the engine layer.

import type { SettingDefinition } from '../definition.js';

export const ENGINE_SETTINGS: readonly SettingDefinition[] = [];
