import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { query } from '../helpers/build.js';

/** The body of POST /__admin/workspaces and GET /__admin/workspaces/{id} (CONTRACT §6). */
export interface WorkspaceBody {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string;
  ttl: string | null;
  expiresAt: string | null;
  clock: { now: string; offsetMs: number; real: boolean };
  rulrr: {
    clientId: string;
    clientSecret: string;
    merchant: { email: string; password: string };
    clients: Array<{ clientId: string; clientSecret: string; name: string }>;
  };
}

export interface Tokens {
  integrationToken: string;
  accessToken: string;
  refreshToken: string;
  expiration: string;
  ereceipt: boolean;
}

export async function createWorkspace(app: FastifyInstance, body: Record<string, unknown> = {}): Promise<WorkspaceBody> {
  const response = await app.inject({ method: 'POST', url: '/__admin/workspaces', payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<WorkspaceBody>();
}

/** The demo workspace as the admin API shows it: its credentials are the fixtures' own. */
export async function readWorkspace(app: FastifyInstance, id: string): Promise<WorkspaceBody> {
  const response = await app.inject({ method: 'GET', url: `/__admin/workspaces/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<WorkspaceBody>();
}

export const clientOf = (workspace: WorkspaceBody) => ({
  client_id: workspace.rulrr.clientId,
  client_secret: workspace.rulrr.clientSecret,
});

/**
 * The Rulrr calls of one workspace, made with its own credentials; `as` lets a test present one
 * workspace's client with another's token.
 */
export class RulrrCalls {
  constructor(
    private readonly app: FastifyInstance,
    readonly workspace: WorkspaceBody,
  ) {}

  get id(): string {
    return this.workspace.id;
  }

  step1(): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'POST', url: `/rulrr/v1/auth/integration?${query(clientOf(this.workspace))}` });
  }

  step2(integrationToken: string): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'GET',
      url: `/rulrr/v1/auth/integration?${query({ ...clientOf(this.workspace), integration_token: integrationToken })}`,
    });
  }

  step4(integrationToken: string): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'GET',
      url: `/rulrr/v1/auth/integration/token?${query({ ...clientOf(this.workspace), integration_token: integrationToken })}`,
    });
  }

  refresh(refreshToken: string): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'POST',
      url: `/rulrr/v1/auth/token?${query({ ...clientOf(this.workspace), refresh_token: refreshToken })}`,
    });
  }

  /** An admin Rulrr control, addressed to this workspace with `?workspace=`. */
  control(action: 'complete' | 'cancel' | 'revoke', integrationToken: string, body?: object): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'POST',
      url: `/__admin/rulrr/integrations/${integrationToken}/${action}?workspace=${this.id}`,
      ...(body ? { payload: body } : {}),
    });
  }

  async integration(): Promise<string> {
    const response = await this.step1();
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ integrationToken: string }>().integrationToken;
  }

  /** STEPS 1–4 without a browser: finished through the admin control of this workspace. */
  async connect(options: { ereceipt?: boolean; storeId?: string } = {}): Promise<Tokens> {
    const integrationToken = await this.integration();
    const completed = await this.control('complete', integrationToken, options);
    expect(completed.statusCode, completed.body).toBe(200);
    const tokens = await this.step4(integrationToken);
    expect(tokens.statusCode, tokens.body).toBe(200);
    return { ...tokens.json<Omit<Tokens, 'integrationToken'>>(), integrationToken };
  }

  admin(method: 'GET' | 'DELETE', path: string): Promise<LightMyRequestResponse> {
    const separator = path.includes('?') ? '&' : '?';
    return this.app.inject({ method, url: `/__admin${path}${separator}workspace=${this.id}` });
  }

  async outbox(): Promise<Array<{ recipient: string; body: string; payload: Record<string, unknown> }>> {
    const response = await this.admin('GET', '/outbox?channel=sms');
    expect(response.statusCode, response.body).toBe(200);
    return response.json().messages;
  }
}

/** A partner call with an access token, as `?access_token=`. */
export function partner(
  app: FastifyInstance,
  accessToken: string,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  payload?: object,
): Promise<LightMyRequestResponse> {
  const separator = path.includes('?') ? '&' : '?';
  return app.inject({
    method,
    url: `/rulrr${path}${separator}access_token=${encodeURIComponent(accessToken)}`,
    ...(payload ? { payload } : {}),
  });
}

/** The tables that hold a workspace's rows: every table with a `workspace_id` column. */
export function workspaceTables(app: FastifyInstance): string[] {
  return app.db
    .prepare(
      `SELECT m.name FROM sqlite_schema m
       WHERE m.type = 'table' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'workspace_id')
       ORDER BY m.name`,
    )
    .pluck()
    .all() as string[];
}

/** How many rows each workspace table holds for one workspace. */
export function rowsOf(app: FastifyInstance, workspaceId: string): Record<string, number> {
  // The request journal is written in batches a few milliseconds after each answer: count it settled.
  app.journal.flush();
  return Object.fromEntries(
    workspaceTables(app).map((table) => [
      table,
      // The table name comes from sqlite_schema, not from input, and is quoted.
      app.db.prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}" WHERE workspace_id = ?`).pluck().get(workspaceId) as number,
    ]),
  );
}
