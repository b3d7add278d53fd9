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
    const rendered = injectedErrorOf(plainApi)(status, 'injected', '/plain/x');
    expect(rendered.status).toBe(status);
    expect(rendered.body).toMatchObject({ error });
  });

  it("uses the API's own injectedError when it has one", () => {
    expect(injectedErrorOf(rulrrApi)(502, 'x', '/rulrr/v1/stores')).toEqual({ status: 502, body: { success: false, error: 'bad_gateway', message: 'x' } });
    expect(injectedErrorOf(rulrrApi)(451, 'x', '/rulrr/v1/stores').body).toMatchObject({ error: 'unavailable_for_legal_reasons' });
  });

  it('says in its message that the sandbox injected it', () => {
    expect(injectedMessage(503, 7)).toBe('Service Unavailable (injected by sandbox fault 7)');
    expect(injectedMessage(599, 7)).toBe('HTTP 599 (injected by sandbox fault 7)');
  });
});

describe('injected errors of WLL and Kangaroo', () => {
  it('answer in WLL’s envelope with a WLL-style name', async () => {
    const { wllApi } = await import('../../src/apis/wll/index.js');
    const rendered = injectedErrorOf(wllApi)(503, 'injected', '/wll/v1/receipts');
    expect(rendered).toMatchObject({ status: 503, body: { status: 'fail', data: { name: 'ServiceUnavailableError', httpCode: 503, message: 'injected' } } });
  });

  it('answer in Kangaroo’s envelope on the API, and in OAuth2’s on the token endpoint', async () => {
    const { kangarooApi } = await import('../../src/apis/kangaroo/index.js');
    expect(injectedErrorOf(kangarooApi)(500, 'injected', '/kangaroo/api/v1/branches')).toMatchObject({
      status: 500,
      body: { error: { status_code: 500 } },
    });
    const token = injectedErrorOf(kangarooApi)(503, 'injected', '/kangaroo/oauth/token');
    expect(token.status).toBe(503);
    expect(token.body).toMatchObject({ error: expect.any(String), error_description: expect.any(String) });
  });
});
