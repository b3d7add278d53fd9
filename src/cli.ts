#!/usr/bin/env node
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './app.js';
import { isMain } from './lib/is-main.js';
import { APIS } from './apis/index.js';
import { CONFIG_FLAGS, loadConfig } from './config.js';
import { startServer } from './server.js';

const COMMANDS = {
  serve: 'start the sandbox (all APIs on one port); seeds an empty database from the fixtures',
  seed: 'load the fixtures into the database if it has never been seeded, then exit',
  reset: 'wipe all state in the database, give back the real clock, reload the fixtures, then exit',
  openapi: 'write one OpenAPI document per API into a folder (--out, default ./openapi), then exit',
} as const;

export function usage(): string {
  const width = Math.max(...Object.keys(CONFIG_FLAGS).map((name) => name.length));
  const flags = Object.entries(CONFIG_FLAGS).map(
    ([name, flag]) => `  --${name.padEnd(width)} ${flag.help}; env ${flag.env}`,
  );
  return [
    'pos-sandbox — a self-hosted emulator of the Rulrr POS integration API (WLL and Kangaroo to follow)',
    '',
    'usage: pos-sandbox <command> [flags]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, help]) => `  ${name.padEnd(12)} ${help}`),
    '',
    'flags (each overrides its environment variable):',
    ...flags,
    `  --${'out'.padEnd(width)} openapi only: the folder to write to`,
    `  --${'help'.padEnd(width)} this text`,
    '',
    'SANDBOX_ADMIN_TOKEN (env only) makes /__admin require "Authorization: Bearer <token>".',
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
  if (!command || command === '--help' || command === '-h' || command === 'help' || rest.includes('--help')) {
    console.log(usage());
    return command ? 0 : 1;
  }
  if (!(command in COMMANDS)) {
    console.error(`pos-sandbox: unknown command "${command}"\n\n${usage()}`);
    return 2;
  }
  const out = takeFlag(rest, 'out') ?? './openapi';
  const config = loadConfig(rest);
  switch (command as keyof typeof COMMANDS) {
    case 'serve':
      await startServer(config);
      return -1;
    case 'seed': {
      const app = await buildApp(config, { logger: false });
      const seededAt = app.workspaces.seededAt();
      console.log(seededAt ? `seeded (${seededAt}): ${config.dbPath}` : 'not seeded');
      await app.close();
      return 0;
    }
    case 'reset': {
      const app = await buildApp(config, { logger: false });
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
        writeFileSync(file, `${JSON.stringify(app.openapiDocument(name), null, 2)}\n`);
        console.log(`wrote ${file}`);
      }
      await app.close();
      return 0;
    }
  }
}

if (isMain(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`pos-sandbox: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
