import type { FastifySchemaCompiler, RouteOptions } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/*
 * Every route the app registers, as its onRoute hook saw it: method, URL, body limit and the zod
 * schemas it validates with, each also as JSON Schema for the generators to read. A route added
 * later is in here without anyone listing it.
 */

export type JsonSchema = Record<string, unknown>;
export type Part = 'params' | 'querystring' | 'body';
export type ApiGroup = 'rulrr' | 'wll' | 'kangaroo' | 'admin' | 'sandbox';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteCase {
  method: Method;
  /** As registered, API prefix included: `/wll/v1/receipts/:id`. */
  url: string;
  api: ApiGroup;
  bodyLimit: number | undefined;
  /** Whether Fastify's validation of each part refuses a value: the route's own validator, as Fastify runs it. */
  refuses: Partial<Record<Part, (value: unknown) => boolean>>;
  json: Partial<Record<Part, JsonSchema>>;
}

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export function apiOf(url: string): ApiGroup {
  for (const api of ['rulrr', 'wll', 'kangaroo'] as const) if (url === `/${api}` || url.startsWith(`/${api}/`)) return api;
  return url.startsWith('/__admin') ? 'admin' : 'sandbox';
}

/**
 * The routes to send bad input to: each method of each route once (HEAD mirrors GET, and the CORS
 * preflight and the docs UI's static files are not the sandbox's own input handling).
 */
export function catalogue(routes: RouteOptions[]): RouteCase[] {
  const cases: RouteCase[] = [];
  for (const route of routes) {
    if (route.url.startsWith('/docs')) continue;
    const schema = (route.schema ?? {}) as Partial<Record<Part, z.ZodType>>;
    // A route that checks a part itself (Rulrr's uploads, WLL's rule sets) says so with its own compiler.
    const compile = (route.validatorCompiler ?? zodValidatorCompiler) as FastifySchemaCompiler<z.ZodType>;
    const refuses: RouteCase['refuses'] = {};
    const json: RouteCase['json'] = {};
    for (const part of ['params', 'querystring', 'body'] as const) {
      const partSchema = schema[part];
      if (!partSchema) continue;
      const validate = compile({ schema: partSchema, method: String(route.method), url: route.url, httpPart: part });
      refuses[part] = (value) => {
        const result = validate(value) as { error?: unknown };
        return result.error !== undefined;
      };
      json[part] = z.toJSONSchema(partSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    }
    for (const method of [route.method].flat()) {
      if (!METHODS.has(method)) continue;
      cases.push({ method: method as Method, url: route.url, api: apiOf(route.url), bodyLimit: route.bodyLimit, refuses, json });
    }
  }
  return cases;
}

/** The names of the path parameters in a route's URL, in order. */
export function pathParams(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!);
}

/** A stable seed per route and mode, so CI sends the same requests every run and a new route changes no other's. */
export function seedOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}
