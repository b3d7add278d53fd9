import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readWllFixtures } from '../../../src/apis/wll/fixtures.js';
import { PictureParser } from '../../../src/apis/wll/parser/picture-parser.js';
import { reviewReceipt, type ReviewContext } from '../../../src/apis/wll/review/automated-review.js';
import { receiptFactsOf } from '../../../src/apis/wll/review/receipt-facts.js';
import { FixtureError } from '../../../src/fixtures/read-fixture.js';
import { FIXTURES_DIR } from '../../helpers/build.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const fixtures = readWllFixtures(FIXTURES_DIR);
const parser = PictureParser.load(FIXTURES_DIR);
const tenant = { timeZone: fixtures.tenant!.timezone, maxReceiptAgeDays: fixtures.tenant!.maxReceiptAgeDays };
const url = (name: string) => `https://receipts.sandbox.test/${name}.jpg`;

/** Claims pictures in order in one workspace, the way the claim flow does: barcodes are claimed once. */
async function claimInOrder(names: string[], now: Date) {
  const claimed = new Set<string>();
  const outcomes: string[] = [];
  for (const name of names) {
    const facts = receiptFactsOf(parser.parse(url(name), now, tenant.timeZone));
    const context: ReviewContext = {
      now,
      tenant,
      isDuplicate: ({ barcode }) => barcode !== null && claimed.has(barcode),
      runRuleEngine: () => undefined,
    };
    const review = await reviewReceipt(facts, context);
    if (facts.barcode !== null) claimed.add(facts.barcode);
    outcomes.push(`${review.status}/${review.reason}`);
  }
  return outcomes;
}

describe('the demo tenant', () => {
  it('is the CONTRACT §3 API key, in London, with a 30-day limit', () => {
    expect(fixtures.tenant).toEqual({
      name: 'Demo Tenant',
      slug: 'demo-tenant',
      timezone: 'Europe/London',
      maxReceiptAgeDays: 30,
      apiKey: 'wll-demo-key',
    });
  });
});

describe('the shipped parse results', () => {
  // Any day works, the fixtures' dates being relative: a winter day, a DST change, a late UTC evening, today.
  const instants = ['2025-01-15T09:00:00Z', '2025-03-30T00:30:00Z', '2025-07-01T23:30:00Z', new Date().toISOString()];

  it.each(instants)('decide as their README says, claimed at %s', async (instant) => {
    const now = new Date(instant);
    const names = ['supermarket', 'coffee-shop', 'blurry', 'future-dated', 'stale', 'low-confidence', 'party-basket', 'supermarket-copy'];
    expect(await claimInOrder(names, now)).toEqual([
      'AUTHORIZED/VALID_DATA',
      'AUTHORIZED/VALID_DATA',
      'PENDING/INSUFFICIENT_DATA',
      'REJECTED/INVALID_DATE',
      'REJECTED/INVALID_DATE',
      'PENDING/INSUFFICIENT_DATA',
      'AUTHORIZED/VALID_DATA',
      'REJECTED/DUPLICATE',
    ]);
    expect(await claimInOrder(['supermarket-copy', 'supermarket'], now)).toEqual(['AUTHORIZED/VALID_DATA', 'REJECTED/DUPLICATE']);
    expect(await claimInOrder(['not-a-fixture'], now)).toEqual(['PENDING/INSUFFICIENT_DATA']);
  });

  it('carry distinct barcodes, but for the deliberate duplicate', () => {
    const now = new Date();
    const barcodes = parser.names().flatMap((name) => parser.parse(url(name), now, 'UTC').barcode?.value ?? []);
    expect(barcodes.length - new Set(barcodes).size).toBe(1);
    expect(parser.parse(url('supermarket-copy'), now, 'UTC').barcode).toEqual(parser.parse(url('supermarket'), now, 'UTC').barcode);
  });

  it('add up: line totals are quantity × unit price, and the total is their sum', () => {
    const now = new Date();
    for (const name of parser.names()) {
      const result = parser.parse(url(name), now, 'UTC');
      for (const item of result.lineItems) {
        if (item.unitPrice !== undefined) expect(item.totalPrice, `${name}: ${item.description}`).toBeCloseTo(item.quantity * item.unitPrice, 2);
      }
      if (result.total) {
        const sum = result.lineItems.reduce((total, item) => total + (item.totalPrice ?? 0), 0);
        expect(Number(result.total.value), name).toBeCloseTo(sum, 2);
      }
    }
  });
});

describe('the catalogue', () => {
  const productByIdentifier = new Map(fixtures.products.flatMap((product) => product.identifiers.map((identifier) => [identifier, product] as const)));

  it("holds the products and the venue the docs' rule sets name", () => {
    const ids = fixtures.products.map((product) => product.id);
    for (const id of ['c1417eb1-ff83-4027-a5ae-b5bde2984ef6', 'c94074f6-42e2-413a-a803-edff365b1b62', '837eec03-74ff-4758-8cb8-e58ee28c2612', '9ad8c892-5c08-42c3-a7d8-dcb325d3c1e9']) {
      expect(ids).toContain(id);
    }
    expect(fixtures.venues.map((venue) => venue.id)).toContain('bfc3b90e-c05a-487c-ab70-03ff9ea0caaf');
  });

  it("matches the docs' example line item (SKU123) to the product id the docs show", () => {
    expect(productByIdentifier.get('SKU123')?.id).toBe('8d68cb91-202a-4c62-a867-8f9a8a1e2f50');
  });

  it("gives the party basket the docs' prawns and Pepsi at the rule set's prices, at the Corn Exchange", () => {
    const basket = parser.parse(url('party-basket'), new Date(), 'UTC');
    const matched = basket.lineItems.map((item) => productByIdentifier.get(item.identifier ?? ''));
    expect(matched.every((product) => product !== undefined)).toBe(true);
    const priceOf = (id: string) => basket.lineItems.find((_item, index) => matched[index]!.id === id)?.unitPrice;
    expect(priceOf('c1417eb1-ff83-4027-a5ae-b5bde2984ef6')).toBe(12.2);
    expect(priceOf('837eec03-74ff-4758-8cb8-e58ee28c2612')).toBe(12.2);
    expect(priceOf('c94074f6-42e2-413a-a803-edff365b1b62')).toBe(10.2);
    const cornExchange = fixtures.venues.find((venue) => venue.id === 'bfc3b90e-c05a-487c-ab70-03ff9ea0caaf')!;
    expect(cornExchange.locationIdentifiers).toContain(basket.locationIdentifier?.value);
  });

  it('matches every identifier on a shipped, readable receipt to a product', () => {
    const now = new Date();
    const identifiers = parser.names().flatMap((name) => parser.parse(url(name), now, 'UTC').lineItems.flatMap((item) => item.identifier ?? []));
    expect(identifiers.filter((identifier) => !productByIdentifier.has(identifier))).toEqual([]);
  });

  it('seeds no rule set', () => {
    expect(JSON.parse(readFileSync(join(FIXTURES_DIR, 'wll', 'rule-sets.json'), 'utf8'))).toEqual([]);
  });
});

describe('readWllFixtures', () => {
  function copyWith(file: string, content: unknown): string {
    const root = mkdtempSync(join(tmpdir(), 'wll-fixtures-'));
    dirs.push(root);
    cpSync(join(FIXTURES_DIR, 'wll'), join(root, 'wll'), { recursive: true });
    writeFileSync(join(root, 'wll', file), JSON.stringify(content));
    return root;
  }

  it.each<[string, string, unknown, RegExp]>([
    ['an unknown timezone', 'tenant.json', { name: 'T', slug: 't', timezone: 'Mars/Base', apiKey: 'k' }, /timezone: must be an IANA timezone/],
    ['a slug with spaces', 'tenant.json', { name: 'T', slug: 'a b', apiKey: 'k' }, /slug: must be 1–64 of a-z/],
    ['a product id that is not a UUID', 'products.json', [{ id: 'p1', name: 'P', identifiers: ['X'], unitPrice: 1 }], /0\.id/],
    [
      'an identifier on two products',
      'products.json',
      [
        { id: '6de1003a-f9b2-47fb-8be1-87f734edb3e5', name: 'A', identifiers: ['X'], unitPrice: 1 },
        { id: '36d075d0-9668-4a9d-9c2b-5b9a5e35e06e', name: 'B', identifiers: ['X'], unitPrice: 1 },
      ],
      /identifier X appears twice/,
    ],
    [
      'a location on two venues',
      'venues.json',
      [
        { id: '6de1003a-f9b2-47fb-8be1-87f734edb3e5', name: 'A', locationIdentifiers: ['L'] },
        { id: '36d075d0-9668-4a9d-9c2b-5b9a5e35e06e', name: 'B', locationIdentifiers: ['L'] },
      ],
      /locationIdentifier L appears twice/,
    ],
  ])('refuses %s', (_name, file, content, message) => {
    const root = copyWith(file, content);
    expect(() => readWllFixtures(root)).toThrow(FixtureError);
    expect(() => readWllFixtures(root)).toThrow(message);
  });

  it('defaults a tenant to UTC and 30 days', () => {
    const root = copyWith('tenant.json', { name: 'T', slug: 't', apiKey: 'k' });
    expect(readWllFixtures(root).tenant).toEqual({ name: 'T', slug: 't', apiKey: 'k', timezone: 'UTC', maxReceiptAgeDays: 30 });
  });

  it('reads a fixtures folder without WLL as no tenant and an empty catalogue', () => {
    const root = mkdtempSync(join(tmpdir(), 'wll-fixtures-'));
    dirs.push(root);
    expect(readWllFixtures(root)).toEqual({ tenant: undefined, products: [], venues: [] });
  });
});
