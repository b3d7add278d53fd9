import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('defaults to CONTRACT §1', () => {
    expect(loadConfig([], {})).toEqual({
      port: 4010,
      host: '127.0.0.1',
      dbPath: './data/sandbox.db',
      fixturesDir: './fixtures',
      logLevel: 'info',
      bodyLimit: 1024 * 1024,
      kangarooRateLimit: 240,
    });
  });

  it('reads the environment, and flags override it', () => {
    const env = { PORT: '5000', HOST: '0.0.0.0', SANDBOX_DB: ':memory:', SANDBOX_FIXTURES: '/f', LOG_LEVEL: 'warn', SANDBOX_ADMIN_TOKEN: 't' };
    expect(loadConfig([], env)).toMatchObject({ port: 5000, host: '0.0.0.0', dbPath: ':memory:', fixturesDir: '/f', logLevel: 'warn', adminToken: 't' });
    expect(loadConfig(['--port', '6000', '--db', '/tmp/x.db', '--log-level', 'debug'], env)).toMatchObject({
      port: 6000,
      dbPath: '/tmp/x.db',
      logLevel: 'debug',
      host: '0.0.0.0',
    });
  });

  it.each([
    [['--port', 'abc'], {}, /port/],
    [[], { PORT: '70000' }, /port/],
    [[], { LOG_LEVEL: 'loud' }, /logLevel/],
    [[], { SANDBOX_KANGAROO_RATE_LIMIT: 'fast' }, /kangarooRateLimit/],
  ])('refuses %j %j with a clear message', (argv, env, message) => {
    expect(() => loadConfig(argv, env)).toThrow(ConfigError);
    expect(() => loadConfig(argv, env)).toThrow(message);
  });

  it('reads the Kangaroo rate limit as requests per minute, off as 0', () => {
    expect(loadConfig([], { SANDBOX_KANGAROO_RATE_LIMIT: 'off' }).kangarooRateLimit).toBe(0);
    expect(loadConfig(['--kangaroo-rate-limit', '30'], { SANDBOX_KANGAROO_RATE_LIMIT: 'off' }).kangarooRateLimit).toBe(30);
  });

  it('refuses an unknown flag', () => {
    expect(() => loadConfig(['--prot', '1'], {})).toThrow(/prot/);
  });
});
