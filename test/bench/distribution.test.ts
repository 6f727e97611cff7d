// COSBench's distributions and sizes: parsing, errors, and the values each hands to workers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SeededRandom } from '../../bench/common/random.js';
import {
  DistributionError,
  IntGenerator,
  enumerate,
  parseDistribution,
  parseSize,
  segment,
} from '../../bench/workload/distribution.js';

const SEED = 7;

describe('COSBench distributions', () => {
  it('parses c(n), u(a,b), r(a,b) and s(a,b)', () => {
    assert.deepEqual(parseDistribution('c(4)'), { kind: 'constant', value: 4 });
    assert.deepEqual(parseDistribution('u(1,3)'), { kind: 'uniform', low: 1, high: 3 });
    assert.deepEqual(parseDistribution('r(1, 3)'), { kind: 'range', low: 1, high: 3 });
    assert.deepEqual(parseDistribution(' s(1,20000) '), {
      kind: 'sequential',
      low: 1,
      high: 20000,
    });
  });

  it('parses sizes with decimal units B, KB, MB and GB', () => {
    assert.deepEqual(parseSize('c(4)KB'), {
      distribution: { kind: 'constant', value: 4 },
      unitBytes: 1000,
    });
    assert.equal(parseSize('u(1,2)MB').unitBytes, 1_000_000);
    assert.equal(parseSize('c(512)B').unitBytes, 1);
    assert.equal(parseSize('c(1)GB').unitBytes, 1_000_000_000);
  });

  for (const [text, fragment] of [
    ['x(1,2)', "unknown distribution 'x'"],
    ['u(1)', 'takes two numbers'],
    ['c(1,2)', 'takes one number'],
    ['u(5,2)', 'lower bound 5 is above the upper bound 2'],
    ['u(-1,2)', 'whole number'],
    ['u(1,a)', 'whole number'],
    ['uniform', 'is not a distribution'],
  ] as const) {
    it(`rejects '${text}' saying ${fragment}`, () => {
      assert.throws(
        () => parseDistribution(text),
        (error: Error) => error instanceof DistributionError && error.message.includes(fragment),
      );
    });
  }

  it('rejects a size without a unit or with an unknown one', () => {
    assert.throws(() => parseSize('c(4)'), /a size is a distribution and a unit/);
    assert.throws(() => parseSize('c(4)KiB'), /unknown unit 'KiB'/);
  });

  it('divides a range among workers as COSBench does, the first ones taking the remainder', () => {
    assert.deepEqual(
      [0, 1, 2].map((w) => segment(1, 10, w, 3)),
      [
        [1, 4],
        [5, 7],
        [8, 10],
      ],
    );
    assert.deepEqual(segment(1, 2, 3, 4), [3, 2]);
  });

  it('hands out s(a,b) in order to all workers together, starting over after b', () => {
    const random = new SeededRandom(SEED);
    const generator = new IntGenerator(parseDistribution('s(1,3)'));
    const values = [0, 1, 0, 1, 0].map((worker) => generator.next(random, worker, 2));
    assert.deepEqual(values, [1, 2, 3, 1, 2]);
  });

  it('hands out r(a,b) in order within each worker’s own segment', () => {
    const random = new SeededRandom(SEED);
    const generator = new IntGenerator(parseDistribution('r(1,4)'));
    const first = [
      generator.next(random, 0, 2),
      generator.next(random, 0, 2),
      generator.next(random, 0, 2),
    ];
    const second = [generator.next(random, 1, 2), generator.next(random, 1, 2)];
    assert.deepEqual(first, [1, 2, 1]);
    assert.deepEqual(second, [3, 4]);
  });

  it('draws u(a,b) within the bounds and reaches both ends', () => {
    const random = new SeededRandom(SEED);
    const generator = new IntGenerator(parseDistribution('u(5,8)'));
    const seen = new Set(Array.from({ length: 400 }, () => generator.next(random, 0, 1)));
    assert.deepEqual([...seen].sort(), [5, 6, 7, 8]);
  });

  it('has nothing for a worker whose segment is empty', () => {
    const generator = new IntGenerator(parseDistribution('u(1,2)'));
    assert.equal(generator.next(new SeededRandom(SEED), 3, 4), undefined);
  });

  it('enumerates each value of a worker’s segment once', () => {
    const d = parseDistribution('r(1,5)');
    assert.deepEqual(
      [enumerate(d, 0, 2), enumerate(d, 1, 2)],
      [
        [1, 2, 3],
        [4, 5],
      ],
    );
    assert.deepEqual(enumerate(parseDistribution('c(9)'), 0, 1), [9]);
  });
});
