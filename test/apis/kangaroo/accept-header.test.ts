import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptsKangarooJson, MAX_ACCEPT_LENGTH } from '../../../src/apis/kangaroo/accept-header.js';

describe('acceptsKangarooJson', () => {
  it.each<[string | string[] | undefined, boolean]>([
    [undefined, true],
    ['', true],
    ['application/json', true],
    ['Application/JSON', true],
    ['application/json; charset=utf-8', true],
    ['*/*', true],
    ['application/*', true],
    ['application/vnd.kangaroorewards.api.v1+json', true],
    ['application/vnd.kangaroorewards.api.v1+json;', true],
    ['application/json, text/plain, */*', true],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    [['text/html', 'application/json'], true],
    ['application/json;q=0.5', true],
    ['application/json;q=abc', true],
    ['text/html', false],
    ['application/xml', false],
    ['text/*', false],
    ['application/vnd.kangaroorewards.api.v2+json', false],
    ['application/json;q=0', false],
    ['application/json;q=0, text/html', false],
    [`text/plain, ${'x'.repeat(MAX_ACCEPT_LENGTH)}, application/json`, false],
  ])('%j → %s', (header, accepted) => {
    expect(acceptsKangarooJson(header)).toBe(accepted);
  });

  it('reads any header quickly and without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 3000 }), fc.array(fc.constantFrom('application/json', '*/*', ';', ',', 'q=0', ' ', 'text/html', '='), { maxLength: 400 }).map((parts) => parts.join(''))), (header) => {
        const started = performance.now();
        expect(typeof acceptsKangarooJson(header)).toBe('boolean');
        expect(performance.now() - started).toBeLessThan(50);
      }),
    );
  });
});
