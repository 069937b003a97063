import { describe, expect, it } from 'vitest';
import { planFrom } from '../../../test/helpers/plan.js';
import { evaluateSlo } from '../../slo/evaluate.js';
import { minuteOf } from '../../slo/rollup.js';
import { sliEvents } from '../../slo/source.js';
import { groupText } from './groups.js';
import { sloBurnCondition } from './slo-burn.js';
import type { ObservationInput } from './types.js';

const plan = planFrom(`
version: 1
product: { name: x }
events:
  req: { ok: boolean, region: string }
probes:
  api: { url: "https://example.com/health" }
slos:
  uptime: { objective: 99%, window: 30d, sli: { probe: api }, alerts: { page: {} } }
  regional: { objective: 99%, window: 30d, sli: { events: req, good: { ok: true } }, by: region, alerts: { page: {} } }
`);
const NOW = Date.parse('2026-12-07T12:00:30Z');
const CURRENT = minuteOf(NOW);

describe('slo_burn conditions', () => {
  it('reads a probe SLI as the probe_result events of that probe, good when ok', () => {
    const slo = plan.slos.find((s) => s.id === 'uptime');
    expect(slo && sliEvents(slo)).toEqual({
      event: 'probe_result',
      where: [{ field: 'probe', condition: { op: 'eq', value: 'api' } }],
      good: [{ field: 'ok', condition: { op: 'eq', value: true } }],
    });
    const rule = plan.alerts.find((a) => a.name === 'uptime_page');
    const condition = rule?.levels[0]?.condition;
    if (condition?.kind !== 'slo_burn') throw new Error('expected the generated slo_burn rule');
    expect(sloBurnCondition.watches(condition, plan)).toEqual(['probe_result']);
  });

  it('gives each group how hard its worst page pair burns, over the factor; holds above 1; missing when not evaluated', () => {
    const slo = plan.slos.find((s) => s.id === 'regional');
    if (!slo) throw new Error('no slo');
    // eu: the last minute 50 bad of 100 (burn 50 over 5 m, 1 h, 30 m and 6 h); us: all good.
    const counts = new Map([
      ['eu', { group: { region: 'eu' }, minutes: new Map([[CURRENT, { good: 50, total: 100 }]]) }],
      ['us', { group: { region: 'us' }, minutes: new Map([[CURRENT, { good: 100, total: 100 }]]) }],
    ]);
    const input: ObservationInput = { current: new Map(), earlier: new Map(), counts: new Map(), grouped: new Set(), slos: new Map([['regional', evaluateSlo(slo, counts, NOW)]]) };
    const condition = { kind: 'slo_burn' as const, slo: 'regional', alert: 'page' as const, text: 'slo_burn(regional, page)' };
    const values = sloBurnCondition.values(condition, input);
    if (values === 'missing') throw new Error('missing');
    // max(min(50, 50) / 14.4, min(50, 50) / 6) = 8.333…
    expect(Object.fromEntries([...values].map(([k, v]) => [k, v.value]))).toEqual({ [groupText({ region: 'eu' })]: 8.33333333333, [groupText({ region: 'us' })]: 0 });
    expect([sloBurnCondition.holds(condition, 8.3), sloBurnCondition.holds(condition, 1)]).toEqual([true, false]);
    expect(sloBurnCondition.values(condition, { ...input, slos: new Map() })).toBe('missing');
  });
});
