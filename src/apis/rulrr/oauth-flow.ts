import type { Clock } from '../../clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import { matchesHash } from '../../lib/secrets.js';
import type { ClientStore, RulrrClient } from './client-store.js';
import { rulrrError } from './errors.js';
import type { Integration, IntegrationStore } from './integration-store.js';
import type { TokenStore } from './token-store.js';

export interface ClientCredentials {
  client_id: string;
  client_secret: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiration: string;
  ereceipt: boolean;
}

/**
 * The four documented steps of Rulrr's OAuth-style flow, plus refresh, and the transitions the
 * Connect page and the admin API drive. Each call is one transaction.
 */
export class OAuthFlow {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly clients: ClientStore,
    private readonly integrations: IntegrationStore,
    private readonly tokens: TokenStore,
  ) {}

  /** 400 for an unknown client id, 403 for a wrong secret (compared in constant time). */
  authenticateClient({ client_id, client_secret }: ClientCredentials): RulrrClient {
    const client = this.clients.find(client_id);
    if (!client) throw rulrrError('invalid_client', `Unknown client_id "${client_id}"`);
    if (!matchesHash(client_secret, client.secretHash)) throw rulrrError('invalid_client_secret');
    return client;
  }

  /** STEP 1 */
  createIntegration(credentials: ClientCredentials): string {
    const client = this.authenticateClient(credentials);
    return writeTransaction(this.db, () => this.integrations.create(client.clientId, this.clock.now()).integrationToken);
  }

  /** STEP 2 */
  status(credentials: ClientCredentials & { integration_token: string }): Integration {
    return this.integrationOf(this.authenticateClient(credentials), credentials.integration_token);
  }

  /** STEP 4: one-time. The claim is a conditional UPDATE, so exactly one racing request wins. */
  retrieveTokens(credentials: ClientCredentials & { integration_token: string }): IssuedTokens {
    const client = this.authenticateClient(credentials);
    return writeTransaction(this.db, () => {
      const now = this.clock.now();
      const integration = this.integrationOf(client, credentials.integration_token);
      if (integration.tokensRetrievedAt) throw rulrrError('tokens_already_retrieved');
      if (integration.revokedAt) throw rulrrError('tokens_already_retrieved', 'The integration was revoked; start a new one');
      if (integration.status !== 'finished') {
        throw rulrrError(
          'integration_not_finished',
          integration.status === 'pending'
            ? 'The integration is still pending: wait until its status is finished'
            : 'The integration was cancelled and will never finish: start a new one with POST /v1/auth/integration',
        );
      }
      if (!this.integrations.claimTokens(integration.id, now)) throw rulrrError('tokens_already_retrieved');
      const { accessToken, expiration } = this.tokens.issueAccessToken(integration.id, now);
      const refreshToken = this.tokens.issueRefreshToken(integration.id, now);
      return { accessToken, refreshToken, expiration, ereceipt: integration.ereceipt };
    });
  }

  /**
   * POST /v1/auth/token: a new access token for a refresh token. Earlier access tokens stay valid
   * until they expire, and the refresh token itself is kept (Rulrr: it "does not expire").
   */
  refresh(credentials: ClientCredentials & { refresh_token: string }): IssuedTokens {
    const client = this.authenticateClient(credentials);
    return writeTransaction(this.db, () => {
      const now = this.clock.now();
      const connection = this.tokens.connectionForRefreshToken(credentials.refresh_token, now);
      if (!connection || connection.clientId !== client.clientId) throw rulrrError('invalid_refresh_token');
      const { accessToken, expiration } = this.tokens.issueAccessToken(connection.integrationId, now);
      return { accessToken, refreshToken: credentials.refresh_token, expiration, ereceipt: connection.ereceipt };
    });
  }

  /** An integration token must exist and belong to the calling client; otherwise 403. */
  private integrationOf(client: RulrrClient, integrationToken: string): Integration {
    const integration = this.integrations.findByToken(integrationToken, this.clock.now());
    if (!integration || integration.clientId !== client.clientId) throw rulrrError('invalid_integration_token');
    return integration;
  }

  // ── transitions driven by Rulrr-Connect and the admin API ──

  findIntegration(integrationToken: string): Integration | undefined {
    return this.integrations.findByToken(integrationToken, this.clock.now());
  }

  /** Finishes a pending integration for one of the merchant's stores; false when it is no longer pending. */
  finish(integration: Integration, storeId: string, ereceipt: boolean): boolean {
    return writeTransaction(this.db, () => this.integrations.finish(integration.id, storeId, ereceipt, this.clock.now()));
  }

  cancel(integration: Integration): boolean {
    return writeTransaction(this.db, () => this.integrations.cancel(integration.id, this.clock.now()));
  }

  /** Kills the integration's access and refresh tokens. */
  revoke(integration: Integration): boolean {
    return writeTransaction(this.db, () => this.integrations.revoke(integration.id, this.clock.now()));
  }
}
