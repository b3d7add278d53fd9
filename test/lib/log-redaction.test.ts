import { Writable } from 'node:stream';
import fc from 'fast-check';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { cpuTimed } from '../helpers/cpu-time.js';
import { loggerOptions, REDACTED, redactUrl, serializeRequest } from '../../src/lib/log-redaction.js';

const R = REDACTED;

describe('redactUrl', () => {
  it.each([
    ['a path without a query', '/rulrr/v1/stores', '/rulrr/v1/stores'],
    ['the client secret', '/rulrr/v1/auth/integration?client_id=pos-demo&client_secret=s3cret', `/rulrr/v1/auth/integration?client_id=pos-demo&client_secret=${R}`],
    ['every token parameter', '/x?integration_token=a&access_token=b&refresh_token=c&token=d', `/x?integration_token=${R}&access_token=${R}&refresh_token=${R}&token=${R}`],
    ['any *_token', '/x?upload_token=a&id_token=b', `/x?upload_token=${R}&id_token=${R}`],
    ['passwords, codes, states and keys', '/x?password=a&code=b&state=c&api_key=d&apikey=e&application_key=f', `/x?password=${R}&code=${R}&state=${R}&api_key=${R}&apikey=${R}&application_key=${R}`],
    ['names in any case', '/x?Client_Secret=a&ACCESS_TOKEN=b', `/x?Client_Secret=${R}&ACCESS_TOKEN=${R}`],
    ['a percent-encoded name, as the query parser reads it', '/x?client%5Fsecret=a&access%5ftoken=b', `/x?client%5Fsecret=${R}&access%5ftoken=${R}`],
    ['a value holding "="', '/x?client_secret=a=b=c&orderId=1', `/x?client_secret=${R}&orderId=1`],
    ['an empty value', '/x?client_secret=&a=1', `/x?client_secret=${R}&a=1`],
    ['a repeated parameter', '/x?access_token=a&access_token=b', `/x?access_token=${R}&access_token=${R}`],
    ['a secret name without a value (nothing to hide)', '/x?client_secret&a=1', '/x?client_secret&a=1'],
    ['names that only look like secret ones', '/x?tokens=a&secret=b&my_tokenx=c&passwords=d', '/x?tokens=a&secret=b&my_tokenx=c&passwords=d'],
    ['other parameters as sent, malformed escapes too', '/x?orderId=%ZZ&workspace=ws0123456789&a+b=c', '/x?orderId=%ZZ&workspace=ws0123456789&a+b=c'],
    ['a malformed name, which no API reads', '/x?%ZZ=1&client_secret%ZZ=2', '/x?%ZZ=1&client_secret%ZZ=2'],
    ['an upload URL', '/rulrr/uploads/customers/rup_ws0123456789_abc', `/rulrr/uploads/customers/${R}`],
    ['an integration token in an admin path', '/__admin/rulrr/integrations/rit_abc/complete?workspace=demo', `/__admin/rulrr/integrations/${R}/complete?workspace=demo`],
    ['access and refresh tokens as path segments', '/a/rat_x/rrt_y', `/a/${R}/${R}`],
    ['a percent-encoded credential segment, which the router decodes', '/rulrr/uploads/customers/%72up_abc', `/rulrr/uploads/customers/${R}`],
    ['an encoded underscore in a segment', '/rulrr/uploads/customers/rup%5Fabc', `/rulrr/uploads/customers/${R}`],
    ['segments that only contain a prefix', '/a/xrup_1/rupture/RUP_1', '/a/xrup_1/rupture/RUP_1'],
    ['a segment with a malformed escape', '/a/%E0%A4%A/rup_1', `/a/%E0%A4%A/${R}`],
    ['a path and a query both', '/rulrr/uploads/customers/rup_a?token=b&x=1', `/rulrr/uploads/customers/${R}?token=${R}&x=1`],
    ['an empty query', '/x?', '/x?'],
    ['an empty URL', '', ''],
  ])('redacts %s', (_, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  const SECRET_NAMES = ['client_secret', 'password', 'code', 'state', 'access_token', 'refresh_token', 'integration_token', 'upload_token', 'token', 'api_key', 'apikey', 'application_key'];
  const randomCase = (text: string) =>
    fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((upper) =>
      [...text].map((char, i) => (upper[i] ? char.toUpperCase() : char)).join(''),
    );
  const encodeSome = (text: string) =>
    fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((encode) =>
      [...text].map((char, i) => (encode[i] ? `%${char.charCodeAt(0).toString(16).padStart(2, '0')}` : char)).join(''),
    );
  const secretName = fc.constantFrom(...SECRET_NAMES).chain(randomCase).chain(encodeSome);
  // `p` and digits can never be a secret name.
  const plainName = fc.nat().map((n) => `p${n}`);
  const value = fc.string({ maxLength: 30 });

  it('replaces the value of every secret parameter and keeps every other one, however the names are written', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(secretName.map((name) => ({ name, secret: true })), plainName.map((name) => ({ name, secret: false }))), value), {
          maxLength: 8,
        }),
        (pairs) => {
          const url = `/rulrr/v1/x?${pairs.map(([{ name }, v]) => `${name}=${encodeURIComponent(v)}`).join('&')}`;
          const redacted = redactUrl(url);
          const parsed = [...new URLSearchParams(redacted.slice(redacted.indexOf('?') + 1)).values()];
          expect(parsed).toEqual(pairs.map(([{ secret }, v]) => (secret ? R : v)));
        },
      ),
    );
  });

  it('never throws and stays linear on any input, however long', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: fc.constantFrom('/', '?', '&', '=', '%', 'r', 'u', 'p', '_', 'a') })), (url) => {
        expect(typeof redactUrl(url)).toBe('string');
      }),
    );
    for (const url of ['/a'.repeat(100_000), `/x?${'a=1&'.repeat(50_000)}`, `/x?${'%'.repeat(200_000)}`, `/${'%E0'.repeat(60_000)}`]) {
      // CPU time: what a quadratic scan burns, and what a busy machine does not inflate.
      expect(cpuTimed(() => redactUrl(url)).cpuMs).toBeLessThan(250);
    }
  });
});

describe('loggerOptions', () => {
  it('serializes requests with the redacted URL', () => {
    const options = loggerOptions('info');
    expect(options.level).toBe('info');
    expect(options.serializers.req).toBe(serializeRequest);
  });

  it('logs a request carrying credential headers without any header', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const app = Fastify({ logger: { ...loggerOptions('info'), stream } });
    app.get('/x', async (request) => {
      request.log.info({ req: request }, 'logged again by a handler');
      return {};
    });
    const headers = { authorization: 'Bearer s3cret-bearer', 'x-api-key': 's3cret-key', 'x-application-key': 's3cret-app', cookie: 'a=s3cret-cookie' };
    expect((await app.inject({ method: 'GET', url: '/x?access_token=s3cret-token', headers })).statusCode).toBe(200);
    await app.close();
    const logged = lines.join('');
    expect(logged).toContain('logged again by a handler');
    expect(logged).toContain(`access_token=${R}`);
    expect(logged).not.toMatch(/s3cret|headers/);
  });
});
