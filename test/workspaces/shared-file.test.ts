import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../helpers/build.js';
import { startSandboxProcess, type RunningSandbox } from '../helpers/server-process.js';
import type { WorkspaceBody } from './workspace-fixture.js';

/*
 * Two real sandbox processes on one SQLite file (CONTRACT §1): a workspace made through one is
 * usable through the other, and a clock moved through one is the other's clock on its very next
 * request — the offset lives in the database, not in a process.
 */
let dir: string;
let sandboxes: RunningSandbox[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-workspaces-'));
  const dbPath = join(dir, 'shared.db');
  const started = await Promise.allSettled([startSandboxProcess(dbPath), startSandboxProcess(dbPath)]);
  sandboxes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}, 30_000);

afterAll(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function call(process: 0 | 1, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandboxes[process]!.baseUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const A = 0;
const B = 1;

describe('two processes sharing one database file', () => {
  it('a workspace made on one process is usable on the other, and its clock moved on one is read by the other at once', async () => {
    const created = await call(A, 'POST', '/__admin/workspaces', { name: 'shared' });
    expect(created.status).toBe(201);
    const workspace = created.body as unknown as WorkspaceBody;
    const client = { client_id: workspace.rulrr.clientId, client_secret: workspace.rulrr.clientSecret };

    const step1 = await call(B, 'POST', `/rulrr/v1/auth/integration?${query(client)}`);
    expect(step1.status).toBe(200);
    const status = () =>
      call(B, 'GET', `/rulrr/v1/auth/integration?${query({ ...client, integration_token: step1.body.integrationToken as string })}`);
    expect((await status()).body.status).toBe('pending');

    const moved = await call(A, 'POST', `/__admin/clock?workspace=${workspace.id}`, { advanceBy: 'PT16M' });
    expect(moved.status).toBe(200);
    expect((await status()).body.status).toBe('cancelled');
    expect((await call(B, 'GET', `/__admin/clock?workspace=${workspace.id}`)).body).toMatchObject({ offsetMs: 16 * 60_000 });
    expect((await call(B, 'GET', '/__admin/clock')).body).toMatchObject({ offsetMs: 0, real: true });

    // Given back its real clock on B, the integration is inside its 15 minutes again, seen from A.
    await call(B, 'DELETE', `/__admin/clock?workspace=${workspace.id}`);
    const fromA = await call(A, 'GET', `/rulrr/v1/auth/integration?${query({ ...client, integration_token: step1.body.integrationToken as string })}`);
    expect(fromA.body.status).toBe('pending');
  });

  it('a workspace deleted through one process is gone for the other', async () => {
    const workspace = (await call(B, 'POST', '/__admin/workspaces')).body as unknown as WorkspaceBody;
    const client = { client_id: workspace.rulrr.clientId, client_secret: workspace.rulrr.clientSecret };
    expect((await call(A, 'POST', `/rulrr/v1/auth/integration?${query(client)}`)).status).toBe(200);
    expect((await call(B, 'DELETE', `/__admin/workspaces/${workspace.id}`)).status).toBe(200);
    expect((await call(A, 'POST', `/rulrr/v1/auth/integration?${query(client)}`)).body).toMatchObject({ error: 'invalid_client' });
    expect((await call(A, 'GET', `/__admin/clock?workspace=${workspace.id}`)).status).toBe(404);
  });
});
