import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BACKTRACKING_EMAIL,
  contentType,
  field,
  hostileBodyText,
  hostileJson,
  hostileSegment,
  hostileString,
  KB40,
  likely,
  nestedJsonText,
  queryPairs,
  toJsonText,
} from './hostile-values.js';
import { generatedRequest, hostileHeaders, sandboxForThisFile, type GeneratedBody } from './probe.js';

/** The upload URL from GET /v1/customers, sent generated CSV and JSON customer lists. */
const sandbox = sandboxForThisFile();
let uploadPath: string;

beforeAll(async () => {
  const issued = await sandbox.app.inject({ method: 'GET', url: `/rulrr/v1/customers?access_token=${sandbox.tokens.accessToken}` });
  uploadPath = new URL(issued.json<{ uploadUrl: string }>().uploadUrl).pathname;
});

const COLUMNS = ['customerId', 'firstName', 'lastName', 'email', 'phone', 'marketingOptIn'];
const VALID: Record<string, fc.Arbitrary<string>> = {
  customerId: fc.nat({ max: 500 }).map((n) => `c-${n}`),
  firstName: fc.constantFrom('Ada', 'Grace', '李', ''),
  lastName: fc.constantFrom('Lovelace', 'Hopper', ''),
  email: fc.constantFrom('ada@example.com', ''),
  phone: fc.constantFrom('+14155550123', ''),
  marketingOptIn: fc.constantFrom('true', 'false', ''),
};

/** A CSV cell: as RFC 4180 writes it, always quoted, or raw (stray quotes and all). */
const cell = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.constantFrom('auto', 'quoted', 'raw')).map(([value, how]) => {
    const quoted = `"${value.replace(/"/g, '""')}"`;
    if (how === 'quoted') return quoted;
    if (how === 'raw') return value;
    return /[",\r\n]/.test(value) ? quoted : value;
  });

const csvText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { arbitrary: fc.shuffledSubarray(COLUMNS, { minLength: 1 }), weight: 4 },
      fc.array(fc.oneof(fc.constantFrom(...COLUMNS), hostileString), { maxLength: 8 }),
    ),
    fc.nat({ max: 20 }),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.boolean(),
  )
  .chain(([header, rows, eol, bom]) =>
    fc
      .array(
        fc.tuple(
          ...header.map((name) => cell(fc.oneof({ arbitrary: (Object.hasOwn(VALID, name) && VALID[name]) || hostileString, weight: 3 }, hostileString))),
          fc.array(cell(hostileString), { maxLength: 1 }),
        ),
        { minLength: rows, maxLength: rows },
      )
      .map((lines) => {
        const text = [header.join(','), ...lines.map((cells) => cells.flat().join(','))].join(eol);
        return bom ? `\uFEFF${text}` : text;
      }),
  );

const jsonRow = fc.oneof(
  {
    arbitrary: fc
      .tuple(
        fc.record(
          {
            customerId: fc.oneof({ arbitrary: VALID.customerId!, weight: 4 }, fc.integer(), hostileJson),
            firstName: field('Ada', null),
            lastName: field('Lovelace'),
            email: field('ada@example.com', ''),
            phone: field('+14155550123', null),
            marketingOptIn: field(true, false, 'true', ''),
          },
          { requiredKeys: ['customerId'] },
        ),
        fc.dictionary(hostileString, hostileJson, { maxKeys: 2 }),
      )
      .map(([row, extra]) => ({ ...extra, ...row })),
    weight: 5,
  },
  hostileJson,
);

const jsonText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.array(jsonRow, { maxLength: 20 }).map((customers) => toJsonText({ customers })), weight: 5 },
  hostileJson.map((customers) => toJsonText({ customers })),
  hostileBodyText,
);

function upload(body: fc.Arbitrary<GeneratedBody>) {
  return generatedRequest({
    method: fc.constantFrom('PUT', 'POST'),
    path: fc.oneof(
      { arbitrary: fc.constant(uploadPath), weight: 6 },
      hostileSegment.map((segment) => `/rulrr/uploads/customers/${segment}`),
      fc.constant(`${uploadPath}x`),
    ),
    query: queryPairs(['access_token'], { access_token: likely(sandbox.tokens.accessToken) }),
    headers: hostileHeaders(),
    body,
  });
}

describe('generated customer lists sent to the upload URL', { timeout: 60_000 }, () => {
  it('as CSV', async () => {
    const probe = sandbox.probe('upload CSV');
    const body = fc.oneof(
      { arbitrary: fc.record({ contentType: likely('text/csv', 'text/csv; charset=utf-8', 'text/plain'), payload: csvText }), weight: 6 },
      fc.record({ contentType, payload: csvText }, { requiredKeys: [] }),
      fc.record({ contentType: fc.constant('text/csv'), payload: fc.string({ unit: 'binary', maxLength: 300 }) }),
    );
    const corpus = [
      `customerId,email\nc-1,${BACKTRACKING_EMAIL}`,
      Array.from({ length: 60_000 }, (_, i) => `c${i}`).join(','),
      `customerId\n${'x'.repeat(1_000_000)}`,
      `customerId\n${'"",'.repeat(300_000)}`,
    ].map((payload) => ({ method: 'PUT' as const, url: uploadPath, headers: { 'content-type': 'text/csv' }, payload }));
    await probe.run(upload(body), { seed: 301, numRuns: 400, corpus });
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });

  it('as JSON', async () => {
    const probe = sandbox.probe('upload JSON');
    const body = fc.oneof(
      { arbitrary: fc.record({ contentType: likely('application/json', 'application/json; charset=utf-8'), payload: jsonText }), weight: 6 },
      fc.record({ contentType, payload: jsonText }, { requiredKeys: [] }),
    );
    const corpus = [
      `{"customers":[{"customerId":"c-1","email":${JSON.stringify(BACKTRACKING_EMAIL)}}]}`,
      `{"customers":[{"customerId":"c-1","marketingOptIn":${nestedJsonText(10_000)}}]}`,
      `{"customers":[${nestedJsonText(100_000)}]}`,
      `{"customers":[{"customerId":${JSON.stringify('c'.repeat(KB40))}}]}`,
    ].map((payload) => ({ method: 'POST' as const, url: uploadPath, headers: { 'content-type': 'application/json' }, payload }));
    await probe.run(upload(body), { seed: 302, numRuns: 400, corpus });
    expect(probe.saw(200, 300) && probe.saw(400, 500)).toBe(true);
  });
});
