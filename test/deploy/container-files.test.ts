import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

/*
 * What the container files must do, checked as properties of the parsed files rather than their
 * text: any Dockerfile or compose file that keeps these promises passes. .ci/container-check
 * builds and runs them for real.
 */

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

/** The sources of a COPY without --from (the build context), and its destination. */
function copied(instruction: Instruction): { sources: string[]; destination: string } {
  const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
  return { sources: words.slice(0, -1).map((source) => source.replace(/^\.\//, '').replace(/\/$/, '')), destination: words.at(-1)! };
}

/** A healthcheck command: node (slim images have no curl or wget) requesting /__admin/health. */
function expectNodeHealthProbe(command: string[]): void {
  const joined = command.join(' ');
  expect(command[0] === 'node' || /(^|\s)node\s/.test(joined)).toBe(true);
  expect(joined).toContain('/__admin/health');
  expect(joined).not.toMatch(/\b(curl|wget)\b/);
}

const PACKAGE_FILES = new Set(['package.json', 'package-lock.json', '.npmrc']);

describe('Dockerfile', () => {
  const instructions = parseDockerfile(read('Dockerfile'));
  const finalStage = Math.max(...instructions.map((i) => i.stage));
  const build = instructions.filter((i) => i.stage < finalStage);
  const final = (keyword: string) => instructions.filter((i) => i.stage === finalStage && i.keyword === keyword);
  const env = Object.assign({}, ...final('ENV').map((i) => parseEnv(i.args))) as Record<string, string>;

  const installAt = build.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
  const install = build[installAt];
  const copySrcAt = build.findIndex((i) => i.keyword === 'COPY' && !i.args.includes('--from') && copied(i).sources.includes('src'));
  const buildAt = build.findIndex((i) => i.keyword === 'RUN' && /\bnpm run build(\s|$)/.test(i.args));

  it('builds in its own stage on a Node image of a supported major, and runs on one', () => {
    const froms = instructions.filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      const image = from.args.split(/\s+/).find((word) => !word.startsWith('--'))!;
      const major = /^(?:docker\.io\/)?(?:library\/)?node:(\d+)/.exec(image)?.[1];
      expect(Number(major), image).toBeGreaterThanOrEqual(20);
    }
  });

  it('installs the dependencies in a layer that depends on the package files only, before the sources', () => {
    expect(install).toBeDefined();
    const copiedBefore = build.slice(0, installAt).filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
    for (const copy of copiedBefore) {
      expect(copy.keyword).toBe('COPY');
      for (const source of copied(copy).sources) expect(PACKAGE_FILES, source).toContain(source);
    }
    expect(copySrcAt).toBeGreaterThan(installAt);
  });

  it('compiles better-sqlite3 in the install layer, from source, and checks that it loads', () => {
    // node-gyp itself (better-sqlite3's build-release script), or its install script told not to download.
    const fromSource =
      /\bnpm run build-release --prefix node_modules\/better-sqlite3\b|\bnode-gyp rebuild\b/.test(install!.args) ||
      /npm_config_build_from_source=(true|better-sqlite3)\b[^&]*\bnpm (rebuild|ci)\b/.test(install!.args);
    expect(fromSource).toBe(true);
    expect(install!.args).toMatch(/require\(['"]better-sqlite3['"]\)/);
    const toolchain = build.filter((i) => i.keyword === 'RUN' && build.indexOf(i) < installAt).map((i) => i.args);
    expect(toolchain.some((run) => /apt-get install[^&]*\bpython3\b[^&]*\bmake\b[^&]*\bg\+\+/.test(run))).toBe(true);
  });

  it('on Node 24 compiles better-sqlite3 against the 24.18.1 headers (nodejs/node#65446)', () => {
    const args = install!.args;
    const pin = args.search(/node-linux-\$\{?arch\}?@24\.18\.1/);
    expect(pin).toBeGreaterThan(-1);
    const nodedir = args.indexOf('npm_config_nodedir=', pin);
    expect(nodedir).toBeGreaterThan(pin);
    const compile = Math.max(args.search(/\bbuild-release\b|\bnode-gyp\b|\bnpm rebuild\b/), args.search(/\bnpm ci\b/));
    expect(compile).toBeGreaterThan(nodedir);
  });

  it('builds dist/ after copying the sources, and drops the dev dependencies before the runtime stage', () => {
    expect(buildAt).toBeGreaterThan(copySrcAt);
    const prune = build.findIndex((i) => i.keyword === 'RUN' && /\bnpm prune\b[^&]*--omit=dev|\bnpm ci\b[^&]*--omit=dev/.test(i.args));
    expect(prune).toBeGreaterThanOrEqual(buildAt);
  });

  it('runs as a non-root user in the final stage', () => {
    const users = final('USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args.split(':')[0];
    expect(user).not.toBe('');
    expect(['root', '0']).not.toContain(user);
  });

  it('listens on all interfaces, on the contract port, in production mode', () => {
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.PORT).toBe('4010');
    expect(env.NODE_ENV).toBe('production');
    const ports = final('EXPOSE').flatMap((i) => i.args.split(/\s+/)).map((p) => p.replace(/\/tcp$/, ''));
    expect(ports).toContain(env.PORT);
  });

  it('keeps the database on a declared volume', () => {
    const volumes = final('VOLUME').flatMap((i) => (i.args.startsWith('[') ? (JSON.parse(i.args) as string[]) : i.args.split(/\s+/)));
    expect(volumes.some((volume) => env.SANDBOX_DB?.startsWith(`${volume}/`))).toBe(true);
  });

  it('ships the fixtures where SANDBOX_FIXTURES points', () => {
    expect(env.SANDBOX_FIXTURES).toMatch(/^\//);
    // Resolve each COPY destination against the WORKDIR in force at that point of the final stage.
    let workdir = '/';
    const destinations: string[] = [];
    for (const i of instructions.filter((x) => x.stage === finalStage)) {
      if (i.keyword === 'WORKDIR') workdir = posix.resolve(workdir, i.args);
      if (i.keyword === 'COPY' && !i.args.includes('--from')) {
        const { sources, destination } = copied(i);
        if (sources.includes('fixtures')) destinations.push(posix.resolve(workdir, destination));
      }
    }
    expect(destinations).toContain(env.SANDBOX_FIXTURES);
  });

  it('has one node-based HEALTHCHECK on /__admin/health', () => {
    const checks = final('HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const match = /\bCMD\s+(.*)$/s.exec(checks[0]!.args);
    expect(match).not.toBeNull();
    expectNodeHealthProbe(execForm(match![1]!.trim()));
  });

  it('starts dist/server.js with node as PID 1 (exec form, so SIGTERM reaches the server)', () => {
    const cmds = final('CMD');
    expect(cmds.length).toBeGreaterThan(0);
    const command = execForm(cmds.at(-1)!.args);
    expect(command[0]).toBe('node');
    expect(command).toContain('dist/server.js');
    expect(final('ENTRYPOINT')).toHaveLength(0);
  });
});

describe('docker-compose.yml', () => {
  interface Service {
    build?: unknown;
    ports?: Array<string | number | { target: number; published?: number | string }>;
    volumes?: Array<string | { type?: string; source?: string; target: string }>;
    environment?: Record<string, string> | string[];
    healthcheck?: { test: string | string[]; interval?: string; timeout?: string; retries?: number; start_period?: string; disable?: boolean };
  }
  const compose = parseYaml(read('docker-compose.yml')) as {
    services: Record<string, Service>;
    volumes?: Record<string, unknown>;
  };
  const services = Object.values(compose.services ?? {});
  const service = services.find((s) => s.build === '.' || (typeof s.build === 'object' && (s.build as { context?: string }).context === '.'));
  const environment = (() => {
    const value = service?.environment;
    return Array.isArray(value) ? Object.fromEntries(value.map((e) => e.split('=', 2) as [string, string])) : (value ?? {});
  })();

  it('has a service built from this folder', () => {
    expect(service).toBeDefined();
  });

  it('publishes the sandbox on host port 4010', () => {
    const containerPort = environment.PORT ?? '4010';
    const mappings = (service!.ports ?? []).map((p) => {
      if (typeof p === 'object') return { published: String(p.published ?? ''), target: String(p.target) };
      const parts = String(p).replace(/\/tcp$/, '').split(':');
      return { published: parts.at(-2) ?? '', target: parts.at(-1)! };
    });
    expect(mappings).toContainEqual({ published: '4010', target: containerPort });
  });

  it('mounts a named volume, declared at the top level, where the database lives', () => {
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
    // The image keeps the database under /data; the compose file must not move it off the volume.
    if (environment.SANDBOX_DB) expect(environment.SANDBOX_DB.startsWith('/data/')).toBe(true);
  });

  it('has a node-based healthcheck on /__admin/health that retries', () => {
    const check = service!.healthcheck;
    expect(check).toBeDefined();
    expect(check!.disable).not.toBe(true);
    const test = check!.test;
    if (typeof test !== 'string') expect(['CMD', 'CMD-SHELL']).toContain(test[0]);
    const command = typeof test === 'string' ? ['/bin/sh', '-c', test] : test[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', ...test.slice(1)] : test.slice(1);
    expectNodeHealthProbe(command);
    expect(check!.retries ?? 3).toBeGreaterThan(1);
  });
});
