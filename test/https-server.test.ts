import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort, startSandboxProcess } from './helpers/server-process.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pos-sandbox-https-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** HTTPS starts listening just after HTTP answers health: a refused connection is tried again. */
async function health(port: number, ca: string): Promise<{ status: number; body: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await healthOnce(port, ca);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function healthOnce(port: number, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/__admin/health', servername: 'localhost', ca }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('the server with --https-port', () => {
  it('serves HTTPS beside HTTP with a CA kept beside the database, the same one after a restart', async () => {
    const dbPath = join(dir, 'sandbox.db');
    const httpsPort = await freePort();
    const first = await startSandboxProcess(dbPath, {}, ['--https-port', String(httpsPort)]);
    let ca: string;
    try {
      ca = readFileSync(`${dbPath}-ca.pem`, 'utf8');
      expect(await (await fetch(`${first.baseUrl}/__admin/tls/ca.pem`)).text()).toBe(ca);
      const answer = await health(httpsPort, ca);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).status).toBe('ok');
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const second = await startSandboxProcess(dbPath, {}, ['--https-port', String(httpsPort)]);
    try {
      expect(readFileSync(`${dbPath}-ca.pem`, 'utf8')).toBe(ca);
      expect((await health(httpsPort, ca)).status).toBe(200);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 30_000);
});
