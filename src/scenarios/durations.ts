import { addIsoDuration, InvalidDurationError } from '../lib/iso-duration.js';

/** How long an ISO 8601 duration lasts, in milliseconds (calendar parts counted from 1970). */
export function durationMs(text: string): number {
  return addIsoDuration(new Date(0), text).getTime();
}

/** A problem with a duration a scenario gives for real waiting, or undefined when it is usable. */
export function waitDurationProblem(text: string, maxMs: number): string | undefined {
  let ms: number;
  try {
    ms = durationMs(text);
  } catch (error) {
    if (error instanceof InvalidDurationError) return error.message;
    throw error;
  }
  if (ms < 0) return 'must not be negative';
  if (ms > maxMs) return `must be at most ${maxMs / 1000} s: a scenario waits in real time`;
  return undefined;
}

export function isIsoDuration(text: string): boolean {
  try {
    durationMs(text);
    return true;
  } catch (error) {
    if (error instanceof InvalidDurationError) return false;
    throw error;
  }
}
