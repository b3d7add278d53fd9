import { z } from 'zod';
import { ADMIN_ERRORS } from '../../src/core/admin-errors.js';
import { OAUTH_ERRORS } from '../../src/apis/kangaroo/errors.js';
import { errorResponse, forbiddenResponse, validationErrorResponse } from '../../src/apis/kangaroo/schemas/error-bodies.js';
import { RULRR_ERRORS } from '../../src/apis/rulrr/errors.js';
import type { ApiGroup } from './route-catalogue.js';

/*
 * Each API's own error body (CONTRACT §4), as the vendor would send it: what a refused request
 * must come back in. Strict, so a body from another API's envelope, a framework default or a
 * stack trace does not pass.
 */

/** Messages name what was wrong, with a glimpse of the input at most: never the 40 KB the caller sent. */
const MAX_MESSAGE = 4096;
const MAX_BODY = 8192;
const MAX_PAGE = 65536;
const message = z.string().min(1).max(MAX_MESSAGE);

const rulrr = z.strictObject({ success: z.literal(false), error: z.enum(Object.keys(RULRR_ERRORS) as [string, ...string[]]), message });
const wll = (status: number) =>
  z.strictObject({
    status: z.literal('fail'),
    data: z.strictObject({ name: z.string().regex(/^[A-Z][A-Za-z]*Error$/), httpCode: z.literal(status), message }),
  });
const kangaroo = (status: number) => {
  if (status === 403) return forbiddenResponse.strict();
  if (status === 422) return validationErrorResponse.refine((fields) => Object.keys(fields).length > 0 && Object.values(fields).every((list) => list.length > 0));
  return errorResponse.strict().refine((body) => body.error.status_code === status, 'status_code is the HTTP status');
};
const oauth = z.strictObject({
  error: z.enum([...new Set(Object.values(OAUTH_ERRORS).map((template) => template.error))] as [string, ...string[]]),
  error_description: message,
  hint: z.string().max(MAX_MESSAGE).optional(),
  message,
});
const admin = z.strictObject({ error: z.enum(Object.keys(ADMIN_ERRORS) as [string, ...string[]]), message });

/**
 * Pages answer their failures as pages, like any site a browser opens: Rulrr's, and the
 * dashboard's (its forms post back to it, so a refused post is a page too).
 */
const HTML_PAGES = new Set(['/rulrr/connect', '/rulrr/receipts/:receiptId']);
const answersPages = (routeUrl: string) => HTML_PAGES.has(routeUrl) || routeUrl === '/__admin/ui' || routeUrl.startsWith('/__admin/ui/');

export function errorBodySchema(api: ApiGroup, routeUrl: string, status: number): z.ZodType {
  switch (api) {
    case 'rulrr':
      return rulrr;
    case 'wll':
      return wll(status);
    case 'kangaroo':
      return routeUrl === '/kangaroo/oauth/token' ? oauth : kangaroo(status);
    default:
      return admin;
  }
}

/** What is wrong with a 4xx answer, or undefined when it is the API's own error body. */
export function envelopeProblem(api: ApiGroup, routeUrl: string, status: number, contentType: string, body: string): string | undefined {
  if (/\bat .+:\d+:\d+\)?$|node_modules|SQLITE_/m.test(body)) return 'the body shows internals';
  if (answersPages(routeUrl) && contentType.startsWith('text/html')) {
    return body.startsWith('<!doctype html>') && body.length <= MAX_PAGE ? undefined : 'an HTML answer that is not a page';
  }
  if (body.length > MAX_BODY) return `a ${body.length}-character error body`;
  if (!contentType.startsWith('application/json')) return `Content-Type ${contentType || '(none)'}, not JSON`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'a body that is not JSON';
  }
  const checked = errorBodySchema(api, routeUrl, status).safeParse(parsed);
  return checked.success ? undefined : `not the ${api} error body: ${checked.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`;
}
