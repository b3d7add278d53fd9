import type { FastifyInstance } from 'fastify';
import { DEMO_CLIENT, query } from './build.js';

/** STEP 1 for the demo client. */
export async function createIntegration(app: FastifyInstance): Promise<string> {
  const response = await app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query(DEMO_CLIENT)}` });
  if (response.statusCode !== 200) throw new Error(`STEP 1 failed: ${response.statusCode} ${response.body}`);
  return response.json<{ integrationToken: string }>().integrationToken;
}

export async function completeIntegration(
  app: FastifyInstance,
  integrationToken: string,
  body: { ereceipt?: boolean; storeId?: string } = {},
): Promise<void> {
  const response = await app.inject({
    method: 'POST',
    url: `/__admin/rulrr/integrations/${integrationToken}/complete`,
    payload: body,
  });
  if (response.statusCode !== 200) throw new Error(`complete failed: ${response.statusCode} ${response.body}`);
}

export function retrieveTokens(app: FastifyInstance, integrationToken: string) {
  return app.inject({
    method: 'GET',
    url: `/rulrr/v1/auth/integration/token?${query({ ...DEMO_CLIENT, integration_token: integrationToken })}`,
  });
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiration: string;
  ereceipt: boolean;
  integrationToken: string;
}

/** The whole flow without a browser: an integration finished for the demo store, tokens taken. */
export async function connectedStore(
  app: FastifyInstance,
  options: { ereceipt?: boolean; storeId?: string } = {},
): Promise<Tokens> {
  const integrationToken = await createIntegration(app);
  await completeIntegration(app, integrationToken, options);
  const response = await retrieveTokens(app, integrationToken);
  if (response.statusCode !== 200) throw new Error(`STEP 4 failed: ${response.statusCode} ${response.body}`);
  return { ...response.json<Omit<Tokens, 'integrationToken'>>(), integrationToken };
}
