/**
 * ISO 8601 dates, times and date-times as filter values, each turned into the one text form the
 * database stores, so that comparing the texts in SQL compares the moments.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))?)?$/;

const MAX_YEAR = 9999;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function isClockTime(hours: number, minutes: number, seconds: number): boolean {
  return hours <= 23 && minutes <= 59 && seconds <= 59;
}

/** `YYYY-MM-DD`, a real calendar day; undefined otherwise. */
export function normaliseDate(text: string): string | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  return isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3])) ? text : undefined;
}

/** `HH:MM` or `HH:MM:SS` as `HH:MM:SS`; undefined otherwise. */
export function normaliseTime(text: string): string | undefined {
  const match = TIME.exec(text);
  if (!match) return undefined;
  const seconds = match[3] ?? '00';
  return isClockTime(Number(match[1]), Number(match[2]), Number(seconds)) ? `${match[1]}:${match[2]}:${seconds}` : undefined;
}

/**
 * An ISO 8601 date-time (or a bare date, meaning its midnight) in `Date.toISOString()` form.
 * Without an offset the time is UTC (the docs do not say; never the server's local time). Digits
 * past the millisecond are dropped: stored times have millisecond precision.
 */
export function normaliseDateTime(text: string): string | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hours, minutes, seconds] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? 0)) as [
    number, number, number, number, number, number,
  ];
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (!isCalendarDate(year, month, day) || !isClockTime(hours, minutes, seconds)) return undefined;
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;

  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const moment = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  moment.setUTCFullYear(year, month - 1, day);
  moment.setUTCHours(hours, minutes, seconds, milliseconds);
  const offsetSign = match[9] === '-' ? -1 : 1;
  moment.setTime(moment.getTime() - offsetSign * (offsetHours * 60 + offsetMinutes) * 60_000);
  // Outside years 0000–9999 toISOString writes six-digit years, which no longer sort as text.
  const utcYear = moment.getUTCFullYear();
  return utcYear < 0 || utcYear > MAX_YEAR ? undefined : moment.toISOString();
}
