import { expect } from 'vitest';
import type { FieldMap } from '../../../../src/apis/wll/list-query/field-map.js';
import type { ListQuery } from '../../../../src/apis/wll/list-query/list-params.js';

/** One field of every type, plus the docs' own `field1` and a dotted name. */
export const FIELDS = {
  name: { column: 'name', type: 'string' },
  amount: { column: 'amount', type: 'number' },
  at: { column: 'at_column', type: 'datetime' },
  day: { column: 'day', type: 'date' },
  clock: { column: 'clock', type: 'time' },
  state: { column: 'state', type: 'enum', values: ['OPEN', 'SHUT'] },
  flag: { column: 'flag', type: 'boolean' },
  field1: { column: 'field_one', type: 'string' },
  'owner.id': { column: 'owner_id', type: 'string' },
} as const satisfies FieldMap;

/** The error `run` throws, for asserting on all of it. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

/**
 * Asserts that every condition in `where` is one the compiler may write: a column of `fields`, an
 * operator and placeholders only, so no caller value can have reached the SQL text.
 */
export function expectOnlyPlaceholders(query: ListQuery, fields: FieldMap): void {
  const columns = Object.values(fields).map((spec) => spec.column);
  const clause = new RegExp(
    `^(?:${columns.join('|')}) (?:= \\?|IS NOT \\?|IS NULL|IS NOT NULL|> \\?|< \\?|IN \\(\\?(?:, \\?)*\\)|LIKE \\? ESCAPE '\\\\')$`,
  );
  if (query.where !== '1') for (const condition of query.where.split(' AND ')) expect(condition).toMatch(clause);
  expect(query.where.split('?').length - 1).toBe(query.params.length);
}
