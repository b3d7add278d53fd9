import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (name: string) => readFileSync(`${root}${name}`, 'utf8');

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}

/** Dockerfile → instructions: comments dropped, `\` continuations joined, each tagged with its stage (FROM index). */
function parseDockerfile(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  if (current.trim() !== '') logical.push(current.trim());
  let stage = -1;
  return logical.map((line) => {
    const match = /^(\S+)\s*(.*)$/s.exec(line);
    const keyword = (match?.[1] ?? '').toUpperCase();
    if (keyword === 'FROM') stage += 1;
    return { keyword, args: (match?.[2] ?? '').trim(), stage };
  });
}

/** `ENV A=1 B="x y"` (and the legacy `ENV A 1`) → a map. */
function parseEnv(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pairs = [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))/g)];
  if (pairs.length === 0) {
    const [name, ...rest] = args.split(/\s+/);
    if (name) out[name] = rest.join(' ');
    return out;
  }
  for (const pair of pairs) out[pair[1]!] = pair[3] ?? pair[4] ?? pair[5] ?? '';
  return out;
}

/** Exec form (`["a","b"]`) → its array; shell form → `['/bin/sh', '-c', text]`. */
function execForm(args: string): string[] {
  if (args.startsWith('[')) {
    const parsed: unknown = JSON.parse(args);
    expect(Array.isArray(parsed)).toBe(true);
    return parsed as string[];
  }
  return ['/bin/sh', '-c', args];
}

const HEALTH_PATH = '/__admin/health';

/** The healthcheck command must use node (no curl in slim images) and request the health path. */
function expectNodeHealthProbe(command: string[]): void {
  const joined = command.join(' ');
  expect(command.includes('node') || /(^|\s)node\s/.test(joined)).toBe(true);
  expect(joined).toContain(HEALTH_PATH);
  expect(joined).not.toMatch(/\b(curl|wget)\b/);
}

describe('Dockerfile', () => {
  const instructions = parseDockerfile(read('Dockerfile'));
  const of = (keyword: string) => instructions.filter((i) => i.keyword === keyword);
  const finalStage = Math.max(...instructions.map((i) => i.stage));
  const final = (keyword: string) => of(keyword).filter((i) => i.stage === finalStage);
  const env = Object.assign({}, ...final('ENV').map((i) => parseEnv(i.args))) as Record<string, string>;

  it('is multi-stage and every stage starts FROM node:24-slim', () => {
    const froms = of('FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      const image = from.args.split(/\s+/).find((word) => !word.startsWith('--'));
      expect(image).toBe('node:24-slim');
    }
  });

  it('builds with npm ci and drops dev dependencies before the runtime stage', () => {
    const buildRuns = of('RUN').filter((i) => i.stage < finalStage).map((i) => i.args);
    expect(buildRuns.some((run) => /\bnpm ci\b/.test(run))).toBe(true);
    expect(buildRuns.some((run) => /\bnpm prune\b.*--omit=dev/.test(run))).toBe(true);
    expect(buildRuns.some((run) => /apt-get install[^&]*\bpython3\b[^&]*\bmake\b[^&]*\bg\+\+/.test(run))).toBe(true);
  });

  it('builds better-sqlite3 on Node 24 against 24.18.1 headers, before npm ci (nodejs/node#65446)', () => {
    const install = of('RUN').find((i) => i.stage < finalStage && /\bnpm ci\b/.test(i.args))!.args;
    const pin = install.indexOf('node-linux-${arch}@24.18.1');
    expect(pin).toBeGreaterThan(-1);
    expect(install.indexOf('npm_config_nodedir="/tmp/node-headers/node_modules/node-linux-${arch}"')).toBeGreaterThan(pin);
    expect(install.indexOf('npm ci')).toBeGreaterThan(pin);
  });

  it('runs as a non-root user in the final stage', () => {
    const users = final('USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args.split(':')[0];
    expect(user).not.toBe('');
    expect(['root', '0']).not.toContain(user);
  });

  it('listens on all interfaces, port 4010, in production mode', () => {
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.PORT).toBe('4010');
    expect(env.NODE_ENV).toBe('production');
  });

  it('keeps the database under /data and declares /data a volume', () => {
    expect(env.SANDBOX_DB).toMatch(/^\/data\/[^/]+$/);
    const volumes = final('VOLUME').flatMap((i) => (i.args.startsWith('[') ? (JSON.parse(i.args) as string[]) : i.args.split(/\s+/)));
    expect(volumes).toContain('/data');
  });

  it('ships the fixtures where SANDBOX_FIXTURES points', () => {
    expect(env.SANDBOX_FIXTURES).toMatch(/^\//);
    // Resolve each COPY destination against the WORKDIR in force at that point of the final stage.
    let workdir = '/';
    const destinations: string[] = [];
    for (const i of instructions.filter((x) => x.stage === finalStage)) {
      if (i.keyword === 'WORKDIR') workdir = posix.resolve(workdir, i.args);
      if (i.keyword === 'COPY' && !i.args.includes('--from')) {
        const words = i.args.split(/\s+/).filter((w) => !w.startsWith('--'));
        if (words[0] === 'fixtures' || words[0] === './fixtures') destinations.push(posix.resolve(workdir, words.at(-1)!));
      }
    }
    expect(destinations).toContain(env.SANDBOX_FIXTURES);
  });

  it('exposes 4010', () => {
    const ports = final('EXPOSE').flatMap((i) => i.args.split(/\s+/)).map((p) => p.replace(/\/tcp$/, ''));
    expect(ports).toContain('4010');
  });

  it('has a node-based HEALTHCHECK on /__admin/health', () => {
    const checks = final('HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const match = /\bCMD\s+(.*)$/s.exec(checks[0]!.args);
    expect(match).not.toBeNull();
    expectNodeHealthProbe(execForm(match![1]!.trim()));
  });

  it('starts dist/server.js with node as PID 1 (exec form, so SIGTERM reaches the server)', () => {
    const cmds = final('CMD');
    expect(cmds.length).toBeGreaterThan(0);
    expect(execForm(cmds.at(-1)!.args)).toEqual(['node', 'dist/server.js']);
    expect(final('ENTRYPOINT')).toHaveLength(0);
  });
});

describe('docker-compose.yml', () => {
  interface Service {
    build?: unknown;
    image?: string;
    ports?: Array<string | { target: number; published: number | string }>;
    volumes?: Array<string | { type?: string; source?: string; target: string }>;
    environment?: Record<string, string> | string[];
    healthcheck?: { test: string | string[]; interval?: string; timeout?: string; retries?: number; start_period?: string };
    restart?: string;
  }
  const compose = parseYaml(read('docker-compose.yml')) as {
    services: Record<string, Service>;
    volumes?: Record<string, unknown>;
  };
  const service = compose.services?.['pos-sandbox'];

  it('has the pos-sandbox service built from this folder', () => {
    expect(service).toBeDefined();
    expect(service!.build).toBe('.');
    expect(service!.image).toBe('pos-sandbox:local');
    expect(service!.restart).toBe('unless-stopped');
  });

  it('publishes 4010:4010', () => {
    const ports = (service!.ports ?? []).map((p) => (typeof p === 'string' ? p : `${p.published}:${p.target}`));
    expect(ports).toContain('4010:4010');
  });

  it('mounts a named volume, declared at the top level, at /data', () => {
    const mounts = (service!.volumes ?? []).map((v) => {
      if (typeof v !== 'string') return { source: v.source ?? '', target: v.target };
      const [source = '', target = ''] = v.split(':');
      return { source, target };
    });
    const data = mounts.find((m) => m.target === '/data');
    expect(data).toBeDefined();
    // A named volume, not a bind mount of a host path.
    expect(data!.source).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.source);
  });

  it('has a node-based healthcheck on /__admin/health', () => {
    const check = service!.healthcheck;
    expect(check).toBeDefined();
    const test = check!.test;
    const command = typeof test === 'string' ? ['/bin/sh', '-c', test] : test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', ...test.slice(1)] : test.slice(1);
    if (typeof test !== 'string') expect(['CMD', 'CMD-SHELL']).toContain(test[0]);
    expectNodeHealthProbe(command);
    expect(check!.interval).toBe('5s');
    expect(check!.timeout).toBe('3s');
    expect(check!.retries).toBe(10);
    expect(check!.start_period).toBe('5s');
  });

  it('sets LOG_LEVEL', () => {
    const environment = service!.environment;
    const map = Array.isArray(environment)
      ? Object.fromEntries(environment.map((e) => e.split('=', 2) as [string, string]))
      : (environment ?? {});
    expect(map.LOG_LEVEL).toBe('info');
  });
});
