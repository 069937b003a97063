/**
 * A crash between the alerting commit and the incident writes: the alert is
 * committed firing, the process dies before its incident is written (here the
 * store refuses the incident write, as a dead process would never make it).
 * On restart the first tick finds the firing alert on no incident and
 * declares it, linked, paged through its policy, its impact starting when the
 * alert fired. Catching up is idempotent: later ticks declare nothing more,
 * and an incident a person resolved while its alert still fires stays resolved.
 * And an acknowledgement through the API that lands while an evaluation runs
 * (after it listed the open incidents) stops the paging and is not overwritten.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlertEngine } from '../src/alerting/engine.js';
import { acknowledge, changeStatus, declare, resolve } from '../src/incidents/lifecycle.js';
import { createLogger } from '../src/logger.js';
import { MetricsService } from '../src/metrics/service.js';
import { openEmbeddedStores, type Stores } from '../src/store/duckdb/index.js';
import type { StateStore } from '../src/store/types.js';
import { M, T0, timelinePlan } from './helpers/alert-timeline.js';

const plan = timelinePlan(`
people:
  ana: { name: Ana Silva, channels: [hook] }
escalation:
  default:
    - { notify: person:ana }
    - { after: 5m, notify: person:ana }
alerts:
  - { name: latency_high, when: lat > 1000, severity: P1 }
routing:
  group_wait: 0s
  routes:
    - { match: { severity: P1 }, escalation: default }
`);

let dir: string | undefined;
let stores: Stores | undefined;
let engine: AlertEngine | undefined;
let now = T0;
let ids = 0;

afterEach(async () => {
  await engine?.stop();
  await stores?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  engine = stores = dir = undefined;
  now = T0;
});

/** The store with some methods replaced. */
function replacing(real: StateStore, methods: Partial<StateStore>): StateStore {
  return new Proxy(real, { get: (target, key) => (Reflect.get(methods, key) as unknown) ?? (Reflect.get(target, key, target) as unknown as (...a: unknown[]) => unknown).bind(target) });
}

/**
 * Opens the stores on `dir` and an engine on them. `crashing`: the incident writes never happen.
 * `afterListed`: run once as the engine lists the open incidents, after the list is read.
 */
async function open(crashing: boolean, afterListed?: (real: StateStore) => Promise<void>, methods?: (real: StateStore) => Partial<StateStore>): Promise<void> {
  dir ??= mkdtempSync(join(tmpdir(), 'lw-catch-up-'));
  stores = await openEmbeddedStores(dir, { memoryLimit: '512MB' });
  await stores.events.prepare(plan.events);
  const real = stores.state;
  const dying = (): Promise<never> => Promise.reject(new Error('the process died here'));
  let hook = afterListed;
  const state: StateStore = crashing
    ? replacing(real, { putIncident: dying, nextIncidentId: dying })
    : replacing(real, {
        ...methods?.(real),
        incidents: async (query) => {
          const list = await real.incidents(query);
          const run = query.status === 'open' ? hook : undefined;
          hook = undefined;
          await run?.(real);
          return list;
        },
      });
  const metrics = new MetricsService({ store: stores.events, plan: () => plan, now: () => now, sequence: () => ids });
  engine = await AlertEngine.open({ plan: () => plan, events: stores.events, state, metrics, now: () => now, logger: createLogger('silent'), onNotifications: () => undefined, newId: () => `n${++ids}` });
}

async function restart(): Promise<void> {
  await engine?.stop();
  await stores?.close();
  await open(false);
}

describe('a crash between the alerting commit and the incident writes', () => {
  it('is caught up on the first tick after the restart, once', async () => {
    await open(true);
    await stores?.events.append([{ id: 'e1', type: 'req', ts: now, userId: null, sessionId: null, properties: { backend: 'main', ms: 2000 } }]);
    ids++;
    await engine?.tick();
    // The alert is committed firing; its incident was never written.
    expect(engine?.list().map((v) => [v.alert.rule, v.alert.state])).toEqual([['latency_high', 'firing']]);
    expect(await stores?.state.incidents({})).toEqual([]);
    const fingerprint = engine?.list()[0]?.alert.fingerprint ?? '';

    now = T0 + 2 * M;
    await restart();
    await engine?.tick();
    const incidents = (await stores?.state.incidents({})) ?? [];
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ id: 'INC-1', severity: 'SEV1', alerts: [fingerprint], declaredAt: T0 + 2 * M, startedAt: T0, paging: { policy: 'default', stepsPaged: 1 } });
    const timeline = (await stores?.state.timeline('INC-1')) ?? [];
    expect(timeline.filter((e) => e.kind === 'alert_fired').map((e) => e.text)).toEqual([
      `alert latency_high fired (P1, fingerprint ${fingerprint}) at ${new Date(T0).toISOString()}, recorded late`,
    ]);
    expect(timeline.filter((e) => e.kind === 'escalated').map((e) => e.text)).toEqual(['step 1 of escalation default: paged ana (hook)']);
    // The alert's own notifications (none: the route only pages) and the page.
    expect((await stores?.state.notifications({}))?.map((n) => n.groupKey)).toEqual([`incident:INC-1:ana`]);

    // Idempotent: later ticks, and another restart, declare nothing more.
    now = T0 + 3 * M;
    await engine?.tick();
    await restart();
    await engine?.tick();
    expect((await stores?.state.incidents({}))?.map((i) => i.id)).toEqual(['INC-1']);

    // A person resolves it while the alert still fires: it stays resolved, no new incident.
    const [incident] = (await stores?.state.incidents({})) ?? [];
    if (!incident) throw new Error('no incident');
    const resolved = resolve(incident, { by: 'ana' }, T0 + 4 * M, plan.incidents);
    if (resolved.kind !== 'changed') throw new Error(resolved.kind);
    await stores?.state.putIncident(resolved.incident, resolved.entries);
    now = T0 + 5 * M;
    await engine?.tick();
    expect((await stores?.state.incidents({}))?.map((i) => [i.id, i.status])).toEqual([['INC-1', 'resolved']]);
  });
});

describe('an acknowledgement through the API while an evaluation runs', () => {
  it('stops the paging and is kept, though the evaluation listed the incident before it', async () => {
    const ack = async (real: StateStore): Promise<void> => {
      const incident = await real.incident('INC-1');
      if (!incident) throw new Error('no incident');
      const outcome = acknowledge(incident, 'ana', now);
      if (outcome.kind !== 'changed') throw new Error(outcome.kind);
      await real.putIncident(outcome.incident, outcome.entries);
    };
    // Declared by hand, paging through the policy; step 1 paged at once.
    await open(false);
    const declared = declare({ id: (await stores?.state.nextIncidentId()) ?? '', title: 'Checkout is down', severity: 'SEV1', by: 'cleo', paging: 'default' }, now);
    if (declared.kind !== 'changed') throw new Error(declared.kind);
    await stores?.state.putIncident(declared.incident, declared.entries);
    await engine?.pageIncidents();
    expect((await stores?.state.incident('INC-1'))?.paging).toEqual({ policy: 'default', stepsPaged: 1 });

    // At 5 minutes an evaluation lists the open incidents; Ana acknowledges right after.
    now = T0 + 5 * M;
    await engine?.stop();
    await stores?.close();
    await open(false, ack);
    await engine?.tick();
    const incident = await stores?.state.incident('INC-1');
    expect(incident).toMatchObject({ acknowledgedAt: T0 + 5 * M, paging: { stepsPaged: 1 } });
    expect((await stores?.state.timeline('INC-1'))?.filter((e) => e.kind === 'escalated')).toHaveLength(1);
  });
});

describe('an API change while the automation writes the same incident', () => {
  it('waits until the automation has written, then is kept: neither writes over the other', async () => {
    await open(false);
    const declared = declare({ id: (await stores?.state.nextIncidentId()) ?? '', title: 'Checkout is down', severity: 'SEV1', by: 'cleo', paging: 'default' }, now);
    if (declared.kind !== 'changed') throw new Error(declared.kind);
    await stores?.state.putIncident(declared.incident, declared.entries);
    await engine?.pageIncidents();

    // At 5 minutes the automation pages step 2; its write of the incident is held until released.
    now = T0 + 5 * M;
    await engine?.stop();
    await stores?.close();
    let held = (): void => undefined;
    let release = (): void => undefined;
    const reached = new Promise<void>((r) => (held = r));
    const gate = new Promise<void>((r) => (release = r));
    await open(false, undefined, (real) => ({
      putIncident: async (incident, entries) => {
        if (incident.paging?.stepsPaged === 2) {
          held();
          await gate;
        }
        return real.putIncident(incident, entries);
      },
    }));
    const tick = engine?.tick();
    await reached;
    let api: Promise<void> | undefined;
    try {
      // Meanwhile someone moves the incident to identified through the API (the route runs its change this way).
      api = engine?.withIncidents(async () => {
        const incident = await stores?.state.incident('INC-1');
        if (!incident) throw new Error('no incident');
        const outcome = changeStatus(incident, 'identified', 'ana', now, plan.incidents);
        if (outcome.kind !== 'changed') throw new Error(outcome.kind);
        await stores?.state.putIncident(outcome.incident, outcome.entries);
      });
      await new Promise((r) => setTimeout(r, 50));
      expect((await stores?.state.incident('INC-1'))?.status).toBe('investigating'); // the API change waits
    } finally {
      release();
    }
    await tick;
    await api;
    expect(await stores?.state.incident('INC-1')).toMatchObject({ status: 'identified', paging: { stepsPaged: 2 } });
  });
});
