/** Formats an amount in a currency's minor unit ("1250" + "USD") for people: "$12.50". */
export function formatMinorUnits(amount: string, currency: string, locale = 'en-US'): string {
  let formatter: Intl.NumberFormat;
  try {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    return `${amount} ${currency}`;
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(Number(amount) / 10 ** digits);
}
