import { describe, expect, it } from 'vitest';
import { ListQueryError } from '../../../../src/apis/wll/list-query/errors.js';
import { parseFilter, type FilterAst } from '../../../../src/apis/wll/list-query/o-rison.js';
import { FIELDS, thrown } from './helpers.js';

const FILTERABLE = 'name, amount, at, day, clock, state, flag, field1, owner.id';
const OPERATORS = 'eq, neq, gt, lt, in, has, like';

describe('parseFilter reads', () => {
  it.each<[string, FilterAst]>([
    ['', []],
    ["field1:(eq:'value')", [{ field: 'field1', conditions: [{ op: 'eq', value: 'value' }] }]],
    ['state:(eq:OPEN),amount:(gt:10)', [
      { field: 'state', conditions: [{ op: 'eq', value: 'OPEN' }] },
      { field: 'amount', conditions: [{ op: 'gt', value: 10 }] },
    ]],
    ['amount:(gt:1,lt:-2.5e1)', [{ field: 'amount', conditions: [{ op: 'gt', value: 1 }, { op: 'lt', value: -25 }] }]],
    ["name:(neq:'it!'s')", [{ field: 'name', conditions: [{ op: 'neq', value: "it's" }] }]],
    ["name:(eq:'!!')", [{ field: 'name', conditions: [{ op: 'eq', value: '!' }] }]],
    ["name:(eq:'')", [{ field: 'name', conditions: [{ op: 'eq', value: '' }] }]],
    ["name:(eq:'Burger King')", [{ field: 'name', conditions: [{ op: 'eq', value: 'Burger King' }] }]],
    ['name:(eq:Café)', [{ field: 'name', conditions: [{ op: 'eq', value: 'Café' }] }]],
    ["name:(eq:'東京 🍣')", [{ field: 'name', conditions: [{ op: 'eq', value: '東京 🍣' }] }]],
    ["name:(in:!(a,'b c'))", [{ field: 'name', conditions: [{ op: 'in', value: ['a', 'b c'] }] }]],
    ["name:(has:'50%')", [{ field: 'name', conditions: [{ op: 'has', value: '50%' }] }]],
    ["name:(like:'%App%')", [{ field: 'name', conditions: [{ op: 'like', value: '%App%' }] }]],
    ['name:(like:%App%)', [{ field: 'name', conditions: [{ op: 'like', value: '%App%' }] }]],
    ["name:(gt:'m')", [{ field: 'name', conditions: [{ op: 'gt', value: 'm' }] }]],
    ['name:(eq:!n)', [{ field: 'name', conditions: [{ op: 'eq', value: null }] }]],
    ['amount:(neq:!n)', [{ field: 'amount', conditions: [{ op: 'neq', value: null }] }]],
    ["amount:(eq:'0.75')", [{ field: 'amount', conditions: [{ op: 'eq', value: 0.75 }] }]],
    ["amount:(in:!(1,'2.5',-3))", [{ field: 'amount', conditions: [{ op: 'in', value: [1, 2.5, -3] }] }]],
    ["at:(gt:'2024-05-01T12:00:00+01:00')", [{ field: 'at', conditions: [{ op: 'gt', value: '2024-05-01T11:00:00.000Z' }] }]],
    ["at:(lt:'2024-05-01')", [{ field: 'at', conditions: [{ op: 'lt', value: '2024-05-01T00:00:00.000Z' }] }]],
    ["at:(like:'2024-05%')", [{ field: 'at', conditions: [{ op: 'like', value: '2024-05%' }] }]],
    ["day:(eq:'2024-02-29')", [{ field: 'day', conditions: [{ op: 'eq', value: '2024-02-29' }] }]],
    ["clock:(gt:'06:00',lt:'18:30:15')", [{ field: 'clock', conditions: [{ op: 'gt', value: '06:00:00' }, { op: 'lt', value: '18:30:15' }] }]],
    ['state:(in:!(OPEN,SHUT))', [{ field: 'state', conditions: [{ op: 'in', value: ['OPEN', 'SHUT'] }] }]],
    ["state:(like:'o%')", [{ field: 'state', conditions: [{ op: 'like', value: 'o%' }] }]],
    ['flag:(eq:!t),state:(neq:!n)', [
      { field: 'flag', conditions: [{ op: 'eq', value: true }] },
      { field: 'state', conditions: [{ op: 'neq', value: null }] },
    ]],
    ["'owner.id':(eq:u1)", [{ field: 'owner.id', conditions: [{ op: 'eq', value: 'u1' }] }]],
    ['owner.id:(eq:u1)', [{ field: 'owner.id', conditions: [{ op: 'eq', value: 'u1' }] }]],
  ])('%s', (text, ast) => {
    expect(parseFilter(text, FIELDS)).toEqual(ast);
  });
});

describe('parseFilter refuses, saying what is wrong', () => {
  it.each([
    ["field1:(operator:'value')", `filter: unknown operator "operator" on field1 (operators: ${OPERATORS})`],
    ['totl:(gt:1)', `filter: unknown field "totl" (filterable: ${FILTERABLE})`],
    ['constructor:(eq:1)', `filter: unknown field "constructor" (filterable: ${FILTERABLE})`],
    ['amount:(gte:1)', `filter: unknown operator "gte" on amount (operators: ${OPERATORS})`],
    ['amount:(toString:1)', `filter: unknown operator "toString" on amount (operators: ${OPERATORS})`],
    ['amount:(gt:ten)', "filter: amount.gt needs a number, got 'ten'"],
    ["amount:(gt:'1,5')", "filter: amount.gt needs a number, got '1,5'"],
    ['amount:(eq:!t)', 'filter: amount.eq needs a number, got !t'],
    ['amount:(like:1)', 'filter: amount.like does not apply to a number field (it takes eq, neq, gt, lt, in)'],
    ['amount:(gt:!n)', 'filter: amount.gt cannot compare with !n (only eq and neq take !n)'],
    ['amount:5', 'filter: amount needs its operators in parentheses, e.g. amount:(eq:…), got 5'],
    ['amount:!(1)', 'filter: amount needs its operators in parentheses, e.g. amount:(eq:…), got a list'],
    ['amount:()', `filter: amount:() names no operator (operators: ${OPERATORS})`],
    ['name:(eq:12)', "filter: name.eq needs a string, got 12 (put text in quotes: '…')"],
    ['name:(eq:(a:b))', 'filter: name.eq needs a string, got a group in parentheses'],
    ['name:(like:12)', 'filter: name.like needs a text pattern in quotes, got 12'],
    ['name:(has:!n)', 'filter: name.has needs a text pattern in quotes, got !n'],
    ['name:(in:a)', "filter: name.in needs a list such as !('A','B'), got 'a'"],
    ['name:(in:!())', 'filter: name.in needs at least one value: !() is empty'],
    [`name:(in:!(${Array.from({ length: 101 }, (_, i) => `v${i}`).join(',')}))`, 'filter: name.in takes at most 100 values, got 101'],
    ['name:(in:!(a,!n))', 'filter: name.in[1] cannot be !n (use eq:!n to find a missing value)'],
    ['state:(in:!(OPEN,open))', "filter: state.in[1] needs one of OPEN, SHUT, got 'open'"],
    ['state:(eq:DONE)', "filter: state.eq needs one of OPEN, SHUT, got 'DONE'"],
    ['state:(gt:OPEN)', 'filter: state.gt does not apply to an enum field (it takes eq, neq, in, has, like)'],
    ["flag:(eq:'true')", "filter: flag.eq needs !t or !f, got 'true'"],
    ['flag:(gt:!f)', 'filter: flag.gt does not apply to a boolean field (it takes eq, neq, in)'],
    ["at:(gt:'yesterday')", "filter: at.gt needs an ISO 8601 date-time such as '2024-05-01T12:00:00Z', got 'yesterday'"],
    [
      "at:(gt:'2024-05-01T12:00:00 01:00')",
      "filter: at.gt needs an ISO 8601 date-time such as '2024-05-01T12:00:00Z', got '2024-05-01T12:00:00 01:00' (a \"+\" in a URL arrives as a space: send it as %2B)",
    ],
    ["day:(eq:'2023-02-29')", "filter: day.eq needs a date as 'YYYY-MM-DD', got '2023-02-29'"],
    ["clock:(eq:'25:00')", "filter: clock.eq needs a time as 'HH:MM' or 'HH:MM:SS', got '25:00'"],
    ['name:(eq:x),name:(eq:y)', 'filter: not valid O-Rison at character 13: "name" appears twice in the same group (in "name:(eq:x),name:(eq:y)")'],
    ['name:(eq:x)c', 'filter: not valid O-Rison at character 12: expected "," or ")", found "c" (in "name:(eq:x)c")'],
    ['name:(eq:x', 'filter: not valid O-Rison: expected "," or ")", found the end of the filter (in "name:(eq:x")'],
    ['name:(eq:*)', 'filter: not valid O-Rison at character 10: expected a value, found "*" (in "name:(eq:*)")'],
    [
      `name:(eq:'${'x'.repeat(100)}`,
      `filter: not valid O-Rison at character 10: a quoted string is never closed (add the closing ') (in "name:(eq:'${'x'.repeat(48)}…")`,
    ],
    [
      `name:(eq:${'y'.repeat(100)} z)`,
      `filter: not valid O-Rison at character 110: expected "," or ")", found " " (in "…${'y'.repeat(30)} z)")`,
    ],
    ['amount:(eq:a\u0000b\nc)', "filter: amount.eq needs a number, got 'a\\u0000b\\u000ac'"],
    ['name:(eq:a\u0007 b)', 'filter: not valid O-Rison at character 12: expected "," or ")", found " " (in "name:(eq:a\\u0007 b)")'],
    [`${'z'.repeat(200)}:(eq:1)`, `filter: unknown field "${'z'.repeat(59)}…" (filterable: ${FILTERABLE})`],
    [`name:(eq:'${'q'.repeat(200)}',gt:1)`, `filter: name.gt needs a string, got 1 (put text in quotes: '…')`],
    [`amount:(eq:'${'q'.repeat(200)}')`, `filter: amount.eq needs a number, got '${'q'.repeat(59)}…'`],
    [`name:(eq:${'x'.repeat(5000)})`, 'filter: is 5010 characters long; at most 4096 are read'],
  ])('%s', (text, message) => {
    const error = thrown(() => parseFilter(text, FIELDS));
    expect(error).toBeInstanceOf(ListQueryError);
    expect(error).toMatchObject({ message, param: 'filter', statusCode: 400, code: 'BadRequestError' });
  });
});
