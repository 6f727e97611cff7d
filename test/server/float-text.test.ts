import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doubleToText, fixedToText, floatToText } from '../../src/server/values/float-text.js';

describe('DOUBLE as text (MySQL my_gcvt)', () => {
  const cases: Array<[number, string]> = [
    [0, '0'],
    [-0, '-0'],
    [1, '1'],
    [-1.5, '-1.5'],
    [0.1, '0.1'],
    [1 / 3, '0.3333333333333333'],
    [100000, '100000'],
    [1e14, '100000000000000'],
    [999999999999999, '999999999999999'],
    [1e15, '1e15'],
    [1e21, '1e21'],
    [2 ** 53, '9.007199254740992e15'],
    [123456789012345678, '1.2345678901234568e17'],
    [1234567890123456.7, '1234567890123456.8'],
    [1.5e-7, '0.00000015'],
    [1e-15, '0.000000000000001'],
    [1e-16, '1e-16'],
    [-2.5e-100, '-2.5e-100'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e308'],
  ];
  for (const [value, text] of cases) {
    it(`prints ${value} as ${text}`, () => assert.equal(doubleToText(value), text));
  }
});

describe('FLOAT as text (at most 6 significant digits, FLT_DIG)', () => {
  const cases: Array<[number, string]> = [
    [1.25, '1.25'],
    [0.1, '0.1'],
    [1.23456789, '1.23457'],
    [123456789, '123457000'],
    [16777216, '16777200'],
    [3.4028234663852886e38, '3.40282e38'],
    [-0.5, '-0.5'],
    [16777.25, '16777.2'],
    [16777.75, '16777.8'],
  ];
  for (const [value, text] of cases) {
    it(`prints ${value} as ${text}`, () => assert.equal(floatToText(value), text));
  }
});

describe('FLOAT/DOUBLE with fixed decimals (MySQL my_fcvt)', () => {
  const cases: Array<[number, number, string]> = [
    [1.5, 2, '1.50'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [-1.5, 0, '-2'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [1.005, 2, '1.00'],
    [-0.001, 2, '-0.00'],
    [1e21, 2, '1000000000000000000000.00'],
  ];
  for (const [value, decimals, text] of cases) {
    it(`prints ${value} with ${decimals} decimals as ${text}`, () =>
      assert.equal(fixedToText(value, decimals), text));
  }
});

describe('special values', () => {
  it('prints infinities and NaN as C printf does', () => {
    assert.equal(doubleToText(Infinity), 'inf');
    assert.equal(doubleToText(-Infinity), '-inf');
    assert.equal(doubleToText(NaN), 'nan');
  });
});
