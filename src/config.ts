import { parseArgs } from 'node:util';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

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
  /** Request bodies above this many bytes answer 413 in the API's own error body (CONTRACT §4). */
  bodyLimit: z.number().int().positive().default(1024 * 1024),
  /**
   * Kangaroo's rate limit: requests per minute per access token (240, Kangaroo's), or `off` / 0.
   * A workspace can override it through the admin API; tests build the app with it off.
   */
  kangarooRateLimit: z
    .union([z.literal('off').transform(() => 0), z.coerce.number().int().min(0).max(1_000_000)])
    .default(240),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {}

/** The flags every CLI command understands; each overrides the environment variable beside it. */
export const CONFIG_FLAGS = {
  port: { type: 'string', env: 'PORT', help: 'port to listen on (default 4010)' },
  host: { type: 'string', env: 'HOST', help: 'interface to listen on (default 127.0.0.1)' },
  db: { type: 'string', env: 'SANDBOX_DB', help: 'SQLite file, or :memory: (default ./data/sandbox.db)' },
  fixtures: { type: 'string', env: 'SANDBOX_FIXTURES', help: 'fixtures folder (default ./fixtures)' },
  'log-level': { type: 'string', env: 'LOG_LEVEL', help: 'pino level (default info)' },
  'public-url': { type: 'string', env: 'SANDBOX_PUBLIC_URL', help: 'base of the links the sandbox hands out (default: as reached)' },
  'kangaroo-rate-limit': {
    type: 'string',
    env: 'SANDBOX_KANGAROO_RATE_LIMIT',
    help: 'Kangaroo requests per minute per access token, or off (default 240)',
  },
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
    kangarooRateLimit: pick('kangaroo-rate-limit'),
    adminToken: env.SANDBOX_ADMIN_TOKEN || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration — ${problems.join('; ')}`);
  }
  return parsed.data;
}
