import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** The fixtures shipped with pos-sandbox, found from this module so any working folder will do. */
export const SHIPPED_FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

/** Outbox messages kept per workspace unless configured otherwise (SANDBOX_OUTBOX_LIMIT). */
export const DEFAULT_OUTBOX_LIMIT = 10_000;
/** Workspaces besides demo unless configured otherwise (SANDBOX_MAX_WORKSPACES): generous, and still a bound on a runaway CI loop. */
export const DEFAULT_MAX_WORKSPACES = 1000;

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
  fixturesDir: z.string().min(1).default(SHIPPED_FIXTURES),
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
  /** Webhook deliveries (README: Webhooks): attempts in all, the first retry's wait (doubling), one attempt's timeout. */
  webhookAttempts: z.coerce.number().int().min(1).max(20).optional(),
  webhookBackoffMs: z.coerce.number().int().min(1).max(3_600_000).optional(),
  webhookTimeoutMs: z.coerce.number().int().min(1).max(60_000).optional(),
  /** Request bodies above this many bytes answer 413 in the API's own error body (CONTRACT §4). */
  bodyLimit: z.number().int().positive().default(1024 * 1024),
  /**
   * Stop the server when the process that started it exits. Set when npm started it (`npm start`,
   * `npx`): npm runs the command through `sh -c`, and Debian's sh does not hand over to node, so
   * a `kill <npm's pid>` stops npm and the shell but would leave node serving.
   */
  stopWithParent: z.boolean().default(false),
  /**
   * Kangaroo's rate limit: requests per minute per access token (240, Kangaroo's), or `off` / 0.
   * A workspace can override it through the admin API; tests build the app with it off.
   */
  kangarooRateLimit: z
    .union([z.literal('off').transform(() => 0), z.coerce.number().int().min(0).max(1_000_000)])
    .default(240),
  /** The request journal keeps this many calls per workspace, dropping the oldest; 0 turns it off. */
  journalLimit: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  /** The outbox keeps this many messages per workspace, dropping the oldest (webhook deliveries keep their own copy). */
  outboxLimit: z.coerce.number().int().min(1).max(1_000_000).default(DEFAULT_OUTBOX_LIMIT),
  /** Workspaces besides demo that may exist at once; POST /__admin/workspaces answers 409 past it. */
  maxWorkspaces: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_MAX_WORKSPACES),
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
  fixtures: { type: 'string', env: 'SANDBOX_FIXTURES', help: 'fixtures folder (default: the fixtures/ shipped with pos-sandbox)' },
  'log-level': { type: 'string', env: 'LOG_LEVEL', help: 'pino level (default info)' },
  'public-url': { type: 'string', env: 'SANDBOX_PUBLIC_URL', help: 'base of the links the sandbox hands out (default: as reached)' },
  instance: { type: 'string', env: 'SANDBOX_INSTANCE', help: 'tag the workspace ids this instance mints start with (scale-out)' },
  'webhook-attempts': { type: 'string', env: 'SANDBOX_WEBHOOK_ATTEMPTS', help: 'attempts per webhook delivery, 1-20 (default 8)' },
  'webhook-backoff-ms': { type: 'string', env: 'SANDBOX_WEBHOOK_BACKOFF_MS', help: 'wait before the first retry, doubling after (default 1000)' },
  'webhook-timeout-ms': { type: 'string', env: 'SANDBOX_WEBHOOK_TIMEOUT_MS', help: 'time one delivery attempt may take (default 10000)' },
  'kangaroo-rate-limit': {
    type: 'string',
    env: 'SANDBOX_KANGAROO_RATE_LIMIT',
    help: 'Kangaroo requests per minute per access token, or off (default 240)',
  },
  'journal-limit': { type: 'string', env: 'SANDBOX_JOURNAL_LIMIT', help: 'request journal entries kept per workspace (default 1000; 0 = off)' },
  'outbox-limit': { type: 'string', env: 'SANDBOX_OUTBOX_LIMIT', help: `outbox messages kept per workspace (default ${DEFAULT_OUTBOX_LIMIT})` },
  'max-workspaces': { type: 'string', env: 'SANDBOX_MAX_WORKSPACES', help: `workspaces besides demo that may exist at once (default ${DEFAULT_MAX_WORKSPACES})` },
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
    webhookAttempts: pick('webhook-attempts'),
    webhookBackoffMs: pick('webhook-backoff-ms'),
    webhookTimeoutMs: pick('webhook-timeout-ms'),
    kangarooRateLimit: pick('kangaroo-rate-limit'),
    journalLimit: pick('journal-limit'),
    outboxLimit: pick('outbox-limit'),
    maxWorkspaces: pick('max-workspaces'),
    corsOrigins: list(pick('cors-origins')),
    httpsPort: pick('https-port'),
    tlsNames: list(pick('tls-names')),
    adminToken: env.SANDBOX_ADMIN_TOKEN || undefined,
    stopWithParent: Boolean(env.npm_lifecycle_event),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration — ${problems.join('; ')}`);
  }
  // Checked here, before anything is created: a mistyped folder must not leave a database behind.
  const { fixturesDir } = parsed.data;
  if (!statSync(fixturesDir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ConfigError(`the fixtures folder ${fixturesDir} does not exist (SANDBOX_FIXTURES / --fixtures)`);
  }
  return parsed.data;
}
