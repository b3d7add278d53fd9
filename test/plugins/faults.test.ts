import { describe, expect, it } from 'vitest';
import { garbled } from '../../src/plugins/faults.js';

describe('garbled', () => {
  it.each([
    ['a JSON object', '{"success":true,"order":{"orderId":"A-1"}}'],
    ['a JSON string', '"pending"'],
    ['an empty array', '[]'],
    ['an empty body', ''],
    ['one character', '{'],
  ])('cuts %s so that it does not parse', (_case, body) => {
    const cut = garbled(body) as string;
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.length).toBeLessThanOrEqual(Math.max(1, body.length - 1) || 1);
    expect(() => JSON.parse(cut)).toThrow();
  });

  it('cuts bytes the same way, and answers an absent body with a lone brace', () => {
    expect(garbled(Buffer.from('{"a":1}'))).toEqual(Buffer.from('{"a'));
    expect(garbled(undefined)).toBe('{');
    expect(garbled(null)).toBe('{');
  });
});
