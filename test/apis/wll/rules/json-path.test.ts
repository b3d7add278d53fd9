import fc from 'fast-check';
import { JSONPath } from 'jsonpath-plus';
import { describe, expect, it } from 'vitest';
import { createPathResolver, pathProblem } from '../../../../src/apis/wll/rules/json-path.js';

const request = {
  transaction: {
    total: 22.4,
    lineItems: [
      { productId: 'p1', unitPrice: 12.2, description: 'Prawns' },
      { productId: 'p2', unitPrice: 10.2, description: 'Pepsi' },
    ],
  },
};

describe('pathProblem', () => {
  it.each([
    '$.transaction.lineItems[*].productId',
    "$.transaction.lineItems[?(@.productId==='c94074f6-42e2-413a-a803-edff365b1b62')].unitPrice",
    '$.transaction.lineItems[?(@.unitPrice > 10 && (@.quantity >= 2 || !(@.free)))]',
    "$['transaction']['a(b)/c']",
    '$.transaction.lineItems[(@.length-1)].productId',
    '$..productId',
    '$.transaction.metadata["we\\"ird"]',
  ])('accepts %s', (path) => {
    expect(pathProblem(path)).toBeUndefined();
  });

  it.each([
    ["$[?(@.constructor.constructor('return process')())]", 'must not call functions'],
    ['$.transaction.lineItems[?(@.description.repeat(1e9))]', 'must not call functions'],
    ['$.transaction.lineItems[?(@.description.match (/(a+)+$/))]', 'must not call functions'],
    ['$.transaction.lineItems[?(@.description["trim"]())]', 'must not call functions'],
    ["$.transaction.lineItems[?('x'())]", 'must not call functions'],
    ['$.transaction.lineItems[?(/a/.test(@.description))]', "must not use '/'"],
    ['$.transaction.lineItems[?(@.unitPrice / 2)]', "must not use '/'"],
    ['$.transaction.lineItems[?(`${1}`)]', 'must not use backticks'],
    ["$.transaction['unclosed]", 'quote that is never closed'],
    [`$.${'a'.repeat(501)}`, 'at most 500 characters'],
  ])('refuses %s', (path, problem) => {
    expect(pathProblem(path)).toContain(problem);
  });
});

describe('the path resolver', () => {
  it('returns a property as itself and matches of a wildcard or filter as an array, even one', () => {
    const resolve = createPathResolver();
    expect(resolve(request, '$.transaction.total')).toBe(22.4);
    expect(resolve(request, "$.transaction.lineItems[?(@.productId==='p1')].unitPrice")).toEqual([12.2]);
    expect(resolve(request, '$.transaction.lineItems[*].productId')).toEqual(['p1', 'p2']);
    expect(resolve(request, '$.transaction.nothing')).toBeUndefined();
  });

  it('answers a repeated path from the same run without evaluating it again', () => {
    const resolve = createPathResolver();
    const first = resolve(request, '$.transaction.lineItems[*].productId');
    expect(resolve(request, '$.transaction.lineItems[*].productId')).toBe(first);
    expect(resolve(structuredClone(request), '$.transaction.lineItems[*].productId')).not.toBe(first);
  });

  it('throws for a refused path instead of evaluating it', () => {
    const resolve = createPathResolver();
    expect(() => resolve(request, '$.transaction.lineItems[?(@.description.repeat(1e9))]')).toThrow(/must not call functions/);
  });

  it("jsonpath-plus's safe mode itself runs no code, even for a path the checks would refuse", () => {
    const mark = '__wllJsonPathPwned';
    for (const path of [
      `$.transaction.lineItems[?(@.constructor.constructor('globalThis.${mark} = 1')())]`,
      `$.transaction.lineItems[?(@.productId.constructor.constructor('globalThis.${mark} = 1')())]`,
      `$.transaction.lineItems[?(@.__proto__.constructor.constructor('globalThis.${mark} = 1')())]`,
      `$.transaction.lineItems[?(@.productId = 'changed')]`,
      '$.transaction.lineItems[?(process.exit(1))]',
    ]) {
      expect(() => JSONPath({ path, json: request, wrap: false, eval: 'safe' })).toThrow();
    }
    expect((globalThis as Record<string, unknown>)[mark]).toBeUndefined();
    expect(request.transaction.lineItems[0]!.productId).toBe('p1');
  });

  it('resolves __proto__ and constructor to nothing', () => {
    const resolve = createPathResolver();
    for (const path of ['$..constructor', '$.__proto__', "$.transaction['__proto__']", '$.transaction.lineItems[0].constructor']) {
      expect(resolve(request, path)).toBeUndefined();
    }
  });

  it('any accepted path resolves or throws in bounded time', () => {
    const resolve = createPathResolver();
    const pieces = fc.constantFrom('$', '.', '..', '*', '[', ']', '(', ')', '?', '@', "'", '"', 'productId', 'lineItems', '==', '&&', '!', '0', ':', '-1', ',', '^', '~', ' ');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 120 }), (parts) => {
        const path = parts.join('');
        if (pathProblem(path) !== undefined) return;
        const started = performance.now();
        try {
          resolve(request, path);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
        expect(performance.now() - started).toBeLessThan(250);
      }),
      { numRuns: 2000 },
    );
  });
});
