// sysbench's random numbers and strings (sysbench 1.0's --rand-type distributions with their
// defaults), over a seeded generator so that a run replays from its seed.

import type { SeededRandom } from '../common/random.js';

export type RandType = 'uniform' | 'gaussian' | 'special' | 'pareto';
export const RAND_TYPES: readonly RandType[] = ['uniform', 'gaussian', 'special', 'pareto'];

/** sysbench's defaults: --rand-spec-iter=12 --rand-spec-pct=1 --rand-spec-res=75 --rand-pareto-h=0.2. */
const SPEC_ITERATIONS = 12;
const SPEC_PERCENT = 1;
const SPEC_RESOLUTION_PERCENT = 75;
const PARETO_H = 0.2;
const PARETO_POWER = Math.log(PARETO_H) / Math.log(1 - PARETO_H);

/** The c column's template: ten groups of eleven digits; pad's: five groups. */
export const C_TEMPLATE = Array(10).fill('###########').join('-');
export const PAD_TEMPLATE = Array(5).fill('###########').join('-');

const DIGIT_0 = '0'.charCodeAt(0);
const PLACEHOLDER = '#'.charCodeAt(0);
const DIGITS = 10;

export class SysbenchRandom {
  constructor(
    private readonly random: SeededRandom,
    private readonly type: RandType,
  ) {}

  /** sysbench.rand.uniform(a, b). */
  uniform(a: number, b: number): number {
    return a + Math.floor(this.random.next() * (b - a + 1));
  }

  /** sysbench.rand.default(a, b): the distribution chosen with --rand-type. */
  default(a: number, b: number): number {
    switch (this.type) {
      case 'uniform':
        return this.uniform(a, b);
      case 'gaussian':
        return this.gaussian(a, b);
      case 'special':
        return this.special(a, b);
      case 'pareto':
        return a + Math.floor((b - a + 1) * Math.pow(this.random.next(), PARETO_POWER));
    }
  }

  /** The mean of several uniform draws: a bell around the middle of [a, b]. */
  private gaussian(a: number, b: number): number {
    let sum = 0;
    for (let i = 0; i < SPEC_ITERATIONS; i++) sum += this.random.next() * (b - a + 1);
    return a + Math.floor(sum / SPEC_ITERATIONS);
  }

  /**
   * sysbench's 'special': 75% of the draws fall uniformly on the middle 1% of [a, b] (hot rows),
   * the other 25% follow the bell of gaussian().
   */
  private special(a: number, b: number): number {
    const span = b - a;
    const widened = span * (100 / (100 - SPEC_RESOLUTION_PERCENT));
    const draw = this.random.next();
    if (draw * widened < span) {
      let sum = 0;
      for (let i = 0; i < SPEC_ITERATIONS; i++) sum += this.random.next();
      return a + Math.floor((sum * span) / SPEC_ITERATIONS);
    }
    const hot = span * (SPEC_PERCENT / 100);
    const offset = draw * (hot + 1) + span / 2 - span * (SPEC_PERCENT / 200);
    return a + Math.floor(offset);
  }

  /** sysbench.rand.string: every '#' becomes a random digit. */
  string(template: string): string {
    let out = '';
    for (let i = 0; i < template.length; i++) {
      out +=
        template.charCodeAt(i) === PLACEHOLDER
          ? String.fromCharCode(DIGIT_0 + Math.floor(this.random.next() * DIGITS))
          : template[i];
    }
    return out;
  }
}
