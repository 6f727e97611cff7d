// db_bench-style flags: --name=value (or --name value), with typed accessors and a clear error
// for anything unknown. Dashes in names read as underscores, so sysbench's spellings
// (--table-size) and db_bench's (--table_size) both work.

/** A flag that is unknown, malformed or out of range (the command's usage error). */
export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

export class Flags {
  private readonly values = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(argv: string[]) {
    const name = (raw: string) => raw.replaceAll('-', '_');
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (!arg.startsWith('--')) throw new FlagError(`unexpected argument '${arg}'`);
      const eq = arg.indexOf('=');
      if (eq >= 0) {
        this.values.set(name(arg.slice(2, eq)), arg.slice(eq + 1));
      } else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
        this.values.set(name(arg.slice(2)), argv[++i]!);
      } else {
        this.values.set(name(arg.slice(2)), 'true');
      }
    }
  }

  string(name: string, fallback: string): string {
    this.used.add(name);
    return this.values.get(name) ?? fallback;
  }

  optionalString(name: string): string | undefined {
    this.used.add(name);
    return this.values.get(name);
  }

  number(name: string, fallback: number): number {
    this.used.add(name);
    const raw = this.values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new FlagError(`--${name} must be a number, got '${raw}'`);
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    this.used.add(name);
    const raw = this.values.get(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'off', 'no'].includes(raw)) return false;
    throw new FlagError(`--${name} must be 0 or 1, got '${raw}'`);
  }

  /** An integer of at least `min`. */
  integer(name: string, fallback: number, min = 0): number {
    const n = this.number(name, fallback);
    if (!Number.isInteger(n) || n < min) {
      throw new FlagError(
        `--${name} must be an integer of at least ${min}, got '${this.values.get(name)}'`,
      );
    }
    return n;
  }

  /** A number greater than zero (seconds, intervals). */
  positive(name: string, fallback: number): number {
    const n = this.number(name, fallback);
    if (n <= 0) {
      throw new FlagError(`--${name} must be greater than 0, got '${this.values.get(name)}'`);
    }
    return n;
  }

  /** One of `choices`. */
  choice<T extends string>(name: string, fallback: T, choices: readonly T[]): T {
    const raw = this.string(name, fallback);
    if (!(choices as readonly string[]).includes(raw)) {
      throw new FlagError(`--${name} must be one of ${choices.join(', ')}, got '${raw}'`);
    }
    return raw as T;
  }

  /** A comma-separated list (empty items dropped). */
  list(name: string, fallback: string): string[] {
    return this.string(name, fallback)
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }

  /** Throws for flags that no accessor asked for (typos). Call after reading every flag. */
  rejectUnknown(): void {
    for (const name of this.values.keys()) {
      if (!this.used.has(name)) throw new FlagError(`unknown flag --${name}`);
    }
  }
}
