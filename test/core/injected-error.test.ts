import { describe, expect, it } from 'vitest';
import { rulrrApi } from '../../src/apis/rulrr/index.js';
import { renderAdminError } from '../../src/core/admin-errors.js';
import type { EmulatedApi } from '../../src/core/api.js';
import { injectedErrorOf, injectedMessage } from '../../src/core/injected-error.js';

/** An API that leaves injected errors to its renderer, as WLL and Kangaroo do until they word their own. */
const plainApi = { ...rulrrApi, renderError: renderAdminError, injectedError: undefined } as EmulatedApi;

describe('injectedErrorOf', () => {
  it.each([
    [404, 'not_found'],
    [413, 'payload_too_large'],
    [418, 'invalid_request'],
    [429, 'invalid_request'],
    [500, 'internal_error'],
    [502, 'invalid_request'],
    [503, 'busy'],
  ])("keeps status %i and words it with the API's renderer (%s) when the API has no injectedError", (status, error) => {
    const rendered = injectedErrorOf(plainApi)(status, 'injected');
    expect(rendered.status).toBe(status);
    expect(rendered.body).toMatchObject({ error });
  });

  it("uses the API's own injectedError when it has one", () => {
    expect(injectedErrorOf(rulrrApi)(502, 'x')).toEqual({ status: 502, body: { success: false, error: 'bad_gateway', message: 'x' } });
    expect(injectedErrorOf(rulrrApi)(451, 'x').body).toMatchObject({ error: 'unavailable_for_legal_reasons' });
  });

  it('says in its message that the sandbox injected it', () => {
    expect(injectedMessage(503, 7)).toBe('Service Unavailable (injected by sandbox fault 7)');
    expect(injectedMessage(599, 7)).toBe('HTTP 599 (injected by sandbox fault 7)');
  });
});
