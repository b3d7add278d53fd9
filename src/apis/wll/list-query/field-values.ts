import { describeValue, ListQueryError } from './errors.js';
import type { FieldSpec } from './field-map.js';
import { normaliseDate, normaliseDateTime, normaliseTime } from './iso-dates.js';

/** A filter value after checking: date-times in `toISOString()` form, times as `HH:MM:SS`. */
export type FilterValue = string | number | boolean;

const DECIMAL_TEXT = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  // WLL returns some numbers as strings (`"ocrConfidence": "0.75"`); the docs are silent on filtering
  // them, so the sandbox takes a number field's value as a Rison number or as a decimal string.
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

function asText(value: unknown, normalise: (text: string) => string | undefined): string | undefined {
  return typeof value === 'string' ? normalise(value) : undefined;
}

/**
 * Checks one value against its field's type and returns it normalised; `label` says where it sits
 * in the filter (`total.gt`, `status.in[2]`) for the error message.
 */
export function normaliseValue(spec: FieldSpec, label: string, value: unknown): FilterValue {
  const refuse = (wanted: string, hint = ''): never => {
    throw new ListQueryError('filter', `${label} needs ${wanted}, got ${describeValue(value)}${hint}`);
  };
  switch (spec.type) {
    case 'string':
      // Refused, not converted: an unquoted barcode `012318432` is the Rison number 12318432.
      return typeof value === 'string' ? value : refuse('a string', typeof value === 'number' ? " (put text in quotes: '…')" : '');
    case 'number':
      return asNumber(value) ?? refuse('a number');
    case 'datetime':
      return (
        asText(value, normaliseDateTime) ??
        refuse(
          "an ISO 8601 date-time such as '2024-05-01T12:00:00Z'",
          typeof value === 'string' && value.includes(' ') ? ' (a "+" in a URL arrives as a space: send it as %2B)' : '',
        )
      );
    case 'date':
      return asText(value, normaliseDate) ?? refuse("a date as 'YYYY-MM-DD'");
    case 'time':
      return asText(value, normaliseTime) ?? refuse("a time as 'HH:MM' or 'HH:MM:SS'");
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? value : refuse(`one of ${spec.values.join(', ')}`);
    case 'boolean':
      return typeof value === 'boolean' ? value : refuse('!t or !f');
  }
}
