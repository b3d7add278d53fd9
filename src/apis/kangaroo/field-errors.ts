import type { ValidationIssue } from '../../lib/fastify-errors.js';

/**
 * Kangaroo's 422 body: a bare map of field → messages, `{"customer.id": ["The selected
 * customer.id is invalid."]}`, as every 422 example on the api-docs master shows (not Laravel's
 * `{message, errors}` wrapper, which no Kangaroo example uses).
 */
export type FieldErrors = Record<string, string[]>;

/**
 * Laravel's validation wording (its `en/validation.php` of the Passport 8.x era), with
 * `:attribute` standing for the field. Schemas carry these templates as their zod messages; the
 * field is filled in when the error is rendered, because only then is its path known.
 */
export const RULE = {
  required: 'The :attribute field is required.',
  string: 'The :attribute must be a string.',
  integer: 'The :attribute must be an integer.',
  numeric: 'The :attribute must be a number.',
  boolean: 'The :attribute field must be true or false.',
  array: 'The :attribute must be an array.',
  email: 'The :attribute must be a valid email address.',
  format: 'The :attribute format is invalid.',
  selected: 'The selected :attribute is invalid.',
  taken: 'The :attribute has already been taken.',
  date: 'The :attribute is not a valid date.',
  maxString: (max: number) => `The :attribute may not be greater than ${max} characters.`,
  maxItems: (max: number) => `The :attribute may not have more than ${max} items.`,
  minItems: (min: number) => `The :attribute must have at least ${min} items.`,
  min: (min: number) => `The :attribute must be at least ${min}.`,
  max: (max: number) => `The :attribute may not be greater than ${max}.`,
  decimals: (places: number) => `The :attribute may not have more than ${places} decimal places.`,
} as const;

/** How Laravel names a field in a message: `store_domain` → "store domain", `customer.id` as is. */
export function attributeName(field: string): string {
  return field.replaceAll('_', ' ');
}

/** A message template with its field filled in. */
export function fieldMessage(template: string, field: string): string {
  return template.replaceAll(':attribute', attributeName(field));
}

/** One message for one field. */
export function fieldError(field: string, template: string): FieldErrors {
  return { [field]: [fieldMessage(template, field)] };
}

/** Collects field errors the way Laravel does: every failing field, each with its messages. */
export class FieldErrorList {
  private readonly fields: FieldErrors = {};

  add(field: string, template: string): this {
    const messages = (this.fields[field] ??= []);
    const message = fieldMessage(template, field);
    if (!messages.includes(message)) messages.push(message);
    return this;
  }

  /** A message already worded (from another list). */
  addMessage(field: string, message: string): this {
    const messages = (this.fields[field] ??= []);
    if (!messages.includes(message)) messages.push(message);
    return this;
  }

  has(field: string): boolean {
    return field in this.fields;
  }

  get empty(): boolean {
    return Object.keys(this.fields).length === 0;
  }

  toJSON(): FieldErrors {
    return this.fields;
  }
}

/**
 * Turns schema validation issues (`body.customer.email`, `query.per_page`) into the field map.
 * The part of the request (body, query, path) is dropped, as Laravel merges them into one input.
 * A missing value reads "field is required"; a message without the template marker (not one of
 * the schemas' own) becomes Laravel's generic "is invalid". Returns undefined when an issue is
 * about the whole body rather than a field (a JSON array or string where an object belongs).
 */
export function fieldErrorsOf(issues: readonly ValidationIssue[]): FieldErrors | undefined {
  const list = new FieldErrorList();
  for (const issue of issues) {
    const dot = issue.field.indexOf('.');
    if (dot < 0) return undefined;
    const field = issue.field.slice(dot + 1);
    const template = issue.missing ? RULE.required : issue.message.includes(':attribute') ? issue.message : RULE.selected;
    list.add(field, template);
  }
  return list.empty ? undefined : list.toJSON();
}
