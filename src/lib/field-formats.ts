/**
 * The field formats the emulated APIs check: e-mail, E.164 phone, ISO 4217 currency, ISO 3166-1
 * country, integer amounts in the minor unit. Each check is total (any string in, a boolean out,
 * never a throw) and runs in time linear in a length it caps first, so no input can stall a call.
 */

/** RFC 5321's limit on a forward path, and so on any address a mail server will take. */
export const MAX_EMAIL_LENGTH = 254;

// One character class and no quantifier: a single pass over the text.
const BLANK_OR_CONTROL = /[\s\p{Cc}]/u;

/**
 * `local@domain.tld`: one `@` with something before it, a dot inside the domain with something on
 * both sides, no blank or control character. Deliberately loose (no RFC 5322 grammar): it is what
 * `/^[^\s@]+@[^\s@]+\.[^\s@]+$/` says, without that pattern's quadratic backtracking on
 * `a@....…@`, and with control characters (NUL…) refused as well.
 */
export function isEmailAddress(text: string): boolean {
  if (text.length === 0 || text.length > MAX_EMAIL_LENGTH || BLANK_OR_CONTROL.test(text)) return false;
  const at = text.indexOf('@');
  if (at < 1 || text.includes('@', at + 1)) return false;
  const domain = text.slice(at + 1);
  const dot = domain.indexOf('.', 1);
  return dot !== -1 && dot < domain.length - 1;
}

/** `+` then 7 to 15 digits, the first not 0: at most 16 characters. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;
export const MAX_E164_LENGTH = 16;

export function isE164(text: string): boolean {
  return text.length <= MAX_E164_LENGTH && E164_PATTERN.test(text);
}

/** An amount in the currency's minor unit, as a string of at most 15 digits ("1250", "-300"). */
export const MINOR_UNITS_PATTERN = /^-?\d{1,15}$/;

export function isMinorUnits(text: string): boolean {
  return text.length <= 16 && MINOR_UNITS_PATTERN.test(text);
}

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;
// Checked against the ICU data Node ships, so a well-formed but unknown code (ZZZ) is refused.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isIsoCurrency(code: string): boolean {
  return CURRENCY_PATTERN.test(code) && CURRENCIES.has(code);
}

export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
// Made by the first check, not at start: loading ICU's region names costs ~20 ms.
let regions: Intl.DisplayNames | undefined;
// Codes ICU names that are not countries: unknown region, European Union, United Nations, eurozone, Oceania.
const PSEUDO_REGIONS = new Set(['ZZ', 'EU', 'UN', 'EZ', 'QO']);

export function isIsoCountry(code: string): boolean {
  // The format test comes first: DisplayNames.of throws a RangeError for anything that is not a
  // region subtag (2 letters or 3 digits), such as "USA".
  if (!COUNTRY_PATTERN.test(code) || PSEUDO_REGIONS.has(code)) return false;
  regions ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  return regions.of(code) !== undefined;
}
