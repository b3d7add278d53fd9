import type { FieldMap } from '../../../../src/apis/wll/list-query/field-map.js';

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
