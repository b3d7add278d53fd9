import { writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseBody } from './http-call.js';
import { recordingToScenario, type RecordedExchange, type ScenarioDocument } from './recording-to-scenario.js';
import type { ScenarioApi } from './scenario-schema.js';

export interface RecorderOptions {
  api: ScenarioApi;
  /** The API's base on the upstream: `https://api.rulrr.com`, or `http://localhost:4011/rulrr` for another sandbox. */
  upstream: string;
  /** Where `/__admin/…` calls go (the upstream's origin unless given): a sandbox upstream's admin API. */
  adminUpstream?: string;
  host?: string;
  port?: number;
  /** Rewritten after every call, so a recorder that is killed still leaves its file. */
  out?: string;
  name?: string;
  /** Called once per call passed through, with its step name: `POST /v1/auth/integration → 200`. */
  onCall?: (line: string) => void;
}

export interface Recorder {
  /** Where to point the POS: this address stands for the upstream's API base. */
  url: string;
  exchanges: RecordedExchange[];
  scenario(): ScenarioDocument;
  /** Stops listening and writes the file one last time. */
  close(): Promise<ScenarioDocument>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const UPSTREAM_TIMEOUT_MS = 60_000;

// Hop-by-hop headers belong to one connection and are never forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
/** What a replay needs of the POS's headers: credentials and content negotiation, not the client's noise. */
const RECORDED_HEADER = /^(?:authorization|accept|x-(?!request-id$|forwarded-|real-ip$).+)$/;

class TooLarge extends Error {}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        stream.destroy();
        reject(new TooLarge(`larger than ${MAX_BODY_BYTES} bytes`));
      } else chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

interface UpstreamAnswer {
  status: number;
  rawHeaders: string[];
  body: Buffer;
}

function forward(target: URL, method: string, rawHeaders: string[], body: Buffer): Promise<UpstreamAnswer> {
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    // The upstream answers uncompressed, so the recording can read what it says; its answer still goes back as sent.
    if (HOP_BY_HOP.has(name) || name === 'host' || name === 'content-length' || name === 'accept-encoding') continue;
    headers.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  }
  headers.push(['Host', target.host], ['Content-Length', String(body.length)]);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(target, { method, headers: headers.flat(), timeout: UPSTREAM_TIMEOUT_MS }, (answer) => {
      readBody(answer).then((answerBody) => resolve({ status: answer.statusCode ?? 502, rawHeaders: answer.rawHeaders, body: answerBody }), reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${UPSTREAM_TIMEOUT_MS} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function headerOf(rawHeaders: string[], wanted: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === wanted) return rawHeaders[i + 1];
  return undefined;
}

function recordedBody(contentType: string | undefined, body: Buffer): RecordedExchange['body'] {
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  const parsed = parseBody(contentType, text);
  if (parsed !== text) return { json: parsed };
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) return { form: [...new URLSearchParams(text)] };
  return { text };
}

/**
 * `pos-sandbox record`: a local HTTP proxy for one API. The POS calls it as it would call the
 * upstream; every call is forwarded there, the upstream's answer goes back as it came (status,
 * headers, bytes), and what passed is kept as a scenario (recordingToScenario). Links the upstream
 * hands out (an upload URL) point at the upstream itself: a POS following one goes around the recorder.
 */
export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const upstream = options.upstream.replace(/\/+$/, '');
  const adminUpstream = (options.adminUpstream ?? new URL(upstream).origin).replace(/\/+$/, '');
  const exchanges: RecordedExchange[] = [];
  const startedAt = new Date();
  const scenario = () =>
    recordingToScenario(exchanges, {
      api: options.api,
      name: options.name ?? `${options.api}: recorded against ${new URL(upstream).host}`,
      description: `Recorded by pos-sandbox record from ${new URL(upstream).origin}${new URL(upstream).pathname.replace(/\/$/, '')} on ${startedAt.toISOString()}: ${exchanges.length} calls. Secrets are variables; ids, tokens and dates are matched by type and captured where a later call uses them.`,
    });
  let writing: Promise<void> = Promise.resolve();
  const save = (document: ScenarioDocument) => {
    const out = options.out;
    // A scenario needs a step: until the first call there is nothing to write.
    if (!out || document.steps.length === 0) return writing;
    writing = writing.then(() => writeFile(out, `${JSON.stringify(document, null, 2)}\n`));
    return writing;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const incoming = new URL(request.url ?? '/', 'http://recorder.invalid');
    const isAdmin = incoming.pathname === '/__admin' || incoming.pathname.startsWith('/__admin/');
    const target = new URL(`${isAdmin ? adminUpstream : upstream}${incoming.pathname}${incoming.search}`);
    const method = request.method ?? 'GET';
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      response.writeHead(error instanceof TooLarge ? 413 : 400, { 'content-type': 'text/plain' }).end(`pos-sandbox record: the request body is ${(error as Error).message}\n`);
      return;
    }
    let answer: UpstreamAnswer;
    try {
      answer = await forward(target, method, request.rawHeaders, body);
    } catch (error) {
      const cause = (error as { code?: string }).code ?? (error as Error).message;
      response.writeHead(502, { 'content-type': 'text/plain' }).end(`pos-sandbox record: ${target.origin} did not answer: ${cause}\n`);
      return;
    }
    const passedHeaders: string[] = [];
    for (let i = 0; i < answer.rawHeaders.length; i += 2) {
      const name = answer.rawHeaders[i]!.toLowerCase();
      if (!HOP_BY_HOP.has(name) && name !== 'content-length') passedHeaders.push(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
    }
    passedHeaders.push('Content-Length', String(answer.body.length));
    response.writeHead(answer.status, passedHeaders).end(answer.body);

    const contentType = headerOf(answer.rawHeaders, 'content-type');
    const parsedAnswer = parseBody(contentType, answer.body.toString('utf8'));
    const query = [...incoming.searchParams].filter(([key]) => !(isAdmin && key === 'workspace'));
    const headers: Record<string, string> = {};
    for (let i = 0; i < request.rawHeaders.length; i += 2) {
      const name = request.rawHeaders[i]!.toLowerCase();
      const value = request.rawHeaders[i + 1]!;
      // "Accept: */*" is every HTTP client's default, not something the POS chose.
      if (RECORDED_HEADER.test(name) && !(name === 'accept' && value === '*/*')) headers[name] = value;
    }
    const requestType = headerOf(request.rawHeaders, 'content-type');
    const recordedRequestBody = recordedBody(requestType, body);
    if (recordedRequestBody && 'text' in recordedRequestBody && requestType) headers['content-type'] = requestType;
    exchanges.push({
      target: isAdmin ? 'admin' : 'api',
      method,
      path: isAdmin ? incoming.pathname.slice('/__admin'.length) || '/' : incoming.pathname,
      query,
      headers,
      body: recordedRequestBody,
      response: { status: answer.status, contentType, json: typeof parsedAnswer === 'string' ? undefined : parsedAnswer },
    });
    const document = scenario();
    // The step's name has its tokens as variables already: the console never shows a secret.
    options.onCall?.(`${String(document.steps.at(-1)?.name)} → ${answer.status}`);
    await save(document);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`pos-sandbox record: ${error.message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    exchanges,
    scenario,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      const document = scenario();
      await save(document);
      return document;
    },
  };
}
