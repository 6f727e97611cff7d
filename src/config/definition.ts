// What a setting is: its name, type, default, allowed range, scope and whether SET GLOBAL may
// change it at run time. Every setting of the server is declared once in variables/.

export type SettingType = 'int' | 'bool' | 'string' | 'enum' | 'size' | 'duration' | 'float';
export type SettingScope = 'global' | 'session' | 'both';
export type SettingValue = number | boolean | string;

export interface SettingDefinition {
  /** MySQL/MariaDB/OceanBase spelling, lower case with underscores. */
  name: string;
  type: SettingType;
  default: SettingValue;
  /** Inclusive bounds for int, size (bytes), duration (milliseconds) and float. */
  min?: number;
  max?: number;
  /** Allowed values for enum (compared case-insensitively, stored as spelled here). */
  values?: readonly string[];
  /** global: SET GLOBAL only; session: per session only; both: a global default each session copies. */
  scope: SettingScope;
  /** Whether SET [GLOBAL] may change it while the server runs. */
  dynamic: boolean;
  description: string;
}
