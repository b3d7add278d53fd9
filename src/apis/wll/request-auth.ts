import type { FastifyRequest } from 'fastify';
import type { WorkspaceClock } from '../../core/workspace-clock.js';
import { tagWorkspace } from '../../core/request-context.js';
import { WllAuthError } from './auth/auth-error.js';
import { requireAdmin, requireUser } from './auth/authorization.js';
import type { WllPrincipal } from './auth/principal.js';
import type { WllAuth } from './auth/wll-auth.js';
import { wllError, type WllErrorName } from './errors.js';

/** The docs' three levels: 🔑 the API key alone, 👤 a user's token (or an admin's), 🔐 an admin token. */
export type WllAccess = 'apiKey' | 'user' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which of the docs' authorization levels a WLL route needs (default: the API key alone). */
    wllAccess?: WllAccess;
  }
  interface FastifyRequest {
    /** Who the request's bearer token speaks for, once the WLL auth hook checked it; null without one. */
    wllPrincipal: WllPrincipal | null;
  }
}

const ERROR_NAMES: Record<WllAuthError['kind'], WllErrorName> = {
  invalid_api_key: 'InvalidApiKeyError',
  unauthorized: 'UnauthorizedError',
  forbidden: 'ForbiddenError',
};

/** An auth refusal as the WLL error it is answered with (CONTRACT §4). */
export function authFailure(error: unknown): unknown {
  return error instanceof WllAuthError ? wllError(ERROR_NAMES[error.kind], error.message) : error;
}

/** Runs `check`, answering its auth refusals as WLL errors. */
export function asWllError<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw authFailure(error);
  }
}

/**
 * The onRequest hook of every WLL route: the X-Api-Key names the workspace (tagged from here on),
 * then the bearer token is verified on that workspace's clock and held to the route's level.
 * It runs before the body is read, so a caller without the right credentials learns nothing
 * about its body (403/401 before 400).
 */
export function wllAuthHook(auth: WllAuth, clock: WorkspaceClock) {
  return async (request: FastifyRequest): Promise<void> => {
    try {
      const workspaceId = auth.workspaceForApiKey(request.headers['x-api-key']);
      tagWorkspace(request, workspaceId);
      const principal = await auth.authenticate(request.headers.authorization, { workspaceId, now: clock.now(workspaceId) });
      request.wllPrincipal = principal ?? null;
      const access = request.routeOptions.config.wllAccess ?? 'apiKey';
      if (access === 'user') requireUser(principal);
      if (access === 'admin') requireAdmin(principal);
    } catch (error) {
      throw authFailure(error);
    }
  };
}

/** The workspace a WLL route runs in: the one the hook resolved. */
export function workspaceOf(request: FastifyRequest): string {
  if (request.workspaceId === null) throw new Error('a WLL route ran without the auth hook');
  return request.workspaceId;
}

/** The principal of a route that requires a token (the hook has refused a request without one). */
export function principalOf(request: FastifyRequest): WllPrincipal {
  if (request.wllPrincipal === null) throw new Error('a WLL route that needs a token ran without one');
  return request.wllPrincipal;
}
