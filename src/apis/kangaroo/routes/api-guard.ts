import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { tagWorkspace } from '../../../core/request-context.js';
import { acceptsKangarooJson } from '../accept-header.js';
import type { KangarooCaller } from '../caller-auth.js';
import { kangarooError } from '../errors.js';
import type { KangarooServices } from '../services.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling /api/v1, once the guard has let the request in. */
    kangarooCaller: KangarooCaller | null;
  }
}

/** The caller the guard resolved; only routes behind it call this. */
export function callerOf(request: FastifyRequest): KangarooCaller {
  if (!request.kangarooCaller) throw new Error('a Kangaroo route ran without the API guard');
  return request.kangarooCaller;
}

/**
 * In front of every /api/v1 call, in Laravel's middleware order: the bearer token and the
 * application key (401), the rate limit (429, and its headers on every answer), then content
 * negotiation (406). Before the body is read, so a refused call costs no parsing. A POST that
 * came without a body is validated as an empty object, so its 422 lists every required field.
 */
export const apiGuard = fp<{ kangaroo: KangarooServices }>(async (app, { kangaroo }) => {
  app.decorateRequest('kangarooCaller', null);

  app.addHook('onRequest', async (request, reply) => {
    const caller = kangaroo.callers.authenticate(
      { applicationKey: request.headers['x-application-key'], authorization: request.headers.authorization },
      (workspaceId) => tagWorkspace(request, workspaceId),
    );
    request.kangarooCaller = caller;
    reply.headers(kangaroo.rateLimits.admit(caller));
    if (!acceptsKangarooJson(request.headers.accept)) {
      throw kangarooError('not_acceptable', 'Send Accept: application/json or application/vnd.kangaroorewards.api.v1+json.');
    }
  });

  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && (request.body === undefined || request.body === null)) request.body = {};
  });
});
