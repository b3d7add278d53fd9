import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { writeTransaction, type Database } from '../../db/database.js';
import type { DomainEvents } from '../../events/domain-events.js';
import { quote } from '../../lib/describe.js';
import { matchesHash } from '../../lib/secrets.js';
import type { ClientTable, RulrrClient } from './db/client-table.js';
import { integrationAt, type Integration, type IntegrationTable } from './db/integration-table.js';
import type { Connection, TokenTable } from './db/token-table.js';
import { rulrrError } from './errors.js';
import { RULRR_EVENTS } from './events.js';

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
 * Connect page and the admin API drive. Each call is one transaction, in the workspace of the
 * credential it was given. A transition records its event in the same transaction.
 */
export class OAuthFlow {
  constructor(
    private readonly db: Database,
    private readonly clock: WorkspaceClock,
    private readonly clients: ClientTable,
    private readonly integrations: IntegrationTable,
    private readonly tokens: TokenTable,
    private readonly events: DomainEvents,
  ) {}

  /**
   * 400 for an unknown client id, 403 for a wrong secret (compared in constant time). The client
   * names its workspace, told to `identified` before the secret is checked so that a failed call
   * is still known as the workspace's (in logs and its journal).
   */
  authenticateClient({ client_id, client_secret }: ClientCredentials, identified?: (workspaceId: string) => void): RulrrClient {
    const client = this.clients.find(client_id);
    if (!client) throw rulrrError('invalid_client', `Unknown client_id ${quote(client_id)}`);
    identified?.(client.workspaceId);
    if (!matchesHash(client_secret, client.secretHash)) throw rulrrError('invalid_client_secret');
    return client;
  }

  /** STEP 1 */
  createIntegration(client: RulrrClient): string {
    const { workspaceId } = client;
    return writeTransaction(this.db, () => this.integrations.create(workspaceId, client.clientId, this.clock.now(workspaceId)).integrationToken);
  }

  /** STEP 2 */
  status(client: RulrrClient, integrationToken: string): Integration {
    return this.integrationOf(client, integrationToken);
  }

  /** STEP 4: one-time. The claim is a conditional UPDATE, so exactly one racing request wins. */
  retrieveTokens(client: RulrrClient, integrationToken: string): IssuedTokens {
    const { workspaceId } = client;
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      const integration = this.integrationOf(client, integrationToken);
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
      if (!this.integrations.claimTokens(workspaceId, integration.id, now)) throw rulrrError('tokens_already_retrieved');
      const { accessToken, expiration } = this.tokens.issueAccessToken(workspaceId, integration.id, now);
      const refreshToken = this.tokens.issueRefreshToken(workspaceId, integration.id, now);
      return { accessToken, refreshToken, expiration, ereceipt: integration.ereceipt };
    });
  }

  /**
   * POST /v1/auth/token: a new access token for a refresh token. Earlier access tokens stay valid
   * until they expire, and the refresh token itself is kept (Rulrr: it "does not expire").
   */
  refresh(client: RulrrClient, refreshToken: string): IssuedTokens {
    const { workspaceId } = client;
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      const connection = this.tokens.find(refreshToken, 'refresh');
      if (!connection || connection.clientId !== client.clientId) throw rulrrError('invalid_refresh_token');
      const { accessToken, expiration } = this.tokens.issueAccessToken(workspaceId, connection.integrationId, now);
      return { accessToken, refreshToken, expiration, ereceipt: connection.ereceipt };
    });
  }

  /** The connection a live access token opens: unknown, expired (on its workspace's clock) or revoked → undefined. */
  connectionFor(accessToken: string): Connection | undefined {
    const found = this.tokens.find(accessToken, 'access');
    if (!found) return undefined;
    const { expiresAt, ...connection } = found;
    if (expiresAt !== null && expiresAt <= this.clock.now(connection.workspaceId).toISOString()) return undefined;
    return connection;
  }

  /** An integration token must exist and belong to the calling client (and so its workspace); otherwise 403. */
  private integrationOf(client: RulrrClient, integrationToken: string): Integration {
    const integration = this.findIntegration(integrationToken);
    if (!integration || integration.clientId !== client.clientId) throw rulrrError('invalid_integration_token');
    return integration;
  }

  // ── transitions driven by Rulrr-Connect and the admin API ──

  /** The integration a token names, as its workspace's clock sees it. */
  findIntegration(integrationToken: string): Integration | undefined {
    const row = this.integrations.findByToken(integrationToken);
    return row && integrationAt(row, this.clock.now(row.workspaceId));
  }

  /** An integration by its row id, in its workspace: what the dashboard's buttons name (it never sees the token). */
  integrationById(workspaceId: string, id: number): Integration | undefined {
    const row = this.integrations.get(workspaceId, id);
    return row && integrationAt(row, this.clock.now(workspaceId));
  }

  /** The workspace's newest integrations first, as its clock sees them. */
  latestIntegrations(workspaceId: string, limit: number): Integration[] {
    const now = this.clock.now(workspaceId);
    return this.integrations.latest(workspaceId, limit).map((row) => integrationAt(row, now));
  }

  /** Finishes a pending integration for one of the merchant's stores; false when it is no longer pending. */
  finish(integration: Integration, storeId: string, ereceipt: boolean): boolean {
    const { workspaceId, id, clientId } = integration;
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      if (!this.integrations.finish(workspaceId, id, storeId, ereceipt, now)) return false;
      this.events.record(workspaceId, { api: 'rulrr', type: RULRR_EVENTS.integrationFinished, payload: { clientId, storeId, ereceipt } }, now);
      return true;
    });
  }

  /**
   * A pending integration that reaches its 15 minutes is not cancelled here: it reads cancelled
   * from then on, but nothing changes at that moment, so no event is recorded for an expiry.
   */
  cancel(integration: Integration): boolean {
    const { workspaceId, id, clientId } = integration;
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      if (!this.integrations.cancel(workspaceId, id, now)) return false;
      this.events.record(workspaceId, { api: 'rulrr', type: RULRR_EVENTS.integrationCancelled, payload: { clientId } }, now);
      return true;
    });
  }

  /** Kills the integration's access and refresh tokens. */
  revoke(integration: Integration): boolean {
    const { workspaceId, id, clientId, storeId } = integration;
    return writeTransaction(this.db, () => {
      const now = this.clock.now(workspaceId);
      if (!this.integrations.revoke(workspaceId, id, now)) return false;
      this.events.record(workspaceId, { api: 'rulrr', type: RULRR_EVENTS.integrationRevoked, payload: { clientId, storeId } }, now);
      return true;
    });
  }
}
