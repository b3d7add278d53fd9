import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../helpers/build.js';
import { DEMO_KEY, mintToken, newWorkspace, picture, USER, wll } from '../../../helpers/wll.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildTestApp();
});
afterEach(() => app.close());

const failure = (name: string, httpCode: number) => ({ status: 'fail', data: { name, httpCode, message: expect.any(String) } });

describe('the three documented levels of authorization', () => {
  it('answers 403 InvalidApiKeyError without an X-Api-Key, or with one that names no tenant', async () => {
    const admin = await mintToken(app, 'admin');
    for (const apiKey of [null, 'wll-nope', 'x'.repeat(600)]) {
      const response = await wll(app, '/receipts', { token: admin, apiKey });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual(failure('InvalidApiKeyError', 403));
    }
  });

  it('checks the API key before the token and before the body', async () => {
    const response = await wll(app, '/receipts', { apiKey: 'wll-nope', token: 'garbage', body: { useParser: 'maybe' } });
    expect(response.json().data.name).toBe('InvalidApiKeyError');
    const noToken = await wll(app, '/receipts', { body: { useParser: 'maybe' } });
    expect(noToken.json().data.name).toBe('UnauthorizedError');
  });

  it('answers 401 UnauthorizedError, naming the Bearer scheme, without a token or with one that does not verify', async () => {
    for (const headers of [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer not.a.jwt' }, { authorization: 'Bearer a.b.c' }] as Array<Record<string, string>>) {
      const response = await wll(app, '/receipts', { headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual(failure('UnauthorizedError', 401));
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('answers 403 ForbiddenError to a user token on an admin call', async () => {
    const user = await mintToken(app, 'user');
    for (const path of ['/receipts', '/orders', '/transactions-rule-engine/rule-sets']) {
      const response = await wll(app, path, { token: user });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual(failure('ForbiddenError', 403));
      expect(response.json().data.message).toMatch(/admin:receipts/);
    }
  });

  it('lets a user token claim for its own user only, and only in default mode', async () => {
    const user = await mintToken(app, 'user', { authIdentifier: USER });
    const own = await wll(app, '/receipts', { token: user, body: { useParser: true, pictureUrl: picture('coffee-shop') } });
    expect(own.statusCode).toBe(200);
    const someoneElse = await wll(app, '/receipts', {
      token: user,
      body: { useParser: true, pictureUrl: picture('coffee-shop'), submitter: { authIdentifier: 'another-user' } },
    });
    expect(someoneElse.statusCode).toBe(403);
    expect(someoneElse.json().data.name).toBe('ForbiddenError');
  });

  it('asks an admin token claiming in default mode to name the submitter', async () => {
    const admin = await mintToken(app, 'admin');
    const response = await wll(app, '/receipts', { token: admin, body: { useParser: true, pictureUrl: picture('coffee-shop') } });
    expect(response.statusCode).toBe(400);
    expect(response.json().data).toMatchObject({ name: 'BadRequestError', message: expect.stringMatching(/submitter\.authIdentifier is required/) });
    const named = await wll(app, '/receipts', {
      token: admin,
      body: { useParser: true, pictureUrl: picture('coffee-shop'), submitter: { authIdentifier: USER } },
    });
    const receipt = await wll(app, `/receipts/${named.json().data.id}`, { token: admin });
    expect(receipt.json().data.submitter).toEqual({ authIdentifier: USER });
  });

  it("judges a token's expiry by the workspace's sandbox clock", async () => {
    const admin = await mintToken(app, 'admin', { expiresIn: 60 });
    expect((await wll(app, '/receipts', { token: admin })).statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/__admin/clock', payload: { advanceBy: 'PT2M' } });
    const expired = await wll(app, '/receipts', { token: admin });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().data.message).toMatch(/expired/);
    await app.inject({ method: 'DELETE', url: '/__admin/clock' });
    expect((await wll(app, '/receipts', { token: admin })).statusCode).toBe(200);
  });

  it("names the reviewer from the admin token: issuer, user and display name", async () => {
    const admin = await mintToken(app, 'admin', { authIdentifier: 'reviewer-7', name: 'Jane Doe' });
    const user = await mintToken(app, 'user');
    const id = (await wll(app, '/receipts', { token: user, body: { useParser: true, pictureUrl: picture('blurry') } })).json().data.id;
    const review = await wll(app, `/receipts/${id}/reviews`, { token: admin, body: { verdict: 'AUTHORIZE', reason: 'VERIFIED' } });
    expect(review.json().data.reviwer).toEqual({
      authIssuer: 'https://auth.receipts.sandbox.test/demo/',
      authIdentifier: 'reviewer-7',
      name: 'Jane Doe',
    });
  });
});

describe('POST /__admin/wll/tokens and the JWKS', () => {
  it('mints RS256 tokens the JWKS verifies, admin ones with the admin:receipts scope', async () => {
    const jwks = await app.inject({ method: 'GET', url: '/wll/.well-known/jwks.json' });
    expect(jwks.statusCode).toBe(200);
    const keys = createLocalJWKSet(jwks.json());
    const { payload, protectedHeader } = await jwtVerify(await mintToken(app, 'admin'), keys);
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: 'admin-1', scope: 'admin:receipts', aud: 'https://api.receipts.wlloyalty.net', wll_ws: 'demo' });
    expect((await jwtVerify(await mintToken(app, 'user'), keys)).payload.scope).toBeUndefined();
  });

  it('refuses a key that names no tenant, and a body that is not a token request, in the admin envelope', async () => {
    const unknown = await app.inject({ method: 'POST', url: '/__admin/wll/tokens', payload: { apiKey: 'nope', type: 'admin', authIdentifier: 'a' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(/apiKey/) });
    const wrong = await app.inject({ method: 'POST', url: '/__admin/wll/tokens', payload: { apiKey: DEMO_KEY, type: 'root', authIdentifier: 'a' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toBe('invalid_request');
  });

  it("lists one workspace's key per ?workspace=, and answers 404 for a workspace that does not exist", async () => {
    const other = await newWorkspace(app);
    await mintToken(app, 'admin', { apiKey: other.apiKey });
    const demo = (await app.inject({ url: '/wll/.well-known/jwks.json?workspace=demo' })).json().keys;
    const theirs = (await app.inject({ url: `/wll/.well-known/jwks.json?workspace=${other.id}` })).json().keys;
    expect(demo).toHaveLength(1);
    expect(theirs).toHaveLength(1);
    expect(theirs[0].kid).not.toBe(demo[0].kid);
    const missing = await app.inject({ url: '/wll/.well-known/jwks.json?workspace=ws0000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual(failure('NotFoundError', 404));
    const malformed = await app.inject({ url: '/wll/.well-known/jwks.json?workspace=../etc' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().data.name).toBe('BadRequestError');
  });
});

describe('workspace isolation', () => {
  it("shows one workspace's receipts, orders and rule sets to its own key only", async () => {
    const other = await newWorkspace(app);
    expect(other.apiKey).toMatch(new RegExp(`^wll_${other.id}_`));
    const theirAdmin = await mintToken(app, 'admin', { apiKey: other.apiKey });
    const theirUser = await mintToken(app, 'user', { apiKey: other.apiKey });
    const receipt = (
      await wll(app, '/receipts', { apiKey: other.apiKey, token: theirUser, body: { useParser: true, pictureUrl: picture('supermarket') } })
    ).json().data;
    expect(receipt.status).toBe('AUTHORIZED');
    const order = (
      await wll(app, '/orders', { apiKey: other.apiKey, token: theirAdmin, body: { submitter: { authIdentifier: USER }, lineItems: [] } })
    ).json().data;
    const ruleSet = (
      await wll(app, '/transactions-rule-engine/rule-sets', { apiKey: other.apiKey, token: theirAdmin, body: { isActive: false } })
    ).json().data;

    const admin = await mintToken(app, 'admin');
    expect((await wll(app, '/receipts', { token: admin })).json().data).toEqual([]);
    expect((await wll(app, '/orders', { token: admin })).json().data).toEqual([]);
    expect((await wll(app, '/transactions-rule-engine/rule-sets', { token: admin })).json().data).toEqual([]);
    for (const path of [`/receipts/${receipt.id}`, `/receipts/${receipt.id}/reviews`, `/orders/${order.id}`, `/transactions-rule-engine/rule-sets/${ruleSet.id}`]) {
      expect((await wll(app, path, { token: admin })).statusCode, path).toBe(404);
    }
    expect((await wll(app, `/receipts/${receipt.id}/reviews`, { token: admin, body: { verdict: 'REJECT', reason: 'TEST' } })).statusCode).toBe(404);

    // The same barcode is a fresh claim in another workspace: duplicates are per workspace.
    const user = await mintToken(app, 'user');
    const mine = await wll(app, '/receipts', { token: user, body: { useParser: true, pictureUrl: picture('supermarket') } });
    expect(mine.json().data.status).toBe('AUTHORIZED');
  });

  it('refuses a token minted for one workspace on another, whichever key it comes with', async () => {
    const other = await newWorkspace(app);
    const theirs = await mintToken(app, 'admin', { apiKey: other.apiKey });
    const demoAdmin = await mintToken(app, 'admin');
    const crossed = await wll(app, '/receipts', { token: theirs });
    expect(crossed.statusCode).toBe(401);
    expect(crossed.json().data.name).toBe('UnauthorizedError');
    expect((await wll(app, '/receipts', { apiKey: other.apiKey, token: demoAdmin })).statusCode).toBe(401);
    expect((await wll(app, '/receipts', { apiKey: other.apiKey, token: theirs })).statusCode).toBe(200);
  });

  it("refuses tokens minted before a workspace was reset, and the old workspace's key once it is deleted", async () => {
    const other = await newWorkspace(app);
    const before = await mintToken(app, 'admin', { apiKey: other.apiKey });
    await app.inject({ method: 'POST', url: `/__admin/workspaces/${other.id}/reset` });
    expect((await wll(app, '/receipts', { apiKey: other.apiKey, token: before })).statusCode).toBe(401);
    const after = await mintToken(app, 'admin', { apiKey: other.apiKey });
    expect((await wll(app, '/receipts', { apiKey: other.apiKey, token: after })).statusCode).toBe(200);
    await app.inject({ method: 'DELETE', url: `/__admin/workspaces/${other.id}` });
    expect((await wll(app, '/receipts', { apiKey: other.apiKey, token: after })).json().data.name).toBe('InvalidApiKeyError');
  });
});
