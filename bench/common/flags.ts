// db_bench-style flags: --name=value (or --name value), with typed accessors and a clear error
// for anything unknown.

export class Flags {
  private readonly values = new Map<string, string>();
  private readonly used = new Set<string>();

  constructor(argv: string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i]!;
      if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`);
      const eq = arg.indexOf('=');
      if (eq >= 0) {
        this.values.set(arg.slice(2, eq), arg.slice(eq + 1));
      } else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
        this.values.set(arg.slice(2), argv[++i]!);
      } else {
        this.values.set(arg.slice(2), 'true');
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
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got '${raw}'`);
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    this.used.add(name);
    const raw = this.values.get(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'off', 'no'].includes(raw)) return false;
    throw new Error(`--${name} must be 0 or 1, got '${raw}'`);
  }

  /** Throws for flags that no accessor asked for (typos). Call after reading every flag. */
  rejectUnknown(): void {
    for (const name of this.values.keys()) {
      if (!this.used.has(name)) throw new Error(`unknown flag --${name}`);
    }
  }
}
