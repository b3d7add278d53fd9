import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** The fixtures shipped with pos-sandbox, found from this module so any working folder will do. */
export const SHIPPED_FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4010),
  host: z.string().min(1).default('127.0.0.1'),
  dbPath: z.string().min(1).default('./data/sandbox.db'),
  fixturesDir: z.string().min(1).default(SHIPPED_FIXTURES),
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** When set, every /__admin call needs `Authorization: Bearer <adminToken>`. */
  adminToken: z.string().min(1).optional(),
  /** Request bodies above this many bytes answer 413 in the API's own error body (CONTRACT §4). */
  bodyLimit: z.number().int().positive().default(1024 * 1024),
  /**
   * Stop the server when the process that started it exits. Set when npm started it (`npm start`,
   * `npx`): npm runs the command through `sh -c`, and Debian's sh does not hand over to node, so
   * a `kill <npm's pid>` stops npm and the shell but would leave node serving.
   */
  stopWithParent: z.boolean().default(false),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {}

/** The flags every CLI command understands; each overrides the environment variable beside it. */
export const CONFIG_FLAGS = {
  port: { type: 'string', env: 'PORT', help: 'port to listen on (default 4010)' },
  host: { type: 'string', env: 'HOST', help: 'interface to listen on (default 127.0.0.1)' },
  db: { type: 'string', env: 'SANDBOX_DB', help: 'SQLite file, or :memory: (default ./data/sandbox.db)' },
  fixtures: { type: 'string', env: 'SANDBOX_FIXTURES', help: 'fixtures folder (default: the fixtures/ shipped with pos-sandbox)' },
  'log-level': { type: 'string', env: 'LOG_LEVEL', help: 'pino level (default info)' },
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
