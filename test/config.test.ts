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
      journalLimit: 1000,
      tlsNames: [],
    });
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
    [[], { SANDBOX_JOURNAL_LIMIT: '-1' }, /journalLimit/],
    [[], { SANDBOX_CORS_ORIGINS: 'pos.example.com' }, /corsOrigins.*origin such as/],
    [[], { SANDBOX_CORS_ORIGINS: 'https://pos.example.com/path' }, /corsOrigins/],
    [[], { SANDBOX_HTTPS_PORT: '99999' }, /httpsPort/],
    [[], { SANDBOX_TLS_NAMES: 'bad name' }, /tlsNames/],
  ])('refuses %j %j with a clear message', (argv, env, message) => {
    expect(() => loadConfig(argv, env)).toThrow(ConfigError);
    expect(() => loadConfig(argv, env)).toThrow(message);
  });

  it('refuses an unknown flag', () => {
    expect(() => loadConfig(['--prot', '1'], {})).toThrow(/prot/);
  });
});
