/** The log keeps this much of a receiver's answer; the rest is never read. */
export const MAX_RESPONSE_BYTES = 1024;
const MAX_ERROR_LENGTH = 300;

export interface PostOutcome {
  statusCode: number | null;
  /** Why the attempt failed, or null for a 2xx. */
  error: string | null;
  /** The first bytes of the answer, or null when there was none. */
  response: string | null;
}

/**
 * One delivery attempt: a POST of `body` that gives up after `timeoutMs`, or at once when
 * `stop` fires. Redirects are not followed (a 3xx is a failure, as in Stripe's webhooks), and a
 * receiver's answer is read only up to MAX_RESPONSE_BYTES. Never throws: a failure is an outcome.
 */
export async function postEvent(
  url: string,
  body: string,
  headers: Record<string, string>,
  { timeoutMs, stop }: { timeoutMs: number; stop: AbortSignal },
): Promise<PostOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([timeout, stop]);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal });
  } catch (error) {
    const reason = stop.aborted
      ? 'the sandbox stopped during the attempt'
      : timeout.aborted
        ? `no answer within ${timeoutMs} ms`
        : `could not reach the receiver: ${networkFailure(error)}`;
    return { statusCode: null, error: reason, response: null };
  }
  // The status decides; an answer whose body then stalls or breaks is still that status.
  const text = await readStart(response).catch(() => null);
  return {
    statusCode: response.status,
    error: response.ok ? null : `the receiver answered ${response.status}`,
    response: text,
  };
}

async function readStart(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_RESPONSE_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES));
}

/** fetch rejects with "fetch failed"; what went wrong is in its cause (ECONNREFUSED, ENOTFOUND …). */
function networkFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = typeof cause?.message === 'string' && cause.message ? cause.message : String((error as Error)?.message ?? error);
  const text = code && !message.includes(code) ? `${code} ${message}` : message;
  return text.slice(0, MAX_ERROR_LENGTH);
}
