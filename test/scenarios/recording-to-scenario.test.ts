import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordingToScenario, type RecordedExchange } from '../../src/scenarios/recording-to-scenario.js';
import { parseScenarioText } from '../../src/scenarios/scenario-file.js';

const exchange = (partial: Partial<RecordedExchange> & Pick<RecordedExchange, 'path'>): RecordedExchange => ({
  target: 'api',
  method: 'GET',
  query: [],
  headers: {},
  response: { status: 200, contentType: 'application/json', json: {} },
  ...partial,
});
const convert = (exchanges: RecordedExchange[], api: 'rulrr' | 'wll' | 'kangaroo' = 'rulrr') =>
  recordingToScenario(exchanges, { api, name: 'recorded', description: 'test' });
const valid = (document: unknown) => parseScenarioText('recorded.json', JSON.stringify(document))[0]!.scenario;

describe('recordingToScenario', () => {
  it('WLL: the API key header becomes ${wll.apiKey}; an unknown bearer token becomes a declared variable', () => {
    const document = convert(
      [exchange({ path: '/v1/receipts', headers: { 'x-api-key': 'wll_live_key_123', authorization: 'Bearer eyJhbGciOi.x.y' } })],
      'wll',
    );
    expect(document.steps[0]).toMatchObject({ headers: { 'x-api-key': '${wll.apiKey}', authorization: '${authorization}' } });
    expect(document.variables).toEqual({ authorization: expect.stringContaining('recorded secret removed') });
    expect(JSON.stringify(document)).not.toContain('eyJhbGciOi');
    valid(document);
  });

  it('Kangaroo: form-encoded credentials become variables; a numeric id an answer gave is captured and sent back as a number', () => {
    const document = convert(
      [
        exchange({
          method: 'POST',
          path: '/oauth/token',
          body: { form: [['grant_type', 'password'], ['client_id', 'kc-1'], ['client_secret', 'ks-1'], ['username', 'owner@x.test'], ['password', 'pw']] },
          response: { status: 200, contentType: 'application/json', json: { access_token: 'tok_0123456789abcdefghij', expires_in: 86400 } },
        }),
        exchange({ method: 'POST', path: '/api/v1/integrations', headers: { authorization: 'Bearer tok_0123456789abcdefghij' }, response: { status: 201, json: { data: { id: 4711, name: 'POS' } } } }),
        exchange({ method: 'POST', path: '/api/v1/branch-links', body: { json: { integration_id: 4711, quantity: 4711 } } }),
      ],
      'kangaroo',
    );
    expect(document.steps[0]).toMatchObject({
      form: { grant_type: 'password', client_id: '${kangaroo.clientId}', client_secret: '${kangaroo.clientSecret}', username: '${kangaroo.username}', password: '${kangaroo.password}' },
      capture: { access_token: '$.access_token' },
    });
    expect(document.steps[1]).toMatchObject({ headers: { authorization: 'Bearer ${access_token}' }, capture: { id: '$.data.id' } });
    // Only where the field is an id: a quantity that happens to be equal stays a number.
    expect(document.steps[2]).toMatchObject({ body: { integration_id: '${id}', quantity: 4711 } });
    const scenario = valid(document);
    expect(scenario.steps).toHaveLength(3);
  });

  it('recorded text that looks like a reference is written so that it reads back as itself', () => {
    const document = convert([exchange({ method: 'POST', path: '/v1/x', body: { json: { note: 'costs ${price}' } }, response: { status: 200, json: { note: 'costs ${price}' } } })]);
    expect(document.steps[0]).toMatchObject({ body: { note: 'costs $${price}' }, expect: { body: { note: 'costs $${price}' } } });
    valid(document);
  });

  it('an answer with a key that looks like a matcher is expected as a $literal', () => {
    const document = convert([exchange({ path: '/v1/x', response: { status: 200, json: { filter: { $regex: 'a' } } } })]);
    expect(document.steps[0]).toMatchObject({ expect: { body: { filter: { $literal: { $regex: 'a' } } } } });
    valid(document);
  });

  it('the content type is expected by its media type; non-JSON answers by status and type only', () => {
    const document = convert([exchange({ path: '/connect', response: { status: 410, contentType: 'text/html; charset=utf-8' } })]);
    expect(document.steps[0]!.expect).toEqual({ status: 410, headers: { 'content-type': { $regex: '^text\\/html' } } });
  });

  it('any recording makes a valid scenario, and no credential appears in it as sent', { timeout: 20_000 }, () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/);
    const json = fc.jsonValue({ maxDepth: 3 });
    const recorded = fc.record({
      target: fc.constantFrom('api' as const, 'admin' as const),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
      path: word.map((w) => `/v1/${w}`),
      query: fc.array(fc.tuple(fc.constantFrom('client_id', 'client_secret', 'orderId', 'access_token'), word), { maxLength: 4 }),
      headers: fc.dictionary(fc.constantFrom('authorization', 'x-api-key', 'x-application-key', 'accept'), word, { maxKeys: 3 }),
      body: fc.option(fc.oneof(json.map((value) => ({ json: value })), fc.string().map((text) => ({ text }))), { nil: undefined }),
      response: fc.record({ status: fc.integer({ min: 100, max: 599 }), contentType: fc.constant('application/json'), json: fc.option(json, { nil: undefined }) }),
    });
    fc.assert(
      fc.property(fc.array(recorded, { minLength: 1, maxLength: 6 }), fc.constantFrom('rulrr' as const, 'wll' as const, 'kangaroo' as const), (exchanges, api) => {
        const document = convert(exchanges as RecordedExchange[], api);
        valid(document);
        const secrets = exchanges.flatMap((e) => [
          ...e.query.filter(([key]) => key === 'client_secret' || key === 'access_token').map(([, value]) => value),
          ...Object.entries(e.headers).filter(([name]) => name !== 'accept').map(([, value]) => value),
        ]);
        // Each must have been replaced wherever it stood alone as a value.
        for (const step of document.steps) {
          const sent = JSON.stringify({ query: step.query ?? (step.admin as { query?: unknown })?.query, headers: step.headers });
          for (const secret of secrets) expect(sent).not.toContain(`"${secret}"`);
        }
      }),
      { numRuns: 500 },
    );
  });
});
