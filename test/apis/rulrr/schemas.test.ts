import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { orderBody, storeProfileBody } from '../../../src/apis/rulrr/schemas.js';
import { cpuTimed } from '../../helpers/cpu-time.js';

const KB40 = 40 * 1024;
const CPU_BUDGET_MS = 50;

/** The messages a schema gives for a value, parsed within the budget; none when it is accepted. */
function problems(schema: z.ZodType, value: unknown): string[] {
  const { result, cpuMs } = cpuTimed(() => schema.safeParse(value));
  expect(cpuMs).toBeLessThan(CPU_BUDGET_MS);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
}

const profile = { storeName: 'Demo', storeAddress: '1 Main St', storeCountryCode: 'US' };
const order = { orderId: 'o-1', total: '1250' };

describe('PUT /v1/stores body: storeCountryCode', () => {
  it.each([
    ['US', []],
    ['DE', []],
    ['USA', ['storeCountryCode must be an ISO 3166-1 alpha-2 code such as US']],
    ['840', ['storeCountryCode must be an ISO 3166-1 alpha-2 code such as US']],
    ['001', ['storeCountryCode must be an ISO 3166-1 alpha-2 code such as US']],
    ['us', ['storeCountryCode must be an ISO 3166-1 alpha-2 code such as US']],
    ['', ['storeCountryCode must be an ISO 3166-1 alpha-2 code such as US']],
    ['\u0000\u0000', ['storeCountryCode must be an ISO 3166-1 alpha-2 code such as US']],
    ['U'.repeat(KB40), ['storeCountryCode must be an ISO 3166-1 alpha-2 code such as US']],
    ['ZZ', ['storeCountryCode is not an ISO 3166-1 country code']],
    ['AA', ['storeCountryCode is not an ISO 3166-1 country code']],
    [840, ['storeCountryCode Invalid input: expected string, received number']],
    [['US'], ['storeCountryCode Invalid input: expected string, received array']],
    [null, ['storeCountryCode Invalid input: expected string, received null']],
  ])('#%# → %j (one message, never a thrown RangeError)', (storeCountryCode, expected) => {
    expect(problems(storeProfileBody, { ...profile, storeCountryCode })).toEqual(expected);
  });
});

describe('PUT /v1/stores body: storeCurrency and texts', () => {
  it.each([
    [{ storeCurrency: 'EUR' }, []],
    [{ storeCurrency: 'eur' }, ['storeCurrency must be an ISO 4217 code such as USD']],
    [{ storeCurrency: 'EURO' }, ['storeCurrency must be an ISO 4217 code such as USD']],
    [{ storeCurrency: 'ZZZ' }, ['storeCurrency is not an ISO 4217 currency code']],
    [{ storeCurrency: 'E'.repeat(KB40) }, ['storeCurrency must be an ISO 4217 code such as USD']],
    [{ storeName: 'n'.repeat(KB40) }, ['storeName Too big: expected string to have <=200 characters']],
    [{ storeName: '   ' }, ['storeName Too small: expected string to have >=1 characters']],
    [{ storePhoneNumber: 5 }, ['storePhoneNumber Invalid input: expected string, received number']],
  ])('#%# → %j', (change, expected) => {
    expect(problems(storeProfileBody, { ...profile, ...change })).toEqual(expected);
  });
});

describe('POST /v1/orders body', () => {
  it.each([
    [{ customer: { email: 'ada@example.com' } }, []],
    [{ customer: { email: `a@${'.'.repeat(KB40)}@` } }, ['customer.email must be an email address of at most 254 characters']],
    [{ customer: { email: `a@${'.'.repeat(200)}@` } }, ['customer.email must be an email address']],
    [{ customer: { email: 'a\u0000@b.co' } }, ['customer.email must be an email address']],
    [{ customer: { email: 5 } }, ['customer.email Invalid input: expected string, received number']],
    [{ customer: { phone: '+14155550123' } }, []],
    [{ customer: { phone: '+1'.repeat(KB40 / 2) } }, ['customer.phone must be an E.164 phone number such as +14155550123']],
    [{ total: '1'.repeat(KB40) }, ['total must be an integer amount in the minor unit, as a string (e.g. "1250")']],
    [{ total: 1250 }, ['total Invalid input: expected string, received number']],
    [{ currency: 'USA' }, ['currency is not an ISO 4217 currency code']],
    [{ currency: 'US' }, ['currency must be an ISO 4217 code such as USD']],
    [{ createdAt: `2026-01-01T00:00:00.${'1'.repeat(KB40)}Z` }, []],
    [{ createdAt: '2026-01-01T00:00:00' + '0'.repeat(KB40) }, ['createdAt Invalid ISO datetime']],
    [{ orderId: 'o'.repeat(KB40) }, ['orderId Too big: expected string to have <=100 characters']],
  ])('#%# → %j', (change, expected) => {
    expect(problems(orderBody, { ...order, ...change })).toEqual(expected);
  });

  it('fails 500 bad items one message each, quickly', () => {
    const items = new Array(500).fill({ name: 'x', quantity: 1, price: 'one' });
    expect(problems(orderBody, { ...order, items })).toHaveLength(500);
  });
});

describe('the Rulrr body schemas on any input', () => {
  it('answer a result, never a throw, within the budget', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 50 }),
      fc.nat({ max: KB40 }).map((n) => 'A'.repeat(n)),
      fc.nat({ max: KB40 }).map((n) => `a@${'.'.repeat(n)}@`),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const fieldNames = [...Object.keys(storeProfileBody.shape), ...Object.keys(orderBody.shape), 'customer', 'items'];
    const body = fc.oneof(
      fc.dictionary(fc.constantFrom(...fieldNames), hostile, { maxKeys: 8 }),
      fc.record({ customer: fc.dictionary(fc.constantFrom('email', 'phone', 'customerId'), hostile) }).map((b) => ({ ...order, ...b })),
      fc.record({ storeCountryCode: hostile, storeCurrency: hostile }).map((b) => ({ ...profile, ...b })),
      hostile,
    );
    fc.assert(
      fc.property(body, (value) => {
        problems(storeProfileBody, value);
        problems(orderBody, value);
      }),
      { seed: 20260607, numRuns: 1500 },
    );
  }, 30_000);
});
