/**
 * Reloading the plan in a loop under ingest, on the real app: plan k declares
 * only the property p<k> of `run`, and every event sent carries p0 ... p8. An
 * event is admitted wholly under one plan, so every stored event has exactly
 * one of them, every body's events the same one; none is lost (what the
 * answers accepted is what the store holds). Bodies both small (admitted on
 * the request thread) and large (in the ingest worker threads); each reload
 * widens the ingest log's lines while batches encoded before it are in flight.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POOL_MIN_BODY } from '../src/server/routes/ingest.js';
import { INGEST_KEY, startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const PLANS = 9;
const USER = 'u_7f3a9c2e41b8';

const planOf = (k: number) => `version: 1
product: { name: reloading }
ingest: { keys: [ { name: cli, key: "${INGEST_KEY}" } ], rate_limit: { events_per_second: 1000000, burst: 1000000 } }
evaluation: { interval: 1h }
events:
  run:
    p${k}: { type: string, optional: true }
metrics:
  runs: { from: run, count: true, window: 30d }
`;

let t: TestApp;
let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-reload-ingest-'));
  file = join(dir, 'plan.yaml');
  writeFileSync(file, planOf(0));
  t = await startTestApp({ plan: planFrom(planOf(0)), planFile: file });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

function bodyOf(name: string, events: number): string {
  const properties = Object.fromEntries(Array.from({ length: PLANS }, (_, k) => [`p${k}`, `value-${k}`]));
  return JSON.stringify(Array.from({ length: events }, (_, i) => ({ id: `${name}-${i}`, type: 'run', timestamp: Date.now() - 1000, user_id: USER, properties })));
}

describe('reloading the plan under ingest', () => {
  it('admits every event wholly under one plan or the other, and loses none', async () => {
    expect(Buffer.byteLength(bodyOf('x', 350))).toBeGreaterThan(POOL_MIN_BODY);
    let stop = false;
    let sent = 0;
    let accepted = 0;
    let answered = 0;
    const waiting: { count: number; resolve: () => void }[] = [];
    const sender = async (s: number): Promise<void> => {
      for (let n = 0; !stop; n++) {
        const events = n % 2 === 0 ? 20 : 350;
        const answer = await t.post('/v1/events', bodyOf(`s${s}b${n}`, events));
        expect(answer.status).toBe(200);
        sent += events;
        accepted += (answer.json as { accepted: number }).accepted;
        answered++;
        for (const w of waiting.splice(0)) if (answered >= w.count) w.resolve();
        else waiting.push(w);
      }
    };
    const answers = (more: number) => new Promise<void>((resolve) => waiting.push({ count: answered + more, resolve }));

    const senders = [0, 1, 2].map(sender);
    for (let k = 1; k < PLANS; k++) {
      await answers(3);
      writeFileSync(file, planOf(k));
      expect(await t.app.reload()).toMatchObject({ kind: 'reloaded', version: k + 1 });
    }
    await answers(3);
    stop = true;
    await Promise.all(senders);

    expect(accepted).toBe(sent);
    expect((await t.app.stores.events.counts()).run).toBe(accepted);
    const stored = await t.app.stores.privacy.userEvents([USER]);
    expect(stored).toHaveLength(accepted);

    const held = new Map<string, number>(); // events by the one property they hold
    const bodies = new Map<string, Set<string>>(); // each body's properties
    const wrong: string[] = [];
    for (const event of stored) {
      const present = Object.entries(event.properties)
        .filter(([, value]) => value !== null)
        .map(([name]) => name);
      if (present.length !== 1) wrong.push(`${event.id}: ${present.join(',') || 'none'}`);
      const name = present.join(',');
      held.set(name, (held.get(name) ?? 0) + 1);
      const body = event.id.slice(0, event.id.lastIndexOf('-'));
      bodies.set(body, (bodies.get(body) ?? new Set()).add(name));
    }
    expect(wrong).toEqual([]);
    expect([...bodies].filter(([, names]) => names.size !== 1)).toEqual([]);
    // The senders ran across the reloads: events were admitted under several of the plans.
    expect(held.size).toBeGreaterThanOrEqual(3);
  });
});
