import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventEnvelope } from '../../src/webhooks/delivery-table.js';

export interface Received {
  headers: IncomingHttpHeaders;
  /** The body exactly as sent: a signature is over these bytes. */
  raw: string;
  event: EventEnvelope;
  at: number;
}

/** What the receiver does with the next request: a status, a status with a body, or no answer at all. */
export type Answer = number | { status: number; body?: string; headers?: Record<string, string> } | 'hang';

/**
 * Verifies `Pos-Sandbox-Signature` the way the README tells a receiver to: HMAC-SHA256 of
 * "<t>.<raw body>" with the webhook's secret, compared in constant time, and t within 5 minutes.
 */
export function verifySignature(raw: string, header: string | undefined, secret: string, now = Date.now()): boolean {
  const parts = new Map((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(now / 1000 - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${raw}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A webhook receiver on a real socket that records what arrives and answers as scripted (200 once the script is done). */
export class Receiver {
  readonly received: Received[] = [];
  private readonly script: Answer[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private port = 0;

  /** Listens on `port` (0: any free port). A receiver can be closed and started again on the same port. */
  async start(port = this.port): Promise<this> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.received.push({ headers: request.headers, raw, event: JSON.parse(raw) as EventEnvelope, at: Date.now() });
        this.answer(response, this.script.shift() ?? 200);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** The answers to the next requests, in order. */
  answerWith(...answers: Answer[]): void {
    this.script.push(...answers);
  }

  async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`the receiver got ${this.received.length} of ${count} deliveries within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.received;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const response of this.hanging) response.destroy();
    this.hanging.clear();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private answer(response: ServerResponse, answer: Answer): void {
    if (answer === 'hang') {
      this.hanging.add(response);
      return;
    }
    const { status, body = '{"received":true}', headers = {} } = typeof answer === 'number' ? { status: answer } : answer;
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  }
}

/** A port nothing listens on yet. */
export async function unusedPort(): Promise<number> {
  const probe = await new Receiver().start(0);
  const port = Number(new URL(probe.url).port);
  await probe.close();
  return port;
}
