import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureHeader } from '../../src/webhooks/signature.js';
import { verifySignature } from './receiver.js';

describe('signatureHeader', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">, as Stripe documents', () => {
    const body = '{"id":"evt_1","type":"rulrr.integration.finished"}';
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('whsec_test', body, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies with the right secret and body only, and not long after its time', () => {
    const body = '{"a":1}';
    const now = 1_700_000_000_000;
    const header = signatureHeader('whsec_test', body, now / 1000);
    expect(verifySignature(body, header, 'whsec_test', now)).toBe(true);
    expect(verifySignature(body, header, 'whsec_other', now)).toBe(false);
    expect(verifySignature('{"a":2}', header, 'whsec_test', now)).toBe(false);
    expect(verifySignature(body, header, 'whsec_test', now + 301_000)).toBe(false);
  });
});
