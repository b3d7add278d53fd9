import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, VERSION } from './app.js';
import { APIS } from './apis/index.js';
import { CONFIG_FLAGS, loadConfig } from './config.js';
import { otherFixturesNote } from './fixtures/other-fixtures-note.js';
import { RECORD_USAGE, REPLAY_USAGE } from './scenarios/command-usage.js';
import { buildOnDatabase, startServer } from './start-server.js';

const COMMANDS = {
  serve: 'start the sandbox (all APIs on one port); seeds an empty database from the fixtures',
  seed: 'load the fixtures into the database if it has never been seeded, then exit',
  reset: 'wipe all state in the database, give back the real clock, reload the fixtures, then exit',
  openapi: 'write one OpenAPI document per API into a folder (--out, default ./openapi), then exit',
  replay: 'run scenario files against a running sandbox, each in a fresh workspace; report, JUnit XML, exit code',
  record: 'a proxy that forwards a POS\'s calls to an upstream API and writes what it saw as a scenario file',
} as const;

/** What is served where (CONTRACT §2). */
const SERVED = [
  ['Rulrr POS integration', '/rulrr', 'or Host: api.rulrr.com, connect.rulrr.com'],
  ['White Label Loyalty Receipts Core', '/wll/v1', 'or Host: api.receipts.wlloyalty.net'],
  ['Kangaroo Rewards integrations', '/kangaroo/api/v1', 'or Host: integrations.kangarooapis.com'],
  ["the sandbox's own controls", '/__admin', 'OpenAPI: /openapi/<name>.json, UI: /docs'],
] as const;

export function usage(): string {
  const width = Math.max(...Object.keys(CONFIG_FLAGS).map((name) => name.length));
  const flags = Object.entries(CONFIG_FLAGS).map(
    ([name, flag]) => `  --${name.padEnd(width)} ${flag.help}; env ${flag.env}`,
  );
  return [
    'pos-sandbox — a self-hosted emulator of the APIs point-of-sale software integrates with, on one port:',
    ...SERVED.map(([what, path, more]) => `  ${what.padEnd(36)}${path.padEnd(19)}${more}`),
    '',
    'usage: pos-sandbox <command> [flags]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, help]) => `  ${name.padEnd(12)} ${help}`),
    '',
    'flags (each overrides its environment variable):',
    ...flags,
    `  --${'out'.padEnd(width)} openapi only: the folder to write to`,
    `  --${'help, -h'.padEnd(width)} this text`,
    `  --${'version, -v'.padEnd(width)} the version`,
    '',
    'SANDBOX_ADMIN_TOKEN (env only) makes /__admin (all but /__admin/health) require "Authorization: Bearer <token>"; replay sends it.',
    '',
    REPLAY_USAGE,
    '',
    RECORD_USAGE,
  ].join('\n');
}

function takeFlag(args: string[], name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  if (at === -1) return undefined;
  const [, value] = args.splice(at, 2);
  return value;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    console.log(VERSION);
    return 0;
  }
  if (!command || command === '--help' || command === '-h' || command === 'help' || rest.includes('--help')) {
    console.log(usage());
    return command ? 0 : 1;
  }
  if (!(command in COMMANDS)) {
    console.error(`pos-sandbox: unknown command "${command}"\n\n${usage()}`);
    return 2;
  }
  if (command === 'replay') {
    // Replay reads only PORT (its default base URL) and SANDBOX_ADMIN_TOKEN from the configuration; its flags are its own.
    const config = loadConfig([]);
    // Loaded by the commands that use them: the others (serve among them) skip yaml and the scenario runner.
    const { replayCommand } = await import('./scenarios/replay-command.js');
    return replayCommand(rest, {
      defaultBaseUrl: `http://127.0.0.1:${config.port}`,
      adminToken: config.adminToken,
      print: (text) => console.log(text),
      printError: (text) => console.error(text),
    });
  }
  if (command === 'record') {
    const stopped = new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    const { recordCommand } = await import('./scenarios/record-command.js');
    return recordCommand(rest, { print: (text) => console.log(text), printError: (text) => console.error(text), stopped });
  }
  const out = takeFlag(rest, 'out') ?? './openapi';
  const config = loadConfig(rest);
  switch (command as Exclude<keyof typeof COMMANDS, 'replay' | 'record'>) {
    case 'serve':
      await startServer(config);
      return -1;
    case 'seed': {
      const app = await buildOnDatabase(config, { logger: false });
      const seededAt = app.workspaces.seededAt();
      console.log(seededAt ? `seeded (${seededAt}): ${config.dbPath}` : 'not seeded');
      const note = otherFixturesNote(app.workspaces, config);
      if (note) console.error(`pos-sandbox: ${note}`);
      await app.close();
      return 0;
    }
    case 'reset': {
      const app = await buildOnDatabase(config, { logger: false });
      const loaded = await app.workspaces.resetAll();
      console.log(`reset ${config.dbPath}: ${JSON.stringify(loaded)}`);
      await app.close();
      return 0;
    }
    case 'openapi': {
      const app = await buildApp({ ...config, dbPath: ':memory:' }, { logger: false });
      await app.ready();
      mkdirSync(out, { recursive: true });
      for (const name of [...APIS.map((api) => api.name), 'admin']) {
        const file = join(out, `${name}.json`);
        writeFileSync(file, `${JSON.stringify(await app.openapiDocument(name), null, 2)}\n`);
        console.log(`wrote ${file}`);
      }
      await app.close();
      return 0;
    }
  }
}
