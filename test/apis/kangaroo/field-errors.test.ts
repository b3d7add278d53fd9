import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeName, FieldErrorList, fieldErrorsOf, fieldMessage, RULE } from '../../../src/apis/kangaroo/field-errors.js';

describe('Laravel attribute names and messages', () => {
  it.each([
    ['name', 'name'],
    ['store_domain', 'store domain'],
    ['customer.id', 'customer.id'],
    ['customer.country_code', 'customer.country code'],
    ['catalog_items.0.id', 'catalog items.0.id'],
  ])('names %s "%s"', (field, name) => {
    expect(attributeName(field)).toBe(name);
  });

  it.each([
    [RULE.required, 'branch_link_id', 'The branch link id field is required.'],
    [RULE.selected, 'customer.id', 'The selected customer.id is invalid.'],
    [RULE.maxString(255), 'name', 'The name may not be greater than 255 characters.'],
    [RULE.taken, 'shop_id', 'The shop id has already been taken.'],
    ['No marker here.', 'x', 'No marker here.'],
  ])('fills %j for %s', (template, field, message) => {
    expect(fieldMessage(template, field)).toBe(message);
  });

  it('collects every message of a field once, in order', () => {
    const list = new FieldErrorList().add('points', RULE.required).add('points', RULE.required).add('points', RULE.integer).add('amount', RULE.numeric);
    expect(list.toJSON()).toEqual({ points: ['The points field is required.', 'The points must be an integer.'], amount: ['The amount must be a number.'] });
    expect(list.has('points')).toBe(true);
    expect(list.empty).toBe(false);
    expect(new FieldErrorList().empty).toBe(true);
  });
});

describe('fieldErrorsOf', () => {
  it.each([
    [[{ field: 'body.name', message: 'is required', missing: true }], { name: ['The name field is required.'] }],
    [[{ field: 'query.page', message: 'The :attribute must be an integer.', missing: false }], { page: ['The page must be an integer.'] }],
    [[{ field: 'path.id', message: 'Invalid input: expected number', missing: false }], { id: ['The selected id is invalid.'] }],
    [[{ field: 'body.customer.email', message: 'The :attribute must be a valid email address.', missing: false }], { 'customer.email': ['The customer.email must be a valid email address.'] }],
    [[{ field: 'body', message: 'The :attribute must be an array.', missing: false }], undefined],
    [[], undefined],
  ])('turns %j into %j', (issues, expected) => {
    expect(fieldErrorsOf(issues)).toEqual(expected);
  });

  it('never throws and names only the fields it was given', () => {
    const issue = fc.record({ field: fc.string({ maxLength: 60 }), message: fc.string({ maxLength: 60 }), missing: fc.boolean() });
    fc.assert(
      fc.property(fc.array(issue, { maxLength: 20 }), (issues) => {
        const fields = fieldErrorsOf(issues);
        if (fields === undefined) return;
        const given = new Set(issues.map((i) => i.field.slice(i.field.indexOf('.') + 1)));
        for (const [field, messages] of Object.entries(fields)) {
          expect(given.has(field)).toBe(true);
          expect(messages.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
