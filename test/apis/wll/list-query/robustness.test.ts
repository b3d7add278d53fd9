import fc from 'fast-check';
import rison from 'rison';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ListQueryError } from '../../../../src/apis/wll/list-query/errors.js';
import { OPERATORS } from '../../../../src/apis/wll/list-query/field-map.js';
import { parseListQuery, type ListQuery } from '../../../../src/apis/wll/list-query/list-params.js';
import { RECEIPT_FILTER_FIELDS, RECEIPT_LIST_SPEC } from '../../../../src/apis/wll/list-query/list-specs.js';
import { MAX_FILTER_LENGTH } from '../../../../src/apis/wll/list-query/o-rison.js';
import { expectOnlyPlaceholders } from './helpers.js';

// Milliseconds, not seconds: a parse costs well under 1 ms; the margin is for GC pauses on a loaded machine.
const BUDGET_MS = 250;
const NAMES = [...Object.keys(RECEIPT_FILTER_FIELDS), ...OPERATORS];

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs one list call: a ListQuery or a ListQueryError, nothing else, quickly and silently. */
function runBounded(query: Record<string, unknown>): ListQuery | ListQueryError {
  const started = performance.now();
  let outcome: ListQuery | ListQueryError;
  try {
    outcome = parseListQuery(query, RECEIPT_LIST_SPEC);
  } catch (error) {
    if (!(error instanceof ListQueryError)) throw error;
    expect(error.message.length).toBeLessThan(600);
    outcome = error;
  }
  expect(performance.now() - started).toBeLessThan(BUDGET_MS);
  if (!(outcome instanceof ListQueryError)) expectOnlyPlaceholders(outcome, RECEIPT_FILTER_FIELDS);
  return outcome;
}

const risonish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('AUTHORIZED', '2024-05-01T12:00:00Z', '2024-05-01', '06:00', '0.75', '%App%', "it's", '', 'x_y\\z'),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    tie('group'),
  ),
  group: fc.dictionary(fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 8 })).filter((k) => k !== '__proto__'), tie('value'), {
    maxKeys: 4,
  }),
}));

/** An encoded structure, sometimes with one character put in, taken out or swapped. */
const mutatedFilter = fc
  .tuple(risonish.group, fc.nat(), fc.constantFrom('', '(', ')', '!', "'", ',', ':', ' ', '*', '-', '%', '\u0000'), fc.boolean())
  .map(([group, at, insert, remove]) => {
    // rison writes a non-finite number as !n; that is fine input too.
    const text = rison.encode_object(group);
    const i = at % (text.length + 1);
    return `${text.slice(0, i)}${insert}${text.slice(i + (remove ? 1 : 0))}`;
  });

const anyValue = fc.oneof(fc.string({ unit: 'binary' }), fc.array(fc.string(), { maxLength: 3 }), fc.integer(), fc.double(), fc.constant(undefined), fc.object());

describe('parseListQuery on any input', () => {
  it('answers arbitrary filter text with a result or a ListQueryError, fast and without logging', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 })), (filter) => {
        runBounded({ filter });
      }),
      { numRuns: 3000 },
    );
    expect(log).not.toHaveBeenCalled();
  });

  it('answers encoded and mutated Rison structures the same way', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    fc.assert(
      fc.property(fc.oneof(risonish.group.map((g) => rison.encode_object(g)), mutatedFilter), (filter) => {
        runBounded({ filter });
      }),
      { numRuns: 5000 },
    );
    expect(log).not.toHaveBeenCalled();
  });

  it('answers any mix of limit, skip, sort, order and filter values the same way', () => {
    fc.assert(
      fc.property(fc.record({ limit: anyValue, skip: anyValue, sort: anyValue, order: anyValue, filter: anyValue }, { requiredKeys: [] }), (query) => {
        runBounded(query);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['opening groups up to the cap', `a:${'('.repeat(MAX_FILTER_LENGTH - 2)}`],
    ['opening lists up to the cap', `a:${'!('.repeat((MAX_FILTER_LENGTH - 2) / 2)}`],
    ['one unterminated quote', `status:(eq:'${'x'.repeat(MAX_FILTER_LENGTH - 12)}`],
    ['escapes all the way', `status:(eq:'${'!!'.repeat((MAX_FILTER_LENGTH - 13) / 2)}')`],
    ['a long number', `total:(gt:${'9'.repeat(MAX_FILTER_LENGTH - 10)})`],
    ['a long word', `${'w'.repeat(MAX_FILTER_LENGTH - 8)}:(eq:1)`],
    ['many fields', Array.from({ length: 300 }, (_, i) => `f${i}:(eq:1)`).join(',').slice(0, MAX_FILTER_LENGTH)],
    ['a full in list', `merchantName:(in:!(${Array.from({ length: 100 }, (_, i) => `'name ${i}'`).join(',')}))`],
    ['every operator at once', "merchantName:(eq:a,neq:b,gt:c,lt:d,in:!(e,f),has:g,like:'%h%')"],
    ['past the cap', 'x'.repeat(MAX_FILTER_LENGTH * 256)],
  ])('answers %s within the time budget', (_name, filter) => {
    runBounded({ filter });
  });
});
