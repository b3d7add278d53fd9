const SEPARATORS = new Set([' ', '(', ')', '-', '.']);

/**
 * Kangaroo keeps a phone as its digits ("5140000001") beside an ISO country code. Accepts the
 * usual separators and one leading `+`; undefined for anything else or a length no phone has.
 */
export function normalizePhone(raw: string): string | undefined {
  const text = raw.trim();
  if (text.length > 30) return undefined;
  let digits = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch >= '0' && ch <= '9') digits += ch;
    else if (!(SEPARATORS.has(ch) || (ch === '+' && i === 0))) return undefined;
  }
  return digits.length >= 4 && digits.length <= 15 ? digits : undefined;
}
