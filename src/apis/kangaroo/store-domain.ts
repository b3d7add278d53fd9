const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const HOST = /^[a-z0-9.-]+$/;

/**
 * A store's domain as e-commerce platforms give it: `http://example.com` (the docs' example),
 * `https://shop.example.com/fr`, or a bare `shop.example.com`. http(s) only, no credentials,
 * a dotted host name (or localhost). Parsed by WHATWG URL, which is linear in the input.
 */
export function isStoreDomain(value: string): boolean {
  if (value.length === 0 || value.length > 255 || /\s/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(SCHEME.test(value) ? value : `https://${value}`);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  const host = url.hostname;
  if (host === 'localhost') return true;
  return HOST.test(host) && host.includes('.') && !host.startsWith('.') && !host.endsWith('.') && !host.includes('..');
}
