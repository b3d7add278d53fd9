import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id a request is logged under and echoed in X-Request-Id: the caller's own when it sent one
 * that looks like an id (so its logs and ours line up), otherwise a new one — never an 8 KB header
 * copied into every log line.
 */
export function requestIdOf(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  return typeof sent === 'string' && CALLER_ID.test(sent) ? sent : randomUUID();
}
