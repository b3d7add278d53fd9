import type { FastifyInstance, InjectOptions } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, expect } from 'vitest';
import { RULRR_ERRORS } from '../../../../src/apis/rulrr/errors.js';
import { buildTestApp } from '../../../helpers/build.js';
import { cpuTimedAsync, HTTP_CPU_BUDGET_MS, HTTP_WALL_BUDGET_MS } from '../../../helpers/cpu-time.js';
import { connectedStore, createIntegration, type Tokens } from '../../../helpers/rulrr.js';
import { headerValue, queryString, type QueryPair } from './hostile-values.js';

/**
 * Sends generated requests to one Rulrr endpoint and holds every answer to what the API promises
 * whatever it is sent: never a 5xx, the Rulrr error envelope (or an HTML page on the page routes),
 * a message of at most 1 KB, an answer within the time budget, and no row written by a request
 * that was refused.
 */

export const MAX_MESSAGE = 1024;
/** The largest HTML page the Connect and receipt pages answer (the consent page lists the stores). */
const MAX_PAGE = 16 * 1024;
const RULRR_CODES = new Set(Object.keys(RULRR_ERRORS));
/** Malformed URLs and over-long path parameters: answered before routing, in the API's JSON. */
const REFUSED_BEFORE_ROUTING = new Set(['invalid_request', 'uri_too_long']);

export interface GeneratedRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface Sandbox {
  app: FastifyInstance;
  tokens: Tokens;
  /** Rows written to the Rulrr tables and the outbox so far, counted by triggers. */
  writes: () => number;
}

/** A fresh app with a connected store (e-receipts on) and a trigger-counted write log. */
async function startSandbox(): Promise<Sandbox> {
  const app = await buildTestApp();
  const tokens = await connectedStore(app, { ereceipt: true });
  const tables = app.db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'rulrr\\_%' ESCAPE '\\' OR name = 'outbox_messages')")
    .all()
    .map((row) => row.name);
  app.db.exec('CREATE TEMP TABLE generated_input_writes (n INTEGER NOT NULL); INSERT INTO generated_input_writes VALUES (0);');
  for (const table of tables) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      app.db.exec(
        `CREATE TEMP TRIGGER "count_${table}_${event}" AFTER ${event} ON main."${table}" BEGIN UPDATE generated_input_writes SET n = n + 1; END`,
      );
    }
  }
  const count = app.db.prepare<[], { n: number }>('SELECT n FROM generated_input_writes');
  return { app, tokens, writes: () => count.get()!.n };
}

export interface FileSandbox extends Sandbox {
  /** A probe for one endpoint; its worst case is printed when the file's tests are done. */
  probe(name: string, answers?: 'json' | 'html'): Probe;
}

/**
 * One sandbox for the test file that calls this: started before its tests (its fields are there
 * from the first `beforeAll` on), closed after them.
 */
export function sandboxForThisFile(): FileSandbox {
  const probes: Probe[] = [];
  const file = {
    probe(name: string, answers: 'json' | 'html' = 'json') {
      const probe = new Probe(name, file, answers);
      probes.push(probe);
      return probe;
    },
  } as FileSandbox;
  beforeAll(async () => {
    Object.assign(file, await startSandbox());
  });
  afterAll(async () => {
    console.info(probes.map((probe) => probe.report()).join('\n'));
    await file.app.close();
  });
  return file;
}

/** Another pending integration, for the pages to finish or cancel. */
export const pendingIntegration = (app: FastifyInstance) => createIntegration(app);

/** Optional headers, hostile or valid: who a request says it is, where it says it went. */
export function hostileHeaders(valid: { authorization?: string[] } = {}): fc.Arbitrary<Record<string, string>> {
  return fc
    .record(
      {
        authorization: valid.authorization?.length ? fc.oneof(fc.constantFrom(...valid.authorization), headerValue) : headerValue,
        host: headerValue.filter((value) => value.trim() !== ''),
        'x-forwarded-host': headerValue,
        'x-request-id': fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 64 }),
        accept: fc.constantFrom('*/*', 'text/html', 'application/json', 'text/csv', ''),
        'accept-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x'),
      },
      { requiredKeys: [] },
    )
    .map((headers) => Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string>);
}

function summary(request: GeneratedRequest): string {
  const url = request.url.length > 200 ? `${request.url.slice(0, 200)}… (${request.url.length})` : request.url;
  const type = request.headers['content-type'];
  return `${request.method} ${url}${type === undefined ? '' : ` [${type.slice(0, 60)}]`} body ${request.payload?.length ?? 0} chars`;
}

export class Probe {
  private worstCpuMs = 0;
  private worstWallMs = 0;
  private worstRequest = '';
  private readonly statuses = new Map<number, number>();

  constructor(
    readonly name: string,
    private readonly sandbox: Sandbox,
    private readonly answers: 'json' | 'html',
  ) {}

  /** Sends one request and checks the answer; answers the status for the caller's own checks. */
  async send(request: GeneratedRequest): Promise<number> {
    const before = this.sandbox.writes();
    const { result: response, cpuMs, wallMs } = await cpuTimedAsync(() => this.sandbox.app.inject(request as InjectOptions));
    const what = `${summary(request)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
    this.statuses.set(response.statusCode, (this.statuses.get(response.statusCode) ?? 0) + 1);
    if (cpuMs > this.worstCpuMs) {
      this.worstCpuMs = cpuMs;
      this.worstRequest = summary(request);
    }
    this.worstWallMs = Math.max(this.worstWallMs, wallMs);

    expect(response.statusCode, what).toBeLessThan(500);
    // The freeze this guards against took seconds of CPU; see cpu-time.ts for why CPU time.
    expect(cpuMs, `took ${cpuMs.toFixed(0)} ms of CPU: ${what}`).toBeLessThan(HTTP_CPU_BUDGET_MS);
    expect(wallMs, `took ${wallMs.toFixed(0)} ms: ${what}`).toBeLessThan(HTTP_WALL_BUDGET_MS);
    if (response.statusCode >= 400) expect(this.sandbox.writes(), `a refused request wrote rows: ${what}`).toBe(before);

    const contentType = String(response.headers['content-type'] ?? '');
    if (this.answers === 'html' && !contentType.startsWith('application/json')) {
      expect(contentType, what).toMatch(/^text\/html/);
      expect(response.body, what).toMatch(/^<!doctype html>/);
      expect(response.body.length, what).toBeLessThanOrEqual(MAX_PAGE);
      return response.statusCode;
    }
    expect(contentType, what).toMatch(/^application\/json/);
    const body = response.json<Record<string, unknown>>();
    if (response.statusCode >= 400) {
      expect(Object.keys(body).sort(), what).toEqual(['error', 'message', 'success']);
      expect(body.success, what).toBe(false);
      expect(RULRR_CODES.has(String(body.error)), what).toBe(true);
      expect(String(body.message).length, what).toBeLessThanOrEqual(MAX_MESSAGE);
      // A page answers JSON only for a URL refused before any route saw it (CONTRACT §4).
      if (this.answers === 'html') expect(REFUSED_BEFORE_ROUTING.has(String(body.error)), what).toBe(true);
    } else {
      expect(this.answers, what).toBe('json');
      expect(body.success, what).toBe(true);
      for (const row of (body.rejected as Array<{ reason: string; customerId: string | null }> | undefined) ?? []) {
        expect(row.reason.length, what).toBeLessThanOrEqual(300);
        expect((row.customerId ?? '').length, what).toBeLessThanOrEqual(100);
      }
    }
    return response.statusCode;
  }

  /**
   * Runs the corpus (requests that once broke the API) and then generated requests, with a fixed
   * seed so CI sees the same ones every time. `prepare` may fill in what only exists at run time
   * (a still-pending integration); what it writes is not counted against the request.
   */
  async run(
    requests: fc.Arbitrary<GeneratedRequest>,
    options: {
      seed: number;
      numRuns?: number;
      corpus?: GeneratedRequest[];
      prepare?: (request: GeneratedRequest) => Promise<GeneratedRequest>;
    },
  ): Promise<void> {
    const { seed, numRuns = 300, corpus = [], prepare = async (request: GeneratedRequest) => request } = options;
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        await this.send(await prepare(request));
      }),
      { seed, numRuns, examples: corpus.map((request) => [request]) },
    );
  }

  /** Whether some answer had a status in [from, to): the generators must reach the handlers, not only the validators. */
  saw(from: number, to: number): boolean {
    return [...this.statuses.keys()].some((status) => status >= from && status < to);
  }

  report(): string {
    const statuses = [...this.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
    const worst = `worst ${this.worstCpuMs.toFixed(1)} ms CPU (${this.worstRequest.slice(0, 120)}), ${this.worstWallMs.toFixed(1)} ms wall`;
    return `${this.name}: ${worst}; ${statuses}`;
  }
}

export interface GeneratedBody {
  contentType?: string;
  payload?: string;
}

/** One request: a path, its query string, headers and maybe a body with its Content-Type. */
export function generatedRequest(parts: {
  method: GeneratedRequest['method'] | fc.Arbitrary<GeneratedRequest['method']>;
  path: string | fc.Arbitrary<string>;
  query: fc.Arbitrary<QueryPair[]>;
  headers: fc.Arbitrary<Record<string, string>>;
  body?: fc.Arbitrary<GeneratedBody>;
}): fc.Arbitrary<GeneratedRequest> {
  const method = typeof parts.method === 'string' ? fc.constant(parts.method) : parts.method;
  const path = typeof parts.path === 'string' ? fc.constant(parts.path) : parts.path;
  const body = parts.body ?? fc.constant<GeneratedBody>({});
  return fc.tuple(method, path, parts.query, parts.headers, body).map(([verb, where, pairs, headers, { contentType, payload }]) => {
    const query = queryString(pairs);
    return {
      method: verb,
      url: query === '' ? where : `${where}?${query}`,
      headers: contentType === undefined ? headers : { ...headers, 'content-type': contentType },
      ...(payload !== undefined && { payload }),
    };
  });
}
