// Every scalar function by upper-case name.

import { CONTROL_FUNCTIONS } from './control.js';
import { DATETIME_FUNCTIONS } from './datetime.js';
import type { FunctionDef } from './function-def.js';
import { INFO_FUNCTIONS } from './info.js';
import { NUMERIC_FUNCTIONS, UUID_FUNCTIONS } from './numeric.js';
import { STRING_FUNCTIONS } from './string.js';

export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(
  Object.entries({
    ...CONTROL_FUNCTIONS,
    ...STRING_FUNCTIONS,
    ...NUMERIC_FUNCTIONS,
    ...UUID_FUNCTIONS,
    ...DATETIME_FUNCTIONS,
    ...INFO_FUNCTIONS,
  }),
);

export type { FunctionDef } from './function-def.js';
