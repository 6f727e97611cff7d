// Settings owned by the txn layer.

import type { SettingDefinition } from '../definition.js';

export const TXN_SETTINGS: readonly SettingDefinition[] = [];
