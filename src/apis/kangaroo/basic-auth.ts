const MAX_HEADER = 4096;

/**
 * Client credentials from an `Authorization: Basic` header, read the way league/oauth2-server
 * does: base64 of `id:secret`, split at the first colon; anything else is no credentials.
 */
export function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  if (header === undefined || header.length > MAX_HEADER || !header.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}
