/**
 * The fixture of the embedded store's reopen tests: a plan with one event
 * type, `ping` events with distinct ids, and data directories removed after
 * each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { AdmittedEvent } from '../../src/store/types.js';
import { planFrom } from './plan.js';

export const pingPlan = planFrom(`
version: 1
product: { name: reopen }
events:
  ping: { n: number }
`);

export const PING_NOW = Date.parse('2026-12-07T10:00:00Z');

/** `n` ping events with ids `<prefix>-0` … `<prefix>-(n-1)`, one millisecond apart. */
export function pings(prefix: string, n: number): AdmittedEvent[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, type: 'ping', ts: PING_NOW - i, userId: null, sessionId: null, properties: { n: i } }));
}

/** A function that makes a fresh data directory, each removed after the test that made it. */
export function tempDataDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}
