import { send, type HttpAnswer } from './http-call.js';

/** What POST /__admin/workspaces answers (CONTRACT §6): the id and each API's credentials. */
export interface CreatedWorkspace {
  id: string;
  [api: string]: unknown;
}

export class AdminCallError extends Error {}

/** The sandbox's admin API as the runner uses it, with SANDBOX_ADMIN_TOKEN when one is set. */
export class SandboxAdmin {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly adminToken: string | undefined,
    private readonly timeoutMs: number,
  ) {
    this.base = `${baseUrl.replace(/\/+$/, '')}/__admin`;
  }

  /** An admin call; `path` is relative to /__admin and already carries its query. */
  call(method: string, pathAndQuery: string, body?: unknown): Promise<HttpAnswer> {
    const headers: Record<string, string> = {};
    if (this.adminToken) headers.authorization = `Bearer ${this.adminToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return send(
      { method, url: `${this.base}${pathAndQuery}`, headers, body: body === undefined ? undefined : JSON.stringify(body) },
      this.timeoutMs,
    );
  }

  async createWorkspace(name: string): Promise<CreatedWorkspace> {
    // The ttl cleans up after a runner that dies before it can delete its workspace.
    const answer = await this.call('POST', '/workspaces', { name: name.slice(0, 100), ttl: 'PT1H' });
    const workspace = answer.body as Partial<CreatedWorkspace> | undefined;
    if (answer.status !== 201 || typeof workspace?.id !== 'string') {
      throw new AdminCallError(`could not create a workspace: POST /__admin/workspaces answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    return workspace as CreatedWorkspace;
  }

  async deleteWorkspace(id: string): Promise<void> {
    const answer = await this.call('DELETE', `/workspaces/${encodeURIComponent(id)}`);
    if (answer.status !== 200) throw new AdminCallError(`could not delete workspace ${id}: DELETE answered ${answer.status}`);
  }
}
