// Which `Accept` headers the integrations host answers with JSON. Real clients send
// `application/json` (the tutorial), Kangaroo's own `application/vnd.kangaroorewards.api.v1+json`
// (the core docs, often with a trailing `;`), `*/*` (Kangaroo's Magento extension, curl), lists of
// these (axios: `application/json, text/plain, */*`), or nothing. Anything else gets 406.
const ACCEPTED = new Set(['application/json', 'application/vnd.kangaroorewards.api.v1+json', 'application/*', '*/*']);

/** No real client sends more; a longer header is refused before it is split. */
export const MAX_ACCEPT_LENGTH = 1024;

/** A media range's weight: `q=0` means "not this one" (RFC 9110 §12.4.2); anything unreadable counts as 1. */
function weight(params: string[]): number {
  for (const param of params) {
    const [name, value] = param.split('=', 2).map((part) => part.trim());
    if (name?.toLowerCase() === 'q' && value !== undefined) {
      const q = Number(value);
      return Number.isFinite(q) ? q : 1;
    }
  }
  return 1;
}

export function acceptsKangarooJson(header: string | string[] | undefined): boolean {
  if (header === undefined) return true;
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text.trim() === '') return true;
  if (text.length > MAX_ACCEPT_LENGTH) return false;
  return text.split(',').some((range) => {
    const [type = '', ...params] = range.split(';');
    return ACCEPTED.has(type.trim().toLowerCase()) && weight(params) > 0;
  });
}
