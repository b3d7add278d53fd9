import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeLiteral, fill, fillString, referencesIn, VariableError } from '../../src/scenarios/variables.js';

const variables = {
  rulrr: { clientId: 'pos-ws1', clients: [{ clientId: 'a' }, { clientId: 'b' }] },
  workspace: { id: 'ws0123456789' },
  count: 3,
  token: 'rat_x',
};

describe('variables', () => {
  it.each([
    ['no reference', 'plain', 'plain'],
    ['a lone reference keeps its type', '${count}', 3],
    ['inside text it is text', 'n=${count}', 'n=3'],
    ['dotted', '${rulrr.clientId}', 'pos-ws1'],
    ['into a list', '${rulrr.clients.1.clientId}', 'b'],
    ['several', '${workspace.id}/${token}', 'ws0123456789/rat_x'],
    ['an object inside text is JSON', 'x${workspace}', 'x{"id":"ws0123456789"}'],
    ['$${ is a literal ${', '$${token}', '${token}'],
    ['a lone $ stays', 'costs $5', 'costs $5'],
  ])('%s', (_what, text, wanted) => {
    expect(fillString(text, variables)).toEqual(wanted);
  });

  it.each([
    ['an unknown root', '${nope}', 'unknown variable ${nope} (known: count, rulrr, token, workspace)'],
    ['an unknown field', '${rulrr.secret}', 'unknown variable ${rulrr.secret}'],
    ['no closing brace', 'a ${token', 'is not a variable reference'],
    ['spaces', '${ token }', 'is not a variable reference'],
    ['an empty name', '${}', 'is not a variable reference'],
  ])('%s is refused', (_what, text, message) => {
    expect(() => fillString(text, variables)).toThrow(VariableError);
    expect(() => fillString(text, variables)).toThrow(message);
  });

  it('fills every string of a body, keys left alone', () => {
    expect(fill({ '${token}': ['${count}', { t: 'Bearer ${token}' }, true, null] }, variables)).toEqual({
      '${token}': [3, { t: 'Bearer rat_x' }, true, null],
    });
  });

  it('referencesIn lists the names', () => {
    expect(referencesIn('${a}-${b.c}-$${d}')).toEqual(['a', 'b.c']);
  });

  it('escaped text reads back as itself, and any text either fills or fails with VariableError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(fillString(escapeLiteral(text), {})).toBe(text);
        try {
          fillString(text, variables);
        } catch (error) {
          if (!(error instanceof VariableError)) throw error;
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('variables inside a $regex', () => {
  it('are filled in escaped, so a value matches itself and nothing wider', async () => {
    const { differences, matcherProblems } = await import('../../src/scenarios/matchers.js');
    const variables = { workspace: { id: 'ws0123456789' }, token: 'a.b+c' };
    const expected = fill({ id: { $regex: '^rat_${workspace.id}_' }, raw: { $regex: '^${token}$' } }, variables) as never;
    expect(expected).toEqual({ id: { $regex: '^rat_ws0123456789_' }, raw: { $regex: '^a\\.b\\+c$' } });
    expect(differences(expected, { id: 'rat_ws0123456789_xyz', raw: 'a.b+c' })).toEqual([]);
    expect(differences(expected, { id: 'rat_ws0123456789_xyz', raw: 'aXbbc' })).toHaveLength(1);
    // Checked before a run with the references standing in: valid, though `${` alone is not a pattern.
    expect(matcherProblems({ id: { $regex: '^rat_${workspace.id}_' } })).toEqual([]);
  });
});
