// A seeded pseudo-random generator for randomized tests. Every randomized test prints its seed;
// set STRATA_TEST_SEED to replay a failure.

export class SeededRandom {
  private state: number;
  readonly seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.state = this.seed || 0x9e3779b9;
  }

  /** A seed from STRATA_TEST_SEED, or a fresh one; printed so that a failure can be replayed. */
  static fromEnvironment(testName: string): SeededRandom {
    const fromEnv = process.env.STRATA_TEST_SEED;
    const seed = fromEnv !== undefined ? Number(fromEnv) : (Math.random() * 2 ** 32) >>> 0;
    console.log(`# ${testName}: seed ${seed} (replay with STRATA_TEST_SEED=${seed})`);
    return new SeededRandom(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    // mulberry32
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
}
