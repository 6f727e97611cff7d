// The command line of `strata serve`: its own flags, and any setting in MySQL's spelling
// (--port=3307, --port 3307, --max-connections=500, --require-secure-transport,
// --skip-require-secure-transport). --host is bind_address. Settings are validated by
// src/config; a flag it does not know, or a bad value, is a UsageError naming the flag.

import type { Settings } from '../config/index.js';
import { SettingError } from '../config/index.js';
import { bareOption } from './config-file.js';
import type { Assignment } from './config-file.js';
import { UsageError } from './usage-error.js';

export interface ServeOptions {
  help: boolean;
  printConfig: boolean;
  configFile: string | null;
  /** Setting assignments in command-line order. */
  assignments: Assignment[];
}

/** Flags that are not settings, or are other names of one. */
const ALIASES: Readonly<Record<string, string>> = { host: 'bind_address' };
const CONFIG_FLAGS: ReadonlySet<string> = new Set(['config', 'defaults-file', 'defaults_file']);

export function parseServeArguments(args: readonly string[], settings: Settings): ServeOptions {
  const options: ServeOptions = {
    help: false,
    printConfig: false,
    configFile: null,
    assignments: [],
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      options.help = true;
      continue;
    }
    if (arg === '--print-config') {
      options.printConfig = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') throw new UsageError(`unexpected argument '${arg}'`);
    const equals = arg.indexOf('=');
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    const name = flag.slice(2);
    const inlineValue = equals < 0 ? undefined : arg.slice(equals + 1);
    const takeValue = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`option '${flag}' needs a value`);
      i++;
      return next;
    };
    if (CONFIG_FLAGS.has(name)) {
      options.configFile = takeValue();
      continue;
    }
    const settingName = ALIASES[name] ?? name;
    const definition = settings.definition(settingName);
    if (definition?.type === 'bool' && inlineValue === undefined) {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--') && /^(on|off|true|false|0|1)$/i.test(next)) {
        i++;
        options.assignments.push({ name: settingName, value: next, origin: flag });
      } else {
        options.assignments.push({ ...bareOption(settingName, flag), origin: flag });
      }
      continue;
    }
    if (definition === undefined) {
      const bare = bareOption(settingName, flag);
      if (
        bare.name !== settingName &&
        settings.definition(bare.name)?.type === 'bool' &&
        inlineValue === undefined
      ) {
        options.assignments.push(bare);
        continue;
      }
      const meant = settings.suggest(settingName);
      const hint = meant === undefined ? '' : ` (did you mean '--${meant.replace(/_/g, '-')}'?)`;
      throw new UsageError(`unknown option '${flag}'${hint}`);
    }
    options.assignments.push({ name: settingName, value: takeValue(), origin: flag });
  }
  return options;
}

/** Applies assignments in order; the first bad one is a UsageError naming where it came from. */
export function applyAssignments(settings: Settings, assignments: readonly Assignment[]): void {
  for (const { name, value, origin } of assignments) {
    if (!settings.has(name)) {
      const meant = settings.suggest(name);
      const hint = meant === undefined ? '' : ` (did you mean '${meant}'?)`;
      throw new UsageError(`${origin}: unknown setting '${name}'${hint}`);
    }
    try {
      settings.setInitial(name, value);
    } catch (error) {
      if (error instanceof SettingError) throw new UsageError(`${origin}: ${error.message}`);
      throw error;
    }
  }
}
