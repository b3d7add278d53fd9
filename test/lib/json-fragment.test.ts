import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsFragment, jsonDepth } from '../../src/lib/json-fragment.js';

const order = {
  orderId: 'A-1',
  total: '1250',
  customer: { phone: '+14155550123', email: null },
  items: [
    { sku: 'LAT', name: 'Latte', quantity: 1 },
    { sku: 'CRO', name: 'Croissant', quantity: 2 },
  ],
  ereceipt: true,
};

describe('containsFragment', () => {
  it.each([
    ['an equal scalar', 'A-1', 'A-1', true],
    ['a number against its string', '1', 1, false],
    ['null against null', null, null, true],
    ['one key', order, { orderId: 'A-1' }, true],
    ['a wrong value', order, { orderId: 'A-2' }, false],
    ['a missing key', order, { storeId: 'x' }, false],
    ['a nested key', order, { customer: { phone: '+14155550123' } }, true],
    ['a null value present', order, { customer: { email: null } }, true],
    ['an array element by some keys', order, { items: [{ name: 'Croissant' }] }, true],
    ['two elements, any order', order, { items: [{ sku: 'CRO' }, { sku: 'LAT' }] }, true],
    ['an element that is not there', order, { items: [{ name: 'Mocha' }] }, false],
    ['an empty object', order, {}, true],
    ['an empty array', order, { items: [] }, true],
    ['an object against an array', order, { items: { sku: 'LAT' } }, false],
    ['an array against an object', order, { customer: [] }, false],
    ['a boolean', order, { ereceipt: true }, true],
    ['an inherited key', {}, { toString: null }, false],
  ])('%s', (_case, value, fragment, expected) => {
    expect(containsFragment(value, fragment)).toBe(expected);
  });

  it('finds every value in itself, and every value with keys left out', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(containsFragment(value, value)).toBe(true);
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
          const [first] = Object.keys(value);
          if (first !== undefined) {
            const { [first]: _left, ...rest } = value as Record<string, unknown>;
            expect(containsFragment(value, rest)).toBe(true);
          }
        }
      }),
    );
  });
});

describe('jsonDepth', () => {
  it.each([
    [1, 0],
    [{}, 1],
    [[[]], 2],
    [{ a: [{ b: 1 }] }, 3],
  ])('%j nests %i deep', (value, depth) => {
    expect(jsonDepth(value, 100)).toBe(depth);
  });

  it('stops counting past its limit, without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepth(deep, 32)).toBe(33);
  });
});
