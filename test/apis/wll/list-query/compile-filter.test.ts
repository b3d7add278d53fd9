import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../../src/apis/wll/list-query/compile-filter.js';
import { ListQueryError } from '../../../../src/apis/wll/list-query/errors.js';
import { parseFilter } from '../../../../src/apis/wll/list-query/o-rison.js';
import { FIELDS } from './helpers.js';

const LIKE = "LIKE ? ESCAPE '\\'";

describe('compileFilter', () => {
  it.each<[string, string, unknown[]]>([
    ['', '1', []],
    ['name:(eq:x)', 'name = ?', ['x']],
    ['name:(neq:x)', 'name IS NOT ?', ['x']],
    ['name:(eq:!n)', 'name IS NULL', []],
    ['name:(neq:!n)', 'name IS NOT NULL', []],
    ['amount:(gt:10)', 'amount > ?', [10]],
    ['amount:(lt:-1.5)', 'amount < ?', [-1.5]],
    ["amount:(gt:'0.5',lt:1)", 'amount > ? AND amount < ?', [0.5, 1]],
    ['state:(in:!(OPEN,SHUT))', 'state IN (?, ?)', ['OPEN', 'SHUT']],
    ['amount:(in:!(3))', 'amount IN (?)', [3]],
    ["name:(like:'%App%')", `name ${LIKE}`, ['%App%']],
    ["name:(like:'a_b\\c%')", `name ${LIKE}`, ['a\\_b\\\\c%']],
    ["name:(has:'50%_off')", `name ${LIKE}`, ['%50\\%\\_off%']],
    ["name:(has:'')", `name ${LIKE}`, ['%%']],
    ['flag:(eq:!t)', 'flag = ?', [1]],
    ['flag:(neq:!f)', 'flag IS NOT ?', [0]],
    ['flag:(in:!(!t,!f))', 'flag IN (?, ?)', [1, 0]],
    ["at:(gt:'2024-05-01T12:00:00+02:00')", 'at_column > ?', ['2024-05-01T10:00:00.000Z']],
    ["clock:(lt:'06:30')", 'clock < ?', ['06:30:00']],
    ["owner.id:(eq:u1),day:(eq:'2024-01-31'),state:(neq:SHUT)", 'owner_id = ? AND day = ? AND state IS NOT ?', ['u1', '2024-01-31', 'SHUT']],
    ["name:(eq:'x; DROP TABLE t; --')", 'name = ?', ['x; DROP TABLE t; --']],
  ])('%s → %s', (text, sql, params) => {
    expect(compileFilter(parseFilter(text, FIELDS), FIELDS)).toEqual({ sql, params });
  });

  it('refuses a field the map does not hold, as parsing does', () => {
    expect(() => compileFilter([{ field: 'ghost', conditions: [{ op: 'eq', value: 1 }] }], FIELDS)).toThrow(ListQueryError);
  });
});
