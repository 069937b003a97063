/** The real app in-process on loopback, on a fresh DuckDB file in a temp directory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLaunchwatch, type Launchwatch, type LaunchwatchOptions } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';

export const INGEST_KEY = 'test-ingest-key-0123456789';

export interface TestApp {
  readonly app: Launchwatch;
  readonly url: string;
  readonly dir: string;
  post(path: string, body: string, headers?: Record<string, string>): Promise<{ status: number; json: unknown }>;
  get(path: string, token?: string): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
}

export async function startTestApp(options: Omit<LaunchwatchOptions, 'dataDir' | 'port'>): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'lw-app-'));
  const app = await createLaunchwatch({ logger: createLogger('silent'), scheduler: false, memoryLimit: '512MB', ...options, dataDir: dir, port: 0 });
  const url = await app.start();
  const read = async (response: Response) => ({ status: response.status, json: (await response.json()) as unknown });
  return {
    app,
    url,
    dir,
    post: async (path, body, headers = {}) =>
      read(await fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}`, ...headers } })),
    get: async (path, token) => read(await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })),
    async close() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
