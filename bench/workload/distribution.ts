// COSBench's integer distributions, as workload configs write them:
//   c(n)    constant n;
//   u(a,b)  uniform random in [a, b];
//   r(a,b)  range: each value in turn; the range is split among the workers (each takes its own
//           segment, in order, and starts over at its end);
//   s(a,b)  sequential: a, a+1, … b shared by all workers, then a again.
// Under a work's division (container or object), u() and r() draw from the worker's segment of
// the range, as COSBench divides ranges among workers.
// Sizes add a unit: c(4)KB, u(1,4)MB; COSBench's units are decimal (KB = 1000 B).

import type { SeededRandom } from '../common/random.js';

export type Distribution =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform' | 'range' | 'sequential'; low: number; high: number };

export class DistributionError extends Error {}

const KINDS: Record<string, Distribution['kind']> = {
  c: 'constant',
  u: 'uniform',
  r: 'range',
  s: 'sequential',
};

export const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 };

const PATTERN = /^\s*([a-z])\(\s*([^)]*)\)\s*$/;
const INTEGER = /^\d+$/;

function integer(text: string, what: string, whole: string): number {
  const trimmed = text.trim();
  if (!INTEGER.test(trimmed)) {
    throw new DistributionError(`'${whole}': ${what} must be a whole number ≥ 0, got '${trimmed}'`);
  }
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value)) throw new DistributionError(`'${whole}': ${what} is too large`);
  return value;
}

export function parseDistribution(text: string): Distribution {
  const match = PATTERN.exec(text);
  if (match === null) {
    throw new DistributionError(`'${text}' is not a distribution (c(n), u(a,b), r(a,b) or s(a,b))`);
  }
  const kind = KINDS[match[1]!];
  if (kind === undefined) {
    throw new DistributionError(`'${text}': unknown distribution '${match[1]}' (c, u, r or s)`);
  }
  const args = match[2]!.split(',');
  if (kind === 'constant') {
    if (args.length !== 1) throw new DistributionError(`'${text}': c() takes one number`);
    return { kind, value: integer(args[0]!, 'the value', text) };
  }
  if (args.length !== 2) {
    throw new DistributionError(
      `'${text}': ${match[1]}() takes two numbers, a lower and an upper bound`,
    );
  }
  const low = integer(args[0]!, 'the lower bound', text);
  const high = integer(args[1]!, 'the upper bound', text);
  if (low > high) {
    throw new DistributionError(
      `'${text}': the lower bound ${low} is above the upper bound ${high}`,
    );
  }
  return { kind, low, high };
}

export interface SizeSpec {
  distribution: Distribution;
  unitBytes: number;
}

/** "c(4)KB" → constant 4 × 1000 bytes. */
export function parseSize(text: string): SizeSpec {
  const match = /^(.*\))\s*([A-Za-z]+)$/.exec(text.trim());
  if (match === null) {
    throw new DistributionError(
      `'${text}': a size is a distribution and a unit, e.g. c(4)KB (units ${Object.keys(SIZE_UNITS).join(', ')})`,
    );
  }
  const unitBytes = SIZE_UNITS[match[2]!];
  if (unitBytes === undefined) {
    throw new DistributionError(
      `'${text}': unknown unit '${match[2]}' (${Object.keys(SIZE_UNITS).join(', ')})`,
    );
  }
  return { distribution: parseDistribution(match[1]!), unitBytes };
}

/** The worker's share of [low, high] when the range is divided among `workers` (0-based index). */
export function segment(
  low: number,
  high: number,
  worker: number,
  workers: number,
): [number, number] {
  const span = high - low + 1;
  const base = Math.floor(span / workers);
  const extra = span % workers;
  const start = low + base * worker + Math.min(worker, extra);
  const length = base + (worker < extra ? 1 : 0);
  return [start, start + length - 1];
}

/** Draws values of one distribution for the workers of one work. */
export class IntGenerator {
  private sequentialNext: number;
  private readonly rangeCursors = new Map<number, number>();

  constructor(readonly distribution: Distribution) {
    this.sequentialNext = distribution.kind === 'constant' ? 0 : distribution.low;
  }

  /**
   * The next value for `worker` of `workers` sharing the range (workers = 1 when the range is not
   * divided). Returns undefined when the worker's segment is empty (more workers than values).
   */
  next(random: SeededRandom, worker: number, workers: number): number | undefined {
    const d = this.distribution;
    switch (d.kind) {
      case 'constant':
        return d.value;
      case 'sequential': {
        const value = this.sequentialNext;
        this.sequentialNext = value >= d.high ? d.low : value + 1;
        return value;
      }
      case 'uniform': {
        const [low, high] = segment(d.low, d.high, worker, workers);
        return high < low ? undefined : random.int(low, high);
      }
      case 'range': {
        const [low, high] = segment(d.low, d.high, worker, workers);
        if (high < low) return undefined;
        const key = workers === 1 ? 0 : worker;
        const offset = this.rangeCursors.get(key) ?? 0;
        this.rangeCursors.set(key, offset + 1);
        return low + (offset % (high - low + 1));
      }
    }
  }
}

/** Every value of a distribution once, in order (for init, prepare, cleanup and dispose works). */
export function enumerate(distribution: Distribution, worker: number, workers: number): number[] {
  if (distribution.kind === 'constant') return worker === 0 ? [distribution.value] : [];
  const [low, high] = segment(distribution.low, distribution.high, worker, workers);
  const values: number[] = [];
  for (let v = low; v <= high; v++) values.push(v);
  return values;
}
