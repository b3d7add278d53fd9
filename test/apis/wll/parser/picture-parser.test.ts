import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FixtureError } from '../../../../src/fixtures/read-fixture.js';
import { PictureParser, pictureNameOf, readParseFixtures, UNREADABLE } from '../../../../src/apis/wll/parser/picture-parser.js';
import { FIXTURES_DIR } from '../../../helpers/build.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fixtures folder with the given wll/parser files. */
function fixturesWith(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'wll-parser-'));
  dirs.push(root);
  mkdirSync(join(root, 'wll', 'parser'), { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    writeFileSync(join(root, 'wll', 'parser', file), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

const basic = {
  ocrConfidence: 0.9,
  serviceDate: { value: '@today-1d', confidence: 0.9 },
  total: { value: '5.00', confidence: 0.9 },
  lineItems: [{ quantity: 1, description: 'TEA', unitPrice: 5, totalPrice: 5 }],
};

describe('pictureNameOf', () => {
  it.each<[string, string | undefined]>([
    ['https://receipts.sandbox.test/supermarket.jpg', 'supermarket'],
    ['https://receipts.sandbox.test/coffee-shop.jpg', 'coffee-shop'],
    ['https://RECEIPTS.sandbox.test/supermarket.jpg', 'supermarket'],
    ['https://receipts.sandbox.test/supermarket.jpg?v=2#top', 'supermarket'],
    [`https://receipts.sandbox.test/${'a'.repeat(64)}.jpg`, 'a'.repeat(64)],
    // Dot segments are resolved by URL parsing before the name is read: the same picture.
    ['https://receipts.sandbox.test/x/../supermarket.jpg', 'supermarket'],
    [`https://receipts.sandbox.test/${'a'.repeat(65)}.jpg`, undefined],
    ['http://receipts.sandbox.test/supermarket.jpg', undefined],
    ['https://receipts.sandbox.test:8443/supermarket.jpg', undefined],
    ['https://user:pw@receipts.sandbox.test/supermarket.jpg', undefined],
    ['https://receipts.sandbox.test./supermarket.jpg', undefined],
    ['https://evil.test/receipts.sandbox.test/supermarket.jpg', undefined],
    ['https://receipts.sandbox.test.evil.test/supermarket.jpg', undefined],
    ['https://receipts.sandbox.test/Supermarket.jpg', undefined],
    ['https://receipts.sandbox.test/supermarket.JPG', undefined],
    ['https://receipts.sandbox.test/supermarket.jpeg', undefined],
    ['https://receipts.sandbox.test/supermarket', undefined],
    ['https://receipts.sandbox.test/.jpg', undefined],
    ['https://receipts.sandbox.test/folder/supermarket.jpg', undefined],
    ['https://receipts.sandbox.test/super_market.jpg', undefined],
    ['https://receipts.sandbox.test/%73upermarket.jpg', undefined],
    ['https://receipts.sandbox.test/..%2f..%2fpackage.jpg', undefined],
    ['https://receipts.sandbox.test/__proto__.jpg', undefined],
    ['https://example.com/receiptImage.jpg', undefined],
    ['not a url', undefined],
    ['', undefined],
    [`https://receipts.sandbox.test/supermarket.jpg?${'q'.repeat(3000)}`, undefined],
  ])('%s → %s', (url, name) => {
    expect(pictureNameOf(url)).toBe(name);
  });

  it('never throws and answers a safe name or nothing, quickly, whatever the input', () => {
    const urlish = fc.oneof(
      fc.string({ maxLength: 3000 }),
      fc
        .tuple(
          fc.constantFrom('https://', 'http://', 'file://', 'HTTPS://', ''),
          fc.constantFrom('receipts.sandbox.test', 'RECEIPTS.sandbox.test', 'receipts.sandbox.test.', 'u:p@receipts.sandbox.test', 'evil.test'),
          fc.constantFrom('', ':443', ':8443'),
          fc.stringMatching(/^[\w.\-%/~?#@:]{0,80}$/),
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(urlish, (url) => {
        const started = performance.now();
        const name = pictureNameOf(url);
        // Milliseconds, not seconds; the margin over the sub-millisecond cost is for GC pauses on a loaded machine.
        expect(performance.now() - started).toBeLessThan(250);
        if (name !== undefined) expect(name).toMatch(/^[a-z0-9-]{1,64}$/);
      }),
    );
  });
});

describe('PictureParser', () => {
  const NOW = new Date('2025-01-10T20:00:00Z');

  it('reads the shipped parse results', () => {
    expect(PictureParser.load(FIXTURES_DIR).names().sort()).toEqual([
      'blurry',
      'coffee-shop',
      'future-dated',
      'low-confidence',
      'party-basket',
      'stale',
      'supermarket',
      'supermarket-copy',
    ]);
  });

  it("resolves a relative service date against the clock, in the tenant's timezone", () => {
    const parser = PictureParser.load(fixturesWith({ 'tea.json': basic }));
    const url = 'https://receipts.sandbox.test/tea.jpg';
    expect(parser.parse(url, NOW, 'UTC').serviceDate).toEqual({ value: '2025-01-09', confidence: 0.9 });
    // Auckland is already on the 11th.
    expect(parser.parse(url, NOW, 'Pacific/Auckland').serviceDate).toEqual({ value: '2025-01-10', confidence: 0.9 });
  });

  it('gives the parse result without its about text, a fresh copy every time', () => {
    const parser = PictureParser.load(fixturesWith({ 'tea.json': { ...basic, about: 'a cup of tea' } }));
    const first = parser.parse('https://receipts.sandbox.test/tea.jpg', NOW, 'UTC');
    expect(first).not.toHaveProperty('about');
    first.lineItems[0]!.description = 'CHANGED';
    first.total!.value = '0';
    const second = parser.parse('https://receipts.sandbox.test/tea.jpg', NOW, 'UTC');
    expect(second.lineItems[0]!.description).toBe('TEA');
    expect(second.total!.value).toBe('5.00');
  });

  it('parses any other URL as unreadable', () => {
    const parser = PictureParser.load(FIXTURES_DIR);
    const result = parser.parse('https://example.com/receiptImage.jpg', NOW, 'UTC');
    expect(result).toEqual(UNREADABLE);
    result.lineItems.push({ quantity: 1, description: 'x' });
    expect(parser.parse('https://receipts.sandbox.test/nothing-here.jpg', NOW, 'UTC')).toEqual({ ocrConfidence: 0, lineItems: [] });
  });

  it('reads its files once, at load: parsing works after they are gone', () => {
    const root = fixturesWith({ 'tea.json': basic });
    const parser = PictureParser.load(root);
    rmSync(root, { recursive: true, force: true });
    expect(parser.parse('https://receipts.sandbox.test/tea.jpg', NOW, 'UTC').total).toEqual({ value: '5.00', confidence: 0.9 });
  });

  it('has no parse results when the folder is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'wll-parser-'));
    dirs.push(root);
    expect(PictureParser.load(root).names()).toEqual([]);
  });
});

describe('readParseFixtures', () => {
  it('ignores files that are not JSON', () => {
    const root = fixturesWith({ 'tea.json': basic, 'README.md': '# notes' });
    expect([...readParseFixtures(join(root, 'wll', 'parser')).keys()]).toEqual(['tea']);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['invalid JSON', { 'tea.json': '{"ocrConfidence": ' }, /tea\.json is not valid JSON/],
    ['a name outside the charset', { 'Tea_Time.json': basic }, /Tea_Time\.json: a parse result's name must be 1–64 of a-z, 0-9 and -/],
    ['a confidence above 1', { 'tea.json': { ...basic, ocrConfidence: 1.5 } }, /tea\.json is invalid — ocrConfidence: must be between 0 and 1/],
    ['a malformed relative date', { 'tea.json': { ...basic, serviceDate: { value: '@yesterday', confidence: 1 } } }, /serviceDate\.value: must be YYYY-MM-DD, @today/],
    ['an unknown key', { 'tea.json': { ...basic, totl: { value: '1', confidence: 1 } } }, /tea\.json is invalid — \(root\): Unrecognized key: "totl"/],
    ['no line items', { 'tea.json': { ocrConfidence: 1 } }, /lineItems/],
  ])('refuses %s, naming the file and the problem', (_name, files, message) => {
    const root = fixturesWith(files);
    expect(() => readParseFixtures(join(root, 'wll', 'parser'))).toThrow(FixtureError);
    expect(() => readParseFixtures(join(root, 'wll', 'parser'))).toThrow(message);
  });
});
