import { html, SafeHtml } from '../../../lib/html.js';

/**
 * The frame shared by Rulrr's hosted pages (Rulrr-Connect, e-receipts). Inline styles only, no
 * scripts, no cookies: the page must work inside a POS's iframe on another site.
 */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  // frame-ancestors * is deliberate: Rulrr-Connect is made to be framed by any POS.
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors *",
} as const;

const STYLES = `
  :root { color-scheme: light; --brand: #5b3df5; --brand-dark: #4326d9; --ink: #1d1b29; --muted: #5f5b72;
    --line: #dcd8ea; --danger: #b3261e; --bg: #f5f3fb; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: var(--bg);
    font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
  main { width: min(420px, 100% - 32px); margin: 24px 0; background: #fff; border: 1px solid var(--line);
    border-radius: 14px; padding: 28px; box-shadow: 0 8px 30px rgba(40, 20, 120, .08); }
  .brand { display: flex; align-items: center; gap: 10px; font-weight: 700; font-size: 20px; margin-bottom: 18px; }
  .logo { width: 32px; height: 32px; border-radius: 9px; background: var(--brand); color: #fff; display: grid;
    place-items: center; font-size: 18px; }
  h1 { font-size: 22px; line-height: 1.3; margin: 0 0 8px; }
  p { margin: 0 0 16px; color: var(--muted); }
  label { display: block; font-weight: 600; margin: 14px 0 6px; }
  input[type=email], input[type=password], select { width: 100%; padding: 10px 12px; font: inherit;
    border: 1px solid var(--line); border-radius: 8px; background: #fff; color: var(--ink); }
  .check { display: flex; gap: 10px; align-items: flex-start; margin: 18px 0; }
  .check input { width: 18px; height: 18px; margin-top: 4px; }
  .check label { margin: 0; cursor: pointer; }
  .hint { display: block; color: var(--muted); font-size: 14px; }
  ul.scopes { margin: 0 0 8px; padding-left: 20px; color: var(--ink); }
  .actions { display: flex; gap: 10px; margin-top: 22px; }
  button { flex: 1; padding: 11px 14px; font: inherit; font-weight: 600; border-radius: 8px; cursor: pointer;
    border: 1px solid var(--brand); background: var(--brand); color: #fff; }
  button:hover { background: var(--brand-dark); }
  button.secondary { background: #fff; color: var(--brand); }
  :focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
  .error { background: #fdecea; color: var(--danger); border-radius: 8px; padding: 10px 12px; margin: 0 0 12px; }
  .status { font-size: 40px; margin-bottom: 8px; }
  table { width: 100%; border-collapse: collapse; margin: 12px 0; }
  td { padding: 6px 0; border-bottom: 1px solid var(--line); }
  td.num { text-align: right; white-space: nowrap; }
  tr.total td { font-weight: 700; border-bottom: none; }
  footer { margin-top: 22px; font-size: 13px; color: var(--muted); text-align: center; }
`;

export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Rulrr</title>
<style>${new SafeHtml(STYLES)}</style>
</head>
<body>
<main>
<div class="brand" aria-hidden="true"><span class="logo">R</span>Rulrr</div>
${body}
<footer>pos-sandbox · emulated Rulrr page, not the real service</footer>
</main>
</body>
</html>
`.value;
}
