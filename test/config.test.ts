import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SHIPPED_FIXTURES } from '../src/config.js';
import { FIXTURES_DIR } from './helpers/build.js';

describe('loadConfig', () => {
  it('defaults to CONTRACT §1', () => {
    expect(loadConfig([], {})).toEqual({
      port: 4010,
      host: '127.0.0.1',
      dbPath: './data/sandbox.db',
      fixturesDir: SHIPPED_FIXTURES,
      logLevel: 'info',
      bodyLimit: 1024 * 1024,
      stopWithParent: false,
      kangarooRateLimit: 240,
      journalLimit: 1000,
      outboxLimit: 10_000,
      maxWorkspaces: 1000,
      tlsNames: [],
    });
  });

  it('reads the bounds on what a flood leaves: outbox messages per workspace, workspaces', () => {
    const env = { SANDBOX_OUTBOX_LIMIT: '500', SANDBOX_MAX_WORKSPACES: '20' };
    expect(loadConfig([], env)).toMatchObject({ outboxLimit: 500, maxWorkspaces: 20 });
    expect(loadConfig(['--outbox-limit', '7', '--max-workspaces', '0'], env)).toMatchObject({ outboxLimit: 7, maxWorkspaces: 0 });
    expect(() => loadConfig([], { SANDBOX_OUTBOX_LIMIT: '0' })).toThrow(/outboxLimit/);
    expect(() => loadConfig([], { SANDBOX_MAX_WORKSPACES: '-1' })).toThrow(/maxWorkspaces/);
  });

  it('reads the operator settings: journal limit, CORS origins, HTTPS port and certificate names', () => {
    const env = {
      SANDBOX_JOURNAL_LIMIT: '50',
      SANDBOX_CORS_ORIGINS: 'https://pos.example.com, http://localhost:3000',
      SANDBOX_HTTPS_PORT: '4443',
      SANDBOX_TLS_NAMES: 'sandbox.lan,10.0.0.5,*.pos.test',
    };
    expect(loadConfig([], env)).toMatchObject({
      journalLimit: 50,
      corsOrigins: ['https://pos.example.com', 'http://localhost:3000'],
      httpsPort: 4443,
      tlsNames: ['sandbox.lan', '10.0.0.5', '*.pos.test'],
    });
    expect(loadConfig(['--journal-limit', '0', '--https-port', '8443', '--tls-names', 'a.test'], env)).toMatchObject({
      journalLimit: 0,
      httpsPort: 8443,
      tlsNames: ['a.test'],
    });
  });

  it('stops with its parent when npm started it (npm start, npx)', () => {
    expect(loadConfig([], { npm_lifecycle_event: 'start' }).stopWithParent).toBe(true);
    expect(loadConfig([], { npm_lifecycle_event: 'npx' }).stopWithParent).toBe(true);
  });

  it('finds the shipped fixtures from its own location, not the working folder', () => {
    expect(SHIPPED_FIXTURES).toBe(FIXTURES_DIR);
  });

  it('reads the environment, and flags override it', () => {
    const env = { PORT: '5000', HOST: '0.0.0.0', SANDBOX_DB: ':memory:', SANDBOX_FIXTURES: tmpdir(), LOG_LEVEL: 'warn', SANDBOX_ADMIN_TOKEN: 't' };
    expect(loadConfig([], env)).toMatchObject({ port: 5000, host: '0.0.0.0', dbPath: ':memory:', fixturesDir: tmpdir(), logLevel: 'warn', adminToken: 't' });
    expect(loadConfig(['--port', '6000', '--db', '/tmp/x.db', '--log-level', 'debug'], env)).toMatchObject({
      port: 6000,
      dbPath: '/tmp/x.db',
      logLevel: 'debug',
      host: '0.0.0.0',
    });
  });

  it('reads the webhook delivery settings, which default in the webhook module when unset', () => {
    const env = { SANDBOX_WEBHOOK_ATTEMPTS: '3', SANDBOX_WEBHOOK_BACKOFF_MS: '50', SANDBOX_WEBHOOK_TIMEOUT_MS: '2000' };
    expect(loadConfig([], env)).toMatchObject({ webhookAttempts: 3, webhookBackoffMs: 50, webhookTimeoutMs: 2000 });
    expect(loadConfig(['--webhook-attempts', '5'], env).webhookAttempts).toBe(5);
  });

  it.each([
    [[], { SANDBOX_WEBHOOK_ATTEMPTS: '0' }, /webhookAttempts/],
    [[], { SANDBOX_WEBHOOK_ATTEMPTS: '21' }, /webhookAttempts/],
    [[], { SANDBOX_WEBHOOK_TIMEOUT_MS: '60001' }, /webhookTimeoutMs/],
    [['--webhook-backoff-ms', 'soon'], {}, /webhookBackoffMs/],
    [['--port', 'abc'], {}, /port/],
    [[], { PORT: '70000' }, /port/],
    [[], { LOG_LEVEL: 'loud' }, /logLevel/],
    [[], { SANDBOX_KANGAROO_RATE_LIMIT: 'fast' }, /kangarooRateLimit/],
    [[], { SANDBOX_JOURNAL_LIMIT: '-1' }, /journalLimit/],
    [[], { SANDBOX_CORS_ORIGINS: 'pos.example.com' }, /corsOrigins.*origin such as/],
    [[], { SANDBOX_CORS_ORIGINS: 'https://pos.example.com/path' }, /corsOrigins/],
    [[], { SANDBOX_HTTPS_PORT: '99999' }, /httpsPort/],
    [[], { SANDBOX_TLS_NAMES: 'bad name' }, /tlsNames/],
  ])('refuses %j %j with a clear message', (argv, env, message) => {
    expect(() => loadConfig(argv, env)).toThrow(ConfigError);
    expect(() => loadConfig(argv, env)).toThrow(message);
  });

  it('refuses a fixtures folder that does not exist', () => {
    const missing = join(tmpdir(), 'pos-sandbox-no-such-fixtures');
    expect(() => loadConfig(['--fixtures', missing], {})).toThrow(`the fixtures folder ${missing} does not exist`);
  });

  it('reads the Kangaroo rate limit as requests per minute, off as 0', () => {
    expect(loadConfig([], { SANDBOX_KANGAROO_RATE_LIMIT: 'off' }).kangarooRateLimit).toBe(0);
    expect(loadConfig(['--kangaroo-rate-limit', '30'], { SANDBOX_KANGAROO_RATE_LIMIT: 'off' }).kangarooRateLimit).toBe(30);
  });

  it('refuses an unknown flag', () => {
    expect(() => loadConfig(['--prot', '1'], {})).toThrow(/prot/);
  });
});
