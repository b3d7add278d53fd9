import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `https://pos.example.com`, `http://localhost:3000`: what a browser sends as Origin. */
const corsOrigin = z.string().refine((origin) => URL.canParse(origin) && new URL(origin).origin === origin && /^https?:/.test(origin), {
  message: 'must be an origin such as https://pos.example.com (scheme, host and port only)',
});

/** A DNS name (a leading `*.` for a wildcard) or an IP address, for the HTTPS certificate. */
const tlsName = z
  .string()
  .refine((name) => isIP(name) !== 0 || /^(?:\*\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(name), {
    message: 'must be a host name (optionally *.name) or an IP address',
  });

export const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4010),
  host: z.string().min(1).default('127.0.0.1'),
  dbPath: z.string().min(1).default('./data/sandbox.db'),
  fixturesDir: z.string().min(1).default('./fixtures'),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** When set, every /__admin call needs `Authorization: Bearer <adminToken>`. */
  adminToken: z.string().min(1).optional(),
  /** Where links the sandbox hands out point (upload URLs, e-receipt links), e.g. http://pos-sandbox:4010. */
  publicUrl: z.url({ protocol: /^https?$/ }).max(200).optional(),
  /**
   * Set on each of several sandbox instances behind one proxy: the workspace ids this instance
   * mints start with it (`ws<tag>…`), so the proxy can route a workspace's traffic by its id.
   */
  instance: z.string().regex(/^[0-9a-z]{1,4}$/, 'must be 1 to 4 lower-case letters or digits').optional(),
  /** Request bodies above this many bytes answer 413 in the API's own error body (CONTRACT §4). */
  bodyLimit: z.number().int().positive().default(1024 * 1024),
  /** The request journal keeps this many calls per workspace, dropping the oldest; 0 turns it off. */
  journalLimit: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  /** Origins a browser may call the emulated APIs from; any origin when unset. */
  corsOrigins: z.array(corsOrigin).min(1).max(100).optional(),
  /** When set, HTTPS is served on this port too, with certificates from the sandbox's own CA. */
  httpsPort: z.coerce.number().int().min(0).max(65535).optional(),
  /** Names the HTTPS certificate covers beside the vendors' hosts, localhost and 127.0.0.1. */
  tlsNames: z.array(tlsName.max(253)).max(100).default([]),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {}

/** A comma-separated setting as a list; blank entries are dropped. */
function list(value: string | undefined): string[] | undefined {
  return value?.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** The flags every CLI command understands; each overrides the environment variable beside it. */
export const CONFIG_FLAGS = {
  port: { type: 'string', env: 'PORT', help: 'port to listen on (default 4010)' },
  host: { type: 'string', env: 'HOST', help: 'interface to listen on (default 127.0.0.1)' },
  db: { type: 'string', env: 'SANDBOX_DB', help: 'SQLite file, or :memory: (default ./data/sandbox.db)' },
  fixtures: { type: 'string', env: 'SANDBOX_FIXTURES', help: 'fixtures folder (default ./fixtures)' },
  'log-level': { type: 'string', env: 'LOG_LEVEL', help: 'pino level (default info)' },
  'public-url': { type: 'string', env: 'SANDBOX_PUBLIC_URL', help: 'base of the links the sandbox hands out (default: as reached)' },
  instance: { type: 'string', env: 'SANDBOX_INSTANCE', help: 'tag the workspace ids this instance mints start with (scale-out)' },
  'journal-limit': { type: 'string', env: 'SANDBOX_JOURNAL_LIMIT', help: 'request journal entries kept per workspace (default 1000; 0 = off)' },
  'cors-origins': { type: 'string', env: 'SANDBOX_CORS_ORIGINS', help: 'comma-separated origins browsers may call from (default: any)' },
  'https-port': { type: 'string', env: 'SANDBOX_HTTPS_PORT', help: 'also serve HTTPS on this port, with a local CA (default: off)' },
  'tls-names': { type: 'string', env: 'SANDBOX_TLS_NAMES', help: 'comma-separated extra host names or IPs for the HTTPS certificate' },
} as const;

type FlagName = keyof typeof CONFIG_FLAGS;

/**
 * Reads the configuration once, from the environment and then the CLI flags (flags win),
 * and validates it. The only place in the project that reads process.env.
 */
export function loadConfig(argv: string[] = [], env: NodeJS.ProcessEnv = process.env): Config {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.keys(CONFIG_FLAGS).map((name) => [name, { type: 'string' as const }])),
    allowPositionals: true,
    strict: true,
  });
  const pick = (flag: FlagName): string | undefined => {
    const fromFlag = values[flag];
    if (typeof fromFlag === 'string') return fromFlag;
    const fromEnv = env[CONFIG_FLAGS[flag].env];
    return fromEnv === '' ? undefined : fromEnv;
  };
  const parsed = configSchema.safeParse({
    port: pick('port'),
    host: pick('host'),
    dbPath: pick('db'),
    fixturesDir: pick('fixtures'),
    logLevel: pick('log-level'),
    publicUrl: pick('public-url'),
    instance: pick('instance'),
    journalLimit: pick('journal-limit'),
    corsOrigins: list(pick('cors-origins')),
    httpsPort: pick('https-port'),
    tlsNames: list(pick('tls-names')),
    adminToken: env.SANDBOX_ADMIN_TOKEN || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration — ${problems.join('; ')}`);
  }
  return parsed.data;
}
