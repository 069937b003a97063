import { describe, expect, it } from 'vitest';
import { COMPONENTS, HOUR, INCIDENTS, NOW, PRIVATE_WORDS, TIMELINE, entry, incident } from './fixtures.js';
import type { Incident } from '../incidents/types.js';
import { DAY_MS, statusModel, uptimeState, type ComponentStatus, type StatusModel } from './model.js';

const model = statusModel({ components: COMPONENTS, incidents: INCIDENTS, publicTimeline: TIMELINE, now: NOW, days: 90 });

function component(m: StatusModel, id: string): ComponentStatus {
  const found = m.components.find((c) => c.id === id);
  if (!found) throw new Error(`no component ${id}`);
  return found;
}

function day(c: ComponentStatus, date: string) {
  return c.history.find((d) => d.date === date);
}

describe('statusModel: components now', () => {
  it('gives each component the worst state an open incident gives it, in plan order', () => {
    expect(model.components.map((c) => [c.id, c.state, c.incidents])).toEqual([
      ['api', 'degraded', ['INC-2']],
      ['web', 'partial_outage', ['INC-2']],
      ['cli', 'operational', []],
    ]);
    expect(model.overall).toEqual({ state: 'partial_outage', reason: 'components_affected' });
  });

  it('takes the worst of several open incidents, and a resolved one counts no more', () => {
    const m = statusModel({
      components: { api: { name: 'API' } },
      incidents: [
        incident({ id: 'A', declaredAt: NOW - 2 * HOUR, components: { api: 'degraded' } }),
        incident({ id: 'B', declaredAt: NOW - HOUR, status: 'monitoring', components: { api: 'major_outage' } }),
        incident({ id: 'C', declaredAt: NOW - 3 * HOUR, status: 'resolved', components: { api: 'major_outage' } }),
      ],
      publicTimeline: [],
      now: NOW,
      days: 90,
    });
    expect(component(m, 'api')).toMatchObject({ state: 'major_outage', incidents: ['A', 'B'] });
    expect(m.overall).toEqual({ state: 'major_outage', reason: 'components_affected' });
  });

  it('says all operational with no open incident, and names an open incident that affects no component', () => {
    const quiet = statusModel({ components: COMPONENTS, incidents: [], publicTimeline: [], now: NOW, days: 90 });
    expect(quiet.overall).toEqual({ state: 'operational', reason: 'all_operational' });
    expect(quiet.components.every((c) => c.history.every((d) => d.state === 'operational' && d.incidents.length === 0))).toBe(true);

    const elsewhere = statusModel({ components: COMPONENTS, incidents: INCIDENTS.filter((i) => i.id === 'INC-6'), publicTimeline: TIMELINE, now: NOW, days: 90 });
    expect(elsewhere.overall).toEqual({ state: 'operational', reason: 'active_incidents' });
    expect(elsewhere.active.map((i) => [i.id, i.impact, i.components])).toEqual([['INC-6', 'operational', []]]);
  });
});

describe('statusModel: incidents', () => {
  it('lists open incidents newest first and resolved ones of the window most recently resolved first', () => {
    expect(model.active.map((i) => i.id)).toEqual(['INC-6', 'INC-2']);
    expect(model.resolved.map((i) => i.id)).toEqual(['INC-5', 'INC-1']);
  });

  it('leaves out an incident with no component on the page and only automatic public entries, and one resolved before the window', () => {
    const ids = [...model.active, ...model.resolved].map((i) => i.id);
    expect(ids).not.toContain('INC-3');
    expect(ids).not.toContain('INC-4');
  });

  it('shows an incident without components once someone posts a public update, with its automatic public entries', () => {
    const at = Date.parse('2026-11-22T11:30:00Z');
    const m = statusModel({ components: COMPONENTS, incidents: INCIDENTS, publicTimeline: [...TIMELINE, entry('INC-3', at, 'public_update', 'Sign-ins may fail briefly.', true)], now: NOW, days: 90 });
    expect(m.active.find((i) => i.id === 'INC-3')?.updates.map((u) => u.kind)).toEqual(['public_update', 'status_changed', 'declared']);
    expect(m.overall.reason).toBe('components_affected');
  });

  it('keeps only public timeline entries, newest first, even when handed private ones', () => {
    const inc2 = model.active.find((i) => i.id === 'INC-2');
    expect(inc2?.updates.map((u) => [u.kind, u.at - Date.parse('2026-11-22T09:00:00Z')])).toEqual([
      ['status_changed', HOUR],
      ['public_update', HOUR / 2],
      ['declared', 0],
    ]);
    expect(inc2).toMatchObject({ status: 'investigating', impact: 'partial_outage', resolvedAt: null });
    expect(inc2?.components).toEqual([
      { id: 'api', name: 'API', state: 'degraded' },
      { id: 'web', name: 'Web app', state: 'partial_outage' },
    ]);
  });

  it('carries nothing private: no people, notes, alerts, severity or commander', () => {
    const text = JSON.stringify(model);
    for (const word of PRIVATE_WORDS) expect(text).not.toContain(word);
    const inc1 = model.resolved.find((i) => i.id === 'INC-1');
    expect(Object.keys(inc1 ?? {}).sort()).toEqual(['components', 'declaredAt', 'id', 'impact', 'resolvedAt', 'startedAt', 'status', 'title', 'updates']);
    expect(Object.keys(inc1?.updates[0] ?? {}).sort()).toEqual(['at', 'kind', 'text']);
  });
});

describe('statusModel: daily history', () => {
  it('has one day per UTC day, oldest first, today last', () => {
    const api = component(model, 'api');
    expect(api.history).toHaveLength(90);
    expect(api.history[0]).toMatchObject({ date: '2026-08-25', start: Date.parse('2026-08-25T00:00:00Z') });
    expect(api.history[89]?.date).toBe('2026-11-22');
    expect(model.windowStart).toBe(Date.parse('2026-08-25T00:00:00Z'));
  });

  it('marks each day with the worst state of the incidents that touched it', () => {
    const api = component(model, 'api');
    expect(day(api, '2026-11-12')).toMatchObject({ state: 'major_outage', incidents: ['INC-1'] });
    expect(day(api, '2026-11-13')).toMatchObject({ state: 'operational', incidents: [] });
    expect(day(api, '2026-11-22')).toMatchObject({ state: 'degraded', incidents: ['INC-2'] });
    expect(api.history.filter((d) => d.state !== 'operational').map((d) => d.date)).toEqual(['2026-11-12', '2026-11-22']);
    // INC-5 ran from 23:00 to 01:00: both days carry it.
    const web = component(model, 'web');
    expect(web.history.filter((d) => d.state !== 'operational').map((d) => [d.date, d.state, d.incidents])).toEqual([
      ['2026-11-20', 'degraded', ['INC-5']],
      ['2026-11-21', 'degraded', ['INC-5']],
      ['2026-11-22', 'partial_outage', ['INC-2']],
    ]);
  });

  it('ends an incident resolved at midnight on the day before, and marks one resolved the instant it began', () => {
    const midnight = Date.parse('2026-11-21T00:00:00Z');
    const m = statusModel({
      components: { api: { name: 'API' } },
      incidents: [
        incident({ id: 'A', status: 'resolved', declaredAt: midnight - HOUR, resolvedAt: midnight, components: { api: 'degraded' } }),
        incident({ id: 'B', status: 'resolved', declaredAt: midnight - 5 * DAY_MS, resolvedAt: midnight - 5 * DAY_MS, components: { api: 'partial_outage' } }),
      ],
      publicTimeline: [],
      now: NOW,
      days: 90,
    });
    expect(component(m, 'api').history.filter((d) => d.state !== 'operational').map((d) => [d.date, d.incidents])).toEqual([
      ['2026-11-16', ['B']],
      ['2026-11-20', ['A']],
    ]);
  });

  it('starts at the known start of impact and clips an open incident older than the window to it', () => {
    const m = statusModel({
      components: { api: { name: 'API' } },
      incidents: [
        incident({ id: 'OLD', declaredAt: NOW - 200 * DAY_MS, components: { api: 'degraded' } }),
        incident({ id: 'EARLY', status: 'resolved', declaredAt: Date.parse('2026-11-10T02:00:00Z'), startedAt: Date.parse('2026-11-08T22:00:00Z'), resolvedAt: Date.parse('2026-11-10T03:00:00Z'), components: { api: 'major_outage' } }),
      ],
      publicTimeline: [entry('EARLY', Date.parse('2026-11-10T02:00:00Z'), 'declared', 'Errors', true)],
      now: NOW,
      days: 90,
    });
    const api = component(m, 'api');
    expect(api.history.every((d) => d.incidents.includes('OLD'))).toBe(true);
    expect(api.history.filter((d) => d.state === 'major_outage').map((d) => d.date)).toEqual(['2026-11-08', '2026-11-09', '2026-11-10']);
    expect(m.resolved[0]).toMatchObject({ id: 'EARLY', startedAt: Date.parse('2026-11-08T22:00:00Z') });
  });

  it('ignores an incident declared after now', () => {
    const m = statusModel({ components: { api: { name: 'API' } }, incidents: [incident({ id: 'F', declaredAt: NOW + HOUR, components: { api: 'major_outage' } })], publicTimeline: [], now: NOW, days: 90 });
    expect(m.overall.reason).toBe('all_operational');
    expect(m.active).toEqual([]);
  });
});

describe('components watched by uptime probes', () => {
  const base = { components: { api: { name: 'API' }, web: { name: 'Web' } }, incidents: [], publicTimeline: [], now: NOW, days: 3 };

  it('colours each day by its uptime, shows the window uptime, and takes the probes state now', () => {
    const model = statusModel({ ...base, probes: { api: { state: 'major_outage', uptime: 0.98, daily: [1, 0.995, 0.9] } } });
    const api = model.components[0];
    expect(api?.state).toBe('major_outage');
    expect(api?.uptime).toBe(0.98);
    expect(api?.history.map((d) => [d.state, d.uptime])).toEqual([
      ['operational', 1],
      ['degraded', 0.995],
      ['major_outage', 0.9],
    ]);
    expect(model.overall).toEqual({ state: 'major_outage', reason: 'components_affected' });
    expect(model.components[1]).toMatchObject({ state: 'operational', uptime: null });
    expect(model.components[1]?.history.every((d) => d.uptime === null && d.state === 'operational')).toBe(true);
  });

  it('maps uptime to a state: 99.9 % operational, 99 % degraded, 95 % partial outage, below major; no data operational', () => {
    expect([null, 1, 0.999, 0.9989, 0.99, 0.9899, 0.95, 0.9499].map(uptimeState)).toEqual([
      'operational',
      'operational',
      'operational',
      'degraded',
      'degraded',
      'partial_outage',
      'partial_outage',
      'major_outage',
    ]);
  });
});

describe('statusModel: the public title of an incident declared from an alert', () => {
  const fromAlert = incident({ id: 'INC-9', title: 'Alert checkout_drop firing (checkout_success)', fromRule: 'checkout_drop', declaredAt: NOW - HOUR, components: { api: 'partial_outage' } });
  const timeline = [entry('INC-9', NOW - HOUR, 'declared', 'Alert checkout_drop firing (checkout_success)', true)];
  const view = (titles?: { byRule: Record<string, string>; fallback?: string }) =>
    statusModel({ components: COMPONENTS, incidents: [fromAlert], publicTimeline: timeline, now: NOW, days: 90, ...(titles ? { publicTitles: titles } : {}) }).active[0];

  it("takes the rule's public summary, else the plan's public title, in the title and the declaration's entry", () => {
    expect(view({ byRule: { checkout_drop: 'Payments are failing for some customers' }, fallback: 'We are looking into a problem' })).toMatchObject({
      title: 'Payments are failing for some customers',
      updates: [{ kind: 'declared', text: 'Payments are failing for some customers' }],
    });
    expect(view({ byRule: {}, fallback: 'We are looking into a problem' })?.title).toBe('We are looking into a problem');
  });

  it('never shows the alert or metric names, even when the plan gives no public text', () => {
    const shown = view();
    expect(shown?.title).toBe('Partial outage: API');
    expect(JSON.stringify(shown)).not.toMatch(/checkout_drop|checkout_success/);
  });

  it("keeps the title a person declared", () => {
    const byHand = statusModel({ components: COMPONENTS, incidents: [{ ...fromAlert, fromRule: undefined, title: 'Slow checkout' } as Incident], publicTimeline: [], now: NOW, days: 90, publicTitles: { byRule: {}, fallback: 'x' } });
    expect(byHand.active[0]?.title).toBe('Slow checkout');
  });
});

describe('statusModel: days before the first observation', () => {
  it('are not observed, unless an incident or a probe result says otherwise', () => {
    const declared = incident({ id: 'INC-8', declaredAt: NOW - 5 * 86_400_000, status: 'resolved', resolvedAt: NOW - 5 * 86_400_000 + HOUR, components: { api: 'degraded' } });
    const model = statusModel({ components: { api: { name: 'API' } }, incidents: [declared], publicTimeline: [], now: NOW, days: 10, observedSince: NOW - 2 * 86_400_000 });
    expect(model.components[0]?.history.map((d) => d.observed)).toEqual([false, false, false, false, true, false, false, true, true, true]);
  });
});
