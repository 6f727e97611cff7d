export { Settings, SettingError, coerceSetting } from './settings.js';
export type { SettingListener } from './settings.js';
export type { SettingDefinition, SettingScope, SettingType, SettingValue } from './definition.js';
