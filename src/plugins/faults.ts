import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { EmulatedApi } from '../core/api.js';
import { injectedErrorOf, injectedMessage } from '../core/injected-error.js';
import { FaultTable } from '../faults/fault-table.js';
import { faultFixtures, Faults, type FaultDecision } from '../faults/faults.js';
import { capturedCall } from './journal.js';

declare module 'fastify' {
  interface FastifyInstance {
    faults: Faults;
  }
}

/** Tells an injected failure from a real one in a trace: the id of the fault that hit the call. */
const FAULT_HEADER = 'x-sandbox-fault';

/** A body cut in half, never empty (a lone brace for the shortest): no JSON parser takes it. */
export function garbled(payload: unknown): unknown {
  if (typeof payload === 'string') return payload.slice(0, Math.floor(payload.length / 2)) || '{';
  if (Buffer.isBuffer(payload)) return payload.length > 1 ? payload.subarray(0, Math.floor(payload.length / 2)) : Buffer.from('{');
  // A streamed answer is left whole: no emulated API streams JSON.
  return payload ?? '{';
}

/**
 * Fault injection (CONTRACT §6), on every emulated API. A fault is looked for just before the
 * route's handler — after every hook, so the API has already checked the call's credential (and
 * knows its workspace) and its parameters: faults never hide an authentication or validation
 * failure, and never hit a call whose workspace is unknown. Registered before the journal, so the
 * journal sees a garbled answer as it left.
 */
export const faultsPlugin = fp<{ apis: EmulatedApi[]; fixturesDir: string }>(
  async (app, { apis, fixturesDir }) => {
    const faults = new Faults(app.db, new FaultTable(app.db));
    app.decorate('faults', faults);
    app.workspaces.addSeeder(faultFixtures(fixturesDir, apis.map((api) => api.name)));
    const errors = new Map(apis.map((api) => [api.name, injectedErrorOf(api)]));
    app.decorateRequest('injectedFault', null);

    const apply = async (request: FastifyRequest, reply: FastifyReply, decision: FaultDecision) => {
      request.injectedFault = decision.delayMs > 0 ? { id: decision.id, kind: decision.kind, delayMs: decision.delayMs } : { id: decision.id, kind: decision.kind };
      reply.header(FAULT_HEADER, String(decision.id));
      if (decision.delayMs > 0) await sleep(decision.delayMs);
      if (decision.kind === 'drop') {
        // No answer means no onResponse hook: the journal is told here.
        app.journal.record(capturedCall(request, reply, 0, null));
        reply.hijack();
        request.raw.socket?.destroy();
        return reply;
      }
      if (decision.kind === 'status') {
        const rendered = errors.get(request.api!)!(decision.status!, injectedMessage(decision.status!, decision.id), request.url.split('?')[0]!);
        if (rendered.headers) reply.headers(rendered.headers);
        // Written as it is: the route's response schema describes the API's real answers, not this one.
        return reply.code(rendered.status).type('application/json; charset=utf-8').serializer(JSON.stringify).send(rendered.body);
      }
      return undefined;
    };

    const faultHook: preHandlerAsyncHookHandler = async function (request, reply) {
      // A body refused by its schema (routes that attach validation answer it themselves) meets no fault.
      if (request.api === null || request.workspaceId === null || request.validationError) return undefined;
      const queryAt = request.url.indexOf('?');
      const decision = faults.decide(request.workspaceId, {
        api: request.api,
        method: request.method,
        path: queryAt === -1 ? request.url : request.url.slice(0, queryAt),
      });
      return decision && apply(request, reply, decision);
    };

    // Appended to each route's own preHandlers, which run after every plugin-level hook.
    app.addHook('onRoute', (route) => {
      const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
      route.preHandler = [...existing, faultHook];
    });
    app.addHook('onSend', (request, _reply, payload, done) => {
      done(null, request.injectedFault?.kind === 'malformed' ? garbled(payload) : payload);
    });
  },
  { name: 'faults', dependencies: ['database', 'workspaces'] },
);
