/**
 * The outbox keeps its promises: a receiver that fails for a while gets each
 * notification exactly once when it recovers, and a server killed with
 * SIGKILL still delivers, after its restart, what it owed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver } from './helpers/receiver.js';
import { startServerProcess, type ServerProcess } from './helpers/server-process.js';

const KEY = 'durable-ingest-key-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'lw-outbox-'));
const running: ServerProcess[] = [];
afterAll(() => {
  for (const server of running) server.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function plan(hookUrl: string): string {
  return `
version: 1
product: { name: durable }
ingest: { keys: [ { name: cli, key: "${KEY}" } ] }
evaluation: { interval: 1h }
events:
  gen: { kind: string, success: boolean }
metrics:
  rate: { from: gen, ratio: { success: true }, by: kind, window: 1h }
channels:
  hook: { type: webhook, url: "${hookUrl}/hook" }
alerts:
  - { name: rate_low, when: rate < 50%, severity: P2 }
routing:
  group_by: [alertname, kind]
  group_wait: 0s
  group_interval: 1s
  routes: [ { match: { severity: P2 }, channels: [hook] } ]
notify: { give_up_after: 1h }
`;
}

async function send(url: string, kind: string, success: boolean): Promise<void> {
  const events = Array.from({ length: 5 }, () => ({ type: 'gen', timestamp: Date.now() - 500, properties: { kind, success } }));
  const response = await fetch(`${url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(events) });
  expect(response.status).toBe(200);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the notification outbox', () => {
  it('delivers every owed notification exactly once, through receiver failures and a SIGKILL', async () => {
    const hook = await startReceiver();
    let failing = true;
    hook.answer = () => (failing ? 503 : 200);
    const file = join(dir, 'plan.yaml');
    writeFileSync(file, plan(hook.url));
    const data = join(dir, 'data');

    const first = await startServerProcess(['--plan', file, '--data', data]);
    running.push(first);
    // Three groups fire; the receiver refuses them all.
    for (const kind of ['a', 'b', 'c']) await send(first.url, kind, false);
    await until('three pending notifications', async () => {
      const answer = (await (await fetch(`${first.url}/api/v1/notifications?status=pending`)).json()) as { notifications: { attempts: number }[] };
      return answer.notifications.length === 3 && answer.notifications.every((n) => n.attempts >= 1) ? true : undefined;
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(hook.received).toHaveLength(0);

    // The receiver recovers; a new server process on the same data delivers what the dead one owed.
    failing = false;
    const second = await startServerProcess(['--plan', file, '--data', data]);
    running.push(second);
    await hook.waitFor(3);
    await until('all notifications sent', async () => {
      const answer = (await (await fetch(`${second.url}/api/v1/notifications?status=sent`)).json()) as { notifications: unknown[] };
      return answer.notifications.length === 3 ? true : undefined;
    });
    // Give a duplicate every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1500));
    const kinds = hook.received.map((r) => (r.body as { groupLabels: { kind: string } }).groupLabels.kind).sort();
    expect(kinds).toEqual(['a', 'b', 'c']);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await hook.close();
  });
});
