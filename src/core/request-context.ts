import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** The emulated API this request is for, tagged once by the app; null for admin and other paths. */
    api: string | null;
    /** The workspace whose credential the request carries, once the API has resolved it (CONTRACT §1a). */
    workspaceId: string | null;
  }
}

/**
 * Tags a request with its workspace: logs name it from here on, and the journal and faults key
 * on it. The request's child logger is the reply's too, so the "request completed" line shows it.
 */
type Bindable = { setBindings?: (bindings: Record<string, string>) => void };

export function tagWorkspace(request: FastifyRequest, workspaceId: string): void {
  if (request.workspaceId === workspaceId) return;
  request.workspaceId = workspaceId;
  (request.log as Bindable).setBindings?.({ workspace: workspaceId });
}

export function tagApi(request: FastifyRequest, api: string): void {
  request.api = api;
  (request.log as Bindable).setBindings?.({ api });
}
