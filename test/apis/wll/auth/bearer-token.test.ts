import { describe, expect, it } from 'vitest';
import { WllAuthError } from '../../../../src/apis/wll/auth/auth-error.js';
import { bearerToken } from '../../../../src/apis/wll/auth/bearer-token.js';

describe('the Authorization header', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['BEARER  abc.def.ghi  ', 'abc.def.ghi'],
    ['Bearer\tabc', 'abc'],
    [undefined, undefined],
    ['', undefined],
  ])('%j gives the token %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    ['Basic dXNlcjpwYXNz', 'The Authorization header must read "Bearer <token>"'],
    ['Bearer', 'The Authorization header must read "Bearer <token>"'],
    ['Bearer ', 'The Authorization header must read "Bearer <token>"'],
    ['Bearer a b', 'The Authorization header must read "Bearer <token>"'],
    ['abc.def.ghi', 'The Authorization header must read "Bearer <token>"'],
    [['Bearer a', 'Bearer b'], 'Send one Authorization header, not several'],
  ])('%j is refused as unauthorized', (header, message) => {
    expect(() => bearerToken(header)).toThrow(expect.objectContaining({ kind: 'unauthorized', message }));
  });

  it('a long run of blanks is rejected in linear time', () => {
    const started = performance.now();
    expect(() => bearerToken(`Bearer ${' \t'.repeat(8000)}x y`)).toThrow(WllAuthError);
    // Milliseconds, not seconds; the margin over the sub-millisecond cost is for GC pauses on a loaded machine.
    expect(performance.now() - started).toBeLessThan(250);
  });
});
