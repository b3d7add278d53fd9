import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BODY_CAP, journalRow, workspaceNamedBy, type CapturedCall } from '../../src/journal/journal-entry.js';

function call(overrides: Partial<CapturedCall> = {}): CapturedCall {
  return {
    api: 'rulrr',
    workspaceId: 'demo',
    requestId: 'req-1',
    method: 'POST',
    url: '/rulrr/v1/orders',
    host: 'localhost:4010',
    headers: {},
    body: undefined,
    status: 200,
    responseHeaders: { 'content-type': 'application/json; charset=utf-8' },
    responseBody: '{"success":true}',
    durationMs: 1.23456,
    receivedAtMs: Date.parse('2026-03-01T10:00:00Z'),
    fault: null,
    ...overrides,
  };
}

describe('workspaceNamedBy', () => {
  it.each([
    ['a client id', '/rulrr/v1/auth/integration?client_id=pos-ws0123456789&client_secret=x', {}, 'ws0123456789'],
    ['a token in the query', '/rulrr/v1/stores?access_token=rat_wsabcdefghjk_xyz', {}, 'wsabcdefghjk'],
    ['a bearer header', '/rulrr/v1/stores', { authorization: 'Bearer rat_ws0123456789_xyz' }, 'ws0123456789'],
    ['an API key', '/wll/v1/receipts', { 'x-api-key': 'wll_ws0123456789_abc' }, 'ws0123456789'],
    ['an upload path', '/rulrr/uploads/rup_ws0123456789_abc', {}, 'ws0123456789'],
    ['a demo credential', '/rulrr/v1/stores?access_token=rat_abc', {}, undefined],
    ['an id glued to more letters', '/rulrr/v1/stores?access_token=xws0123456789', {}, undefined],
    ['an id one letter short', '/rulrr/v1/stores?client_id=pos-ws012345678', {}, undefined],
  ])('finds the workspace in %s', (_case, url, headers, expected) => {
    expect(workspaceNamedBy({ url, headers })).toBe(expected);
  });
});

describe('journalRow', () => {
  it('splits path and query, masks secret parameters, credential headers and secret fields in both bodies', () => {
    const row = journalRow(
      call({
        url: '/rulrr/v1/auth/integration/token?client_id=pos-demo&client_secret=pos-demo-secret&integration_token=rit_abcdefgh',
        headers: { authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'wll-demo-key', accept: 'application/json' },
        body: { grant_type: 'password', username: 'me', password: 'hunter22', nested: [{ refresh_token: 'rrt_1234567890' }] },
        responseBody: JSON.stringify({ success: true, accessToken: 'rat_secret_value', note: 'token rit_abcdefgh echoed' }),
      }),
    );
    expect(row.path).toBe('/rulrr/v1/auth/integration/token');
    expect(JSON.parse(row.query)).toEqual({ client_id: 'pos-demo', client_secret: '[redacted]', integration_token: '[redacted]' });
    expect(JSON.parse(row.requestHeaders)).toEqual({ authorization: 'Basic [redacted]', 'x-api-key': '[redacted]', accept: 'application/json' });
    expect(JSON.parse(row.requestBody!)).toEqual({
      grant_type: 'password',
      username: 'me',
      password: '[redacted]',
      nested: [{ refresh_token: '[redacted]' }],
    });
    expect(JSON.parse(row.responseBody!)).toEqual({ success: true, accessToken: '[redacted]', note: 'token [redacted] echoed' });
    expect(row).toMatchObject({ workspaceResolved: 1, status: 200, durationMs: 1.235, receivedAt: '2026-03-01T10:00:00.000Z' });
  });

  it('masks the secret path segments of pre-signed URLs', () => {
    expect(journalRow(call({ url: '/rulrr/uploads/rup_abc123?x=1' })).path).toBe('/rulrr/uploads/[redacted]');
  });

  it('keeps text bodies as sent, cuts long ones and says so', () => {
    const csv = `customerId,email\n${'c1,a@b.test\n'.repeat(3000)}`;
    const row = journalRow(call({ body: csv, responseBody: Buffer.from('x'.repeat(BODY_CAP + 10)) }));
    expect(row.requestBody).toBe(csv.slice(0, BODY_CAP));
    expect(row.requestBodyTruncated).toBe(1);
    expect(row.responseBody).toHaveLength(BODY_CAP);
    expect(row.responseBodyTruncated).toBe(1);
    expect(journalRow(call({ body: 'short' }))).toMatchObject({ requestBody: 'short', requestBodyTruncated: 0 });
  });

  it('records no answer for a dropped connection, and the fault that dropped it', () => {
    const row = journalRow(call({ status: 0, responseBody: null, responseHeaders: {}, fault: { id: 3, kind: 'drop' }, workspaceId: null }));
    expect(row).toMatchObject({ status: 0, responseBody: null, fault: '{"id":3,"kind":"drop"}', workspaceResolved: 0 });
  });

  it('keeps a garbled JSON answer as sent', () => {
    expect(journalRow(call({ responseBody: '{"success":tr' })).responseBody).toBe('{"success":tr');
  });

  it('never throws and never keeps a presented secret, whatever the call carries', () => {
    const secret = fc.string({ minLength: 8, maxLength: 40, unit: fc.constantFrom('a', 'b', 'Z', '9', '_', '-') });
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), secret, fc.string({ maxLength: 60 }), (body, token, junk) => {
        const row = journalRow(
          call({
            url: `/rulrr/v1/stores?access_token=${token}&q=${encodeURIComponent(junk)}`,
            headers: { authorization: `Bearer ${token}` },
            body,
            responseBody: JSON.stringify({ echoed: token, body }),
          }),
        );
        expect(JSON.stringify(row)).not.toContain(token);
      }),
    );
  });
});
