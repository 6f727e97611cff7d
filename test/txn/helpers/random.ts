// A seeded pseudo-random generator for randomized tests: the seed is printed with every failure
// message that uses it and can be replayed with TXN_TEST_SEED=<seed>.

export interface SeededRandom {
  seed: number;
  /** Uniform in [0, 1). */
  random: () => number;
  /** Uniform integer in [0, n). */
  int: (n: number) => number;
}

export function seededRandom(seed = defaultSeed()): SeededRandom {
  let state = seed >>> 0 || 1;
  // xorshift32: enough for picking keys and amounts.
  const random = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  return { seed, random, int: (n) => Math.floor(random() * n) };
}

function defaultSeed(): number {
  const fromEnv = process.env.TXN_TEST_SEED;
  return fromEnv !== undefined ? Number(fromEnv) : Math.floor(Math.random() * 0xffff_ffff);
}
