/**
 * Request IP addresses and User-Agent strings are never logged and never
 * stored: every log line of a server that answered requests carrying them
 * (accepted, rejected, unauthorized, not found) is read back, and so is every
 * byte of its data directory.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLaunchwatch } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { INGEST_KEY } from './helpers/app.js';
import { fixturePlan } from './helpers/plan.js';

const USER_AGENT = 'caro/1.1.0 (Macintosh; jane-laptop) SecretAgent';
const FORWARDED = '198.51.100.23';

function files(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    parts.push(statSync(full).isDirectory() ? files(full) : readFileSync(full));
  }
  return Buffer.concat(parts);
}

describe('client addresses and user agents', () => {
  it('reach neither the logs nor the data directory', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'lw-logs-'));
    const app = await createLaunchwatch({ plan: await fixturePlan(), dataDir: dir, port: 0, logger: createLogger('debug', sink), scheduler: false, memoryLimit: '512MB' });
    const url = await app.start();
    const headers = { 'user-agent': USER_AGENT, 'x-forwarded-for': FORWARDED, 'x-real-ip': FORWARDED, 'content-type': 'application/json' };
    const event = { id: 'e1', type: 'command_generation', timestamp: Date.now(), properties: { backend: 'static', success: true, duration_ms: 3 } };
    const answers = await Promise.all([
      fetch(`${url}/v1/events`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${INGEST_KEY}` }, body: JSON.stringify([event, { type: 'nope' }]) }),
      fetch(`${url}/v1/events`, { method: 'POST', headers, body: '[]' }),
      fetch(`${url}/v1/events`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${INGEST_KEY}` }, body: '{not json' }),
      fetch(`${url}/no/such/page?email=jane@example.com`, { headers }),
      fetch(`${url}/api/v1/metrics`, { headers }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 401, 400, 404, 200]);
    await app.stop();

    expect(lines.length).toBeGreaterThan(5);
    const logs = lines.join('\n');
    expect(logs).toContain('"url":"/v1/events"');
    for (const forbidden of [USER_AGENT, 'SecretAgent', FORWARDED, 'remoteAddress', 'remotePort', 'user-agent', 'jane@example.com', INGEST_KEY]) expect(logs).not.toContain(forbidden);

    const bytes = files(dir);
    for (const forbidden of ['SecretAgent', FORWARDED]) expect(bytes.includes(Buffer.from(forbidden))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('are redacted should a header object or an address ever be logged', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ headers: { 'user-agent': USER_AGENT }, client: { ip: FORWARDED, remoteAddress: FORWARDED }, plan: { salt: 'the-salt' } }, 'oops');
    const text = lines.join('');
    for (const forbidden of ['SecretAgent', FORWARDED, 'the-salt']) expect(text).not.toContain(forbidden);
    expect(text).toContain('[redacted]');
  });
});
