import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { CapturedCall, InjectedFault } from '../journal/journal-entry.js';
import { JournalTable } from '../journal/journal-table.js';
import { RequestJournal } from '../journal/request-journal.js';
import { WorkspaceTable } from '../workspaces/workspace-table.js';

declare module 'fastify' {
  interface FastifyInstance {
    journal: RequestJournal;
  }
  interface FastifyRequest {
    /** The serialised answer, kept by the journal's onSend hook for its onResponse hook. */
    journalPayload: unknown;
    /** The fault injected into this call, set by the faults plugin. */
    injectedFault: InjectedFault | null;
  }
}

/** A CORS preflight is the browser's question, not the POS's call: not journaled. */
function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
}

/** A call as the journal keeps it: references taken now, the work done when the queue is written. */
export function capturedCall(request: FastifyRequest, reply: FastifyReply, status: number, responseBody: unknown): CapturedCall {
  const durationMs = reply.elapsedTime;
  return {
    api: request.api!,
    workspaceId: request.workspaceId,
    requestId: request.id,
    method: request.method,
    url: request.url,
    host: request.headers.host,
    headers: request.headers,
    body: request.body,
    status,
    responseHeaders: status === 0 ? {} : reply.getHeaders(),
    responseBody,
    durationMs,
    receivedAtMs: Date.now() - durationMs,
    fault: request.injectedFault ?? null,
  };
}

/**
 * The request journal (issue 9): every call an emulated API answered (requests the app tagged
 * with an API; admin calls, docs and OpenAPI are not), queued after the answer left and written
 * in batches. SANDBOX_JOURNAL_LIMIT=0 turns it off.
 */
export const journalPlugin = fp<{ limit: number }>(
  async (app, { limit }) => {
    const workspaces = new WorkspaceTable(app.db);
    const journal = new RequestJournal(app.db, new JournalTable(app.db), (id) => workspaces.clockOffset(id), limit, app.log);
    app.decorate('journal', journal);
    // Runs before the database plugin's onClose (hooks close in reverse order): the queue is written first.
    app.addHook('onClose', async () => journal.close());
    if (!journal.enabled) return;

    app.decorateRequest('journalPayload', undefined);
    app.addHook('onSend', (request, _reply, payload, done) => {
      if (request.api !== null) request.journalPayload = payload;
      done(null, payload);
    });
    app.addHook('onResponse', (request, reply, done) => {
      if (request.api !== null && !isPreflight(request)) {
        journal.record(capturedCall(request, reply, reply.statusCode, request.journalPayload));
      }
      done();
    });
  },
  { name: 'journal', dependencies: ['database'] },
);
