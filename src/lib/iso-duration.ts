import { quote } from './describe.js';

/**
 * ISO 8601 durations (`PT16M`, `P365D`, `P1Y2M`, `-PT5M`, `P2W`), applied to an instant with
 * calendar arithmetic in UTC, so `P1M` from 31 January lands where JavaScript's Date puts it.
 */
export interface IsoDuration {
  sign: 1 | -1;
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN =
  /^([+-])?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

export class InvalidDurationError extends Error {}

export function parseIsoDuration(text: string): IsoDuration {
  const match = PATTERN.exec(text.trim());
  // "P" and "PT" alone match the pattern but name no amount of time.
  if (!match || /^[+-]?PT?$/.test(text.trim()) || text.trim().endsWith('T')) {
    throw new InvalidDurationError(`${quote(text, 40)} is not an ISO 8601 duration (e.g. PT16M, P365D, P1DT2H)`);
  }
  const n = (i: number): number => (match[i] === undefined ? 0 : Number(match[i]!.replace(',', '.')));
  return {
    sign: match[1] === '-' ? -1 : 1,
    years: n(2),
    months: n(3),
    weeks: n(4),
    days: n(5),
    hours: n(6),
    minutes: n(7),
    seconds: n(8),
  };
}

export function addIsoDuration(from: Date, text: string): Date {
  const d = parseIsoDuration(text);
  const result = new Date(from.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + d.sign * d.years);
  result.setUTCMonth(result.getUTCMonth() + d.sign * d.months);
  result.setUTCDate(result.getUTCDate() + d.sign * (d.weeks * 7 + d.days));
  const ms = ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
  return new Date(result.getTime() + d.sign * Math.round(ms));
}
