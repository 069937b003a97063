/**
 * The public subscription endpoints' refusals: a field that is wrong is a
 * 400 naming it, the answer is the same for an address new or known (no
 * enumeration), a wrong or reused token is refused, one address is limited
 * to a few subscriptions, and a page without subscribers takes none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    plan: planFrom(`
version: 1
product: { name: subprod }
events:
  gen: { success: boolean }
channels:
  status_mail: { type: email, to: [nobody@example.com], from: status@example.com, smtp: { host: 127.0.0.1, port: 9 } }
components:
  api: API
status_page:
  subscribers: { email: status_mail }
`),
  });
});
afterAll(() => t.close());

const subscribe = async (body: unknown) => {
  const r = await fetch(`${t.url}/status/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, text: await r.text() };
};

describe('status subscriptions', () => {
  it('refuses bad input with the field named', async () => {
    expect(await subscribe({})).toMatchObject({ status: 400 });
    expect((await subscribe({})).text).toContain('exactly one of email, webhook');
    expect((await subscribe({ email: 'not-an-address' })).text).toContain('email');
    expect((await subscribe({ email: 'a@example.com', components: ['nope'] })).text).toContain('no component \\"nope\\"');
    expect((await subscribe({ webhook: 'https://hooks.example.com/x' })).text).toContain('no webhook subscriptions');
    expect((await subscribe({ email: 'a@example.com', extra: 1 })).text).toContain('extra');
  });

  it('answers alike for a new and a known address, and limits one address', async () => {
    const first = await subscribe({ email: 'same@example.com' });
    const second = await subscribe({ email: 'SAME@example.com' });
    expect(first).toEqual({ status: 202, text: second.text });
    await subscribe({ email: 'same@example.com' });
    expect((await subscribe({ email: 'same@example.com' })).status).toBe(429);
    expect((await t.app.stores.talk.subscribers({ address: 'same@example.com' })).every((s) => s.confirmedAt === null)).toBe(true);
  });

  it('refuses a wrong confirmation or unsubscribe token', async () => {
    await subscribe({ email: 'tok@example.com' });
    const [s] = await t.app.stores.talk.subscribers({ address: 'tok@example.com' });
    const id = encodeURIComponent(s?.id ?? '');
    const confirm = await fetch(`${t.url}/status/subscriptions/confirm?id=${id}&token=wrong`, { method: 'POST' });
    expect(confirm.status).toBe(404);
    const unsubscribe = await fetch(`${t.url}/status/unsubscribe?id=${id}&token=wrong`, { method: 'POST' });
    expect(unsubscribe.status).toBe(404);
    expect((await t.app.stores.talk.subscriber(s?.id ?? ''))?.confirmedAt).toBeNull();
    expect((await fetch(`${t.url}/status/unsubscribe?id=${id}`)).status).toBe(400);
  });
});

describe('subscribers as personal data', () => {
  it('exports and erases the subscriptions of an address, audited under its hash', async () => {
    await subscribe({ email: 'me@example.com', components: ['api'] });
    const exported = await t.post('/api/v1/privacy/subscribers/export', JSON.stringify({ address: 'ME@example.com', by: 'dpo' }));
    expect(exported.status).toBe(200);
    const subs = (exported.json as { subscribers: { address: string; components: string[] }[] }).subscribers;
    expect(subs.map((s) => [s.address, s.components])).toEqual([['me@example.com', ['api']]]);
    const purged = await t.post('/api/v1/privacy/subscribers/purge', JSON.stringify({ address: 'me@example.com', by: 'dpo' }));
    expect(purged.json).toMatchObject({ deleted: 1 });
    expect(await t.app.stores.talk.subscribers({ address: 'me@example.com' })).toEqual([]);
    const audit = JSON.stringify((await t.get('/api/v1/privacy/audit')).json);
    expect(audit).toContain('purge_user');
    expect(audit).not.toContain('me@example.com');
    expect((await t.post('/api/v1/privacy/subscribers/purge', JSON.stringify({}))).status).toBe(400);
  });

  it('forgets a subscription never confirmed once its link expired', async () => {
    await subscribe({ email: 'late@example.com' });
    const [s] = await t.app.stores.talk.subscribers({ address: 'late@example.com' });
    await t.app.stores.talk.putSubscriber({ ...(s ?? (await Promise.reject(new Error('no subscriber')))), createdAt: Date.now() - 49 * 3_600_000 });
    await t.app.talk.runDue();
    expect(await t.app.stores.talk.subscribers({ address: 'late@example.com' })).toEqual([]);
  });
});
