import { describe, expect, it } from 'vitest';
import { COMPONENTS, INCIDENTS, NOW, PRIVATE_WORDS, TIMELINE } from './fixtures.js';
import { renderStatusJson } from './json.js';
import { statusModel } from './model.js';

const model = statusModel({ components: COMPONENTS, incidents: INCIDENTS, publicTimeline: TIMELINE, now: NOW, days: 90 });
const json = renderStatusJson(model);

describe('renderStatusJson', () => {
  it('gives the overall state, components with their 90 days and the incidents with ISO times', () => {
    expect(json.generated_at).toBe('2026-11-22T12:00:00.000Z');
    expect(json.overall).toEqual({ state: 'partial_outage', reason: 'components_affected' });
    expect(json.history_days).toBe(90);
    expect(json.components.map((c) => [c.id, c.state, c.history.length])).toEqual([
      ['api', 'degraded', 90],
      ['web', 'partial_outage', 90],
      ['cli', 'operational', 90],
    ]);
    expect(json.components[0]?.history.at(-1)).toEqual({ date: '2026-11-22', state: 'degraded', incidents: ['INC-2'], uptime: null, observed: true });
    expect(json.incidents.active.map((i) => i.id)).toEqual(['INC-6', 'INC-2']);
    expect(json.incidents.resolved[1]).toEqual({
      id: 'INC-1',
      title: 'API unavailable',
      status: 'resolved',
      impact: 'major_outage',
      declared_at: '2026-11-12T10:00:00.000Z',
      started_at: '2026-11-12T10:00:00.000Z',
      resolved_at: '2026-11-12T11:30:00.000Z',
      components: [{ id: 'api', name: 'API', state: 'major_outage' }],
      updates: [
        { at: '2026-11-12T11:30:00.000Z', kind: 'resolved', text: 'This incident has been resolved.' },
        { at: '2026-11-12T10:20:00.000Z', kind: 'public_update', text: 'We found the cause & are rolling back.' },
        { at: '2026-11-12T10:00:00.000Z', kind: 'declared', text: 'API unavailable' },
      ],
    });
  });

  it('survives a JSON round trip with hostile strings intact and nothing private in it', () => {
    const text = JSON.stringify(json);
    expect(JSON.parse(text)).toEqual(json);
    expect(json.incidents.active[1]?.title).toContain('<script>');
    for (const word of PRIVATE_WORDS) expect(text).not.toContain(word);
  });
});
