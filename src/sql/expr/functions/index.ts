// Every scalar function by upper-case name.

import { CALENDAR_FUNCTIONS } from './calendar.js';
import { CONTROL_FUNCTIONS } from './control.js';
import { DATETIME_FUNCTIONS } from './datetime.js';
import { ENCODING_FUNCTIONS } from './encoding.js';
import type { FunctionDef } from './function-def.js';
import { INFO_FUNCTIONS } from './info.js';
import { NUMERIC_FUNCTIONS, UUID_FUNCTIONS } from './numeric.js';
import { STRING_FUNCTIONS } from './string.js';
import { TEXT_SEARCH_FUNCTIONS } from './text-search.js';

export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(
  Object.entries({
    ...CONTROL_FUNCTIONS,
    ...STRING_FUNCTIONS,
    ...NUMERIC_FUNCTIONS,
    ...UUID_FUNCTIONS,
    ...DATETIME_FUNCTIONS,
    ...INFO_FUNCTIONS,
    ...TEXT_SEARCH_FUNCTIONS,
    ...ENCODING_FUNCTIONS,
    ...CALENDAR_FUNCTIONS,
  }),
);

export type { FunctionDef } from './function-def.js';
