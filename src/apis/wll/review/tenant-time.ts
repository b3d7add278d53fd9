/*
 * Wall-clock time in a tenant's IANA timezone, with Intl only. Receipts and orders carry a local
 * date and time ("in the tenant's timezone, default UTC", as the orders section puts it); the
 * sandbox clock gives instants. These convert between the two.
 */

/** A local date (YYYY-MM-DD) and time (HH:MM:SS) in some timezone. */
export interface LocalDateTime {
  date: string;
  time: string;
}

// A formatter is costly to build and the set of valid zones is small, so each is built once.
const MAX_CACHED_ZONES = 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    if (formatters.size < MAX_CACHED_ZONES) formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows `name` as a timezone ("Europe/London", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function fieldsAt(epochMs: number, timeZone: string): [number, number, number, number, number, number] {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return [parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!];
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function offsetAt(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  const [year, month, day, hour, minute, second] = fieldsAt(whole, timeZone);
  return Date.UTC(year, month - 1, day, hour, minute, second) - whole;
}

export function localDateTimeAt(instant: Date, timeZone: string): LocalDateTime {
  const [year, month, day, hour, minute, second] = fieldsAt(instant.getTime(), timeZone);
  return { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, time: `${pad(hour)}:${pad(minute)}:${pad(second)}` };
}

function wallClockAsUtc(date: string, time: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second = 0] = time.split(':').map(Number) as [number, number, number?];
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The instant a local date and time (HH:MM or HH:MM:SS) names in a timezone. Around a DST change
 * it disambiguates as Temporal's "compatible" does: a time that happens twice is the earlier one,
 * a time skipped by a spring-forward is moved forward by the gap (01:30 → 02:30).
 */
export function instantAt(date: string, time: string, timeZone: string): Date {
  const asUtc = wallClockAsUtc(date, time);
  const before = offsetAt(asUtc - DAY_MS, timeZone);
  const after = offsetAt(asUtc + DAY_MS, timeZone);
  const candidates = [asUtc - before, asUtc - after].filter(
    (instant, index) => offsetAt(instant, timeZone) === (index === 0 ? before : after),
  );
  return new Date(candidates.length > 0 ? Math.min(...candidates) : asUtc - before);
}

/** Calendar arithmetic on a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const shifted = new Date(wallClockAsUtc(date, '00:00') + days * DAY_MS);
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}
