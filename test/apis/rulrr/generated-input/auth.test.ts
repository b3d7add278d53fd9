import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT } from '../../../helpers/build.js';
import { completeIntegration } from '../../../helpers/rulrr.js';
import { contentType, hostileBodyText, hostileString, likely, queryPairs } from './hostile-values.js';
import {
  generatedRequest,
  hostileHeaders,
  pendingIntegration,
  sandboxForThisFile,
  type GeneratedBody,
  type GeneratedRequest,
} from './probe.js';

/** STEPS 1, 2 and 4 and refresh, sent generated query strings, headers and bodies. */
const sandbox = sandboxForThisFile();
let pending: string;

beforeAll(async () => {
  pending = await pendingIntegration(sandbox.app);
});

/** Mostly the demo client's own credentials, so most requests get past the client check. */
const credentials = () => ({
  client_id: likely(DEMO_CLIENT.client_id, 'pos-other', 'POS-DEMO', 'pos-demo '),
  client_secret: likely(DEMO_CLIENT.client_secret, 'pos-other-secret', 'wrong'),
});

/** A POST may carry any body: none, JSON, broken JSON, CSV, a form. */
const anyBody: fc.Arbitrary<GeneratedBody> = fc.oneof(
  fc.constant({}),
  fc.record({ contentType, payload: hostileBodyText }, { requiredKeys: [] }),
  fc.record({ contentType: fc.constant('application/json'), payload: fc.constant('') }),
);

/** Stands in for an integration finished just before the request, whose tokens are still to take. */
const FINISHED = encodeURIComponent('{{finished}}');

async function withFinishedIntegration(request: GeneratedRequest): Promise<GeneratedRequest> {
  if (!request.url.includes(FINISHED)) return request;
  const token = await pendingIntegration(sandbox.app);
  await completeIntegration(sandbox.app, token);
  return { ...request, url: request.url.replaceAll(FINISHED, token) };
}

describe('generated requests to the OAuth flow', { timeout: 60_000 }, () => {
  it('STEP 1 — POST /v1/auth/integration', async () => {
    const probe = sandbox.probe('STEP 1');
    await probe.run(
      generatedRequest({
        method: 'POST',
        path: '/rulrr/v1/auth/integration',
        query: queryPairs(['client_id', 'client_secret'], credentials()),
        headers: hostileHeaders(),
        body: anyBody,
      }),
      {
        seed: 101,
        corpus: [
          { method: 'POST', url: `/rulrr/v1/auth/integration?client_id=${'x'.repeat(15_000)}&client_secret=s`, headers: {} },
          { method: 'POST', url: `/rulrr/v1/auth/integration?client_id=pos-demo&client_id=pos-demo&client_secret=x`, headers: {} },
        ],
      },
    );
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });

  it('STEP 2 — GET /v1/auth/integration', async () => {
    const probe = sandbox.probe('STEP 2');
    await probe.run(
      generatedRequest({
        method: 'GET',
        path: '/rulrr/v1/auth/integration',
        query: queryPairs(['client_id', 'client_secret', 'integration_token'], {
          ...credentials(),
          integration_token: likely(pending, sandbox.tokens.integrationToken, `${pending}x`),
        }),
        headers: hostileHeaders(),
      }),
      { seed: 102 },
    );
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });

  it('STEP 4 — GET /v1/auth/integration/token', async () => {
    const probe = sandbox.probe('STEP 4');
    await probe.run(
      generatedRequest({
        method: 'GET',
        path: '/rulrr/v1/auth/integration/token',
        query: queryPairs(['client_id', 'client_secret', 'integration_token'], {
          ...credentials(),
          integration_token: likely('{{finished}}', pending, sandbox.tokens.integrationToken),
        }),
        headers: hostileHeaders(),
      }),
      { seed: 104, prepare: withFinishedIntegration },
    );
    expect(probe.saw(200, 300) && probe.saw(409, 411)).toBe(true);
  });

  it('refresh — POST /v1/auth/token', async () => {
    const probe = sandbox.probe('refresh');
    await probe.run(
      generatedRequest({
        method: 'POST',
        path: '/rulrr/v1/auth/token',
        query: queryPairs(['client_id', 'client_secret', 'refresh_token'], {
          ...credentials(),
          refresh_token: fc.oneof({ arbitrary: fc.constant(sandbox.tokens.refreshToken), weight: 3 }, hostileString),
        }),
        headers: hostileHeaders(),
        body: anyBody,
      }),
      { seed: 105 },
    );
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });
});
