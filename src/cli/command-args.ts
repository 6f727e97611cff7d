// Argument parsing for the data-dir commands (check, inspect, backup): node's parseArgs, strict,
// with its errors turned into one-line UsageErrors that name the option.

import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommand<T extends Options> {
  values: ReturnType<
    typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>
  >['values'];
  positionals: string[];
}

const UNKNOWN_OPTION = /^Unknown option '([^']+)'/;
const MISSING_VALUE = /^Option '(-[^' ]+)/;

export function parseCommand<T extends Options>(
  args: readonly string[],
  options: T,
): ParsedCommand<T> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`unknown option '${UNKNOWN_OPTION.exec(message)?.[1] ?? message}'`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const option = MISSING_VALUE.exec(message)?.[1];
      throw new UsageError(option ? `option '${option}' needs a value` : message);
    }
    throw error;
  }
}

/** Exactly the named positional arguments, or a UsageError naming what is missing or extra. */
export function expectPositionals(
  positionals: readonly string[],
  names: readonly string[],
): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(`missing ${names.slice(positionals.length).join(' and ')}`);
  }
  if (positionals.length > names.length) {
    throw new UsageError(`unexpected argument '${positionals[names.length]}'`);
  }
  return [...positionals];
}
