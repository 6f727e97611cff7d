// A small seeded generator (mulberry32) for randomized tests. The seed comes from
// STRATA_TEST_SEED when set, so a failing run replays exactly; otherwise from the clock.

export interface Random {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  int(minInclusive: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
}

export function seededRandom(label: string): Random {
  const fromEnv = process.env.STRATA_TEST_SEED;
  const seed =
    fromEnv !== undefined ? Number(fromEnv) >>> 0 : (Date.now() ^ (Math.random() * 2 ** 32)) >>> 0;
  console.log(`${label}: seed ${seed} (replay with STRATA_TEST_SEED=${seed})`);
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}
