import { describe, expect, it } from 'vitest';
import type { Hygiene, RuleHygiene } from '../hygiene/hygiene.js';
import { monthlyReport } from './build.js';
import { HOSTILE_TITLE, NOVEMBER, weeklySource } from './fixtures.js';
import { hygieneSection, hygieneTables, NOISIEST_RULES } from './hygiene.js';
import { previous } from './period.js';
import { render } from './render.js';

const M = 60_000;

function rule(name: string, fired: number): RuleHygiene {
  return {
    rule: name,
    fired,
    flapped: 1,
    acknowledged: fired - 1,
    neverAcknowledged: 1,
    silenced: 0,
    timeToAcknowledge: { medianMs: 4 * M, p95Ms: 9 * M },
    notifications: { total: fired, inWorkingHours: 0, outsideWorkingHours: fired },
    noise: fired,
    suggestion: fired > 10 ? { kind: 'add_silence', text: `fired ${fired} times: add a silence while its cause is fixed` } : null,
  };
}

const HYGIENE: Hygiene = {
  from: NOVEMBER.from,
  to: NOVEMBER.to - 1,
  rules: Array.from({ length: NOISIEST_RULES + 2 }, (_, i) => rule(i === 0 ? HOSTILE_TITLE : `rule_${i}`, 20 - i)),
  people: [{ person: 'ana', zone: 'Europe/Lisbon', pages: 7, atNight: 3, onWeekends: 2, outsideWorkingHours: 5 }],
  incidentsWithoutAlert: [{ id: 'INC-9', title: 'Checkout <b>down</b>', severity: 'SEV1', declaredAt: Date.parse('2026-11-12T03:00:00Z'), declaredBy: 'ana' }],
};

describe('the monthly report’s alert hygiene section', () => {
  it('keeps the noisiest rules, says how many more there were, and lists pages per person and blind spots', () => {
    const section = hygieneSection(HYGIENE);
    expect(section.rules).toBe(NOISIEST_RULES + 2);
    expect(section.noisiest.map((r) => r.rule)).toEqual(HYGIENE.rules.slice(0, NOISIEST_RULES).map((r) => r.rule));
    expect(section.noisiest[0]).toEqual({ rule: HOSTILE_TITLE, fired: 20, flapped: 1, neverAcknowledged: 1, silenced: 0, timeToAcknowledgeMedianMs: 4 * M, notifications: 20, outsideWorkingHours: 20, suggestion: 'fired 20 times: add a silence while its cause is fixed' });
    const [rules, people, blind] = hygieneTables(section);
    expect(rules?.note).toBe('2 more rules fired or notified: launchwatch alerts hygiene lists them all.');
    expect(people?.rows).toEqual([['ana', 'Europe/Lisbon', '7', '3', '2', '5']]);
    expect(blind?.rows).toEqual([['INC-9', 'SEV1', '2026-11-12T03:00:00.000Z', 'ana', 'Checkout <b>down</b>']]);
  });

  it('says so when nothing fired and no incident lacked an alert', () => {
    const [rules, , blind] = hygieneTables(hygieneSection({ ...HYGIENE, rules: [], incidentsWithoutAlert: [] }));
    expect(rules).toMatchObject({ rows: [], empty: 'No alert fired or notified.' });
    expect(rules?.note).toBeUndefined();
    expect(blind).toMatchObject({ rows: [], empty: 'None: every incident of the month had an alert behind it.' });
  });

  it('is rendered in Markdown and HTML with every cell escaped, and left out of a report built without it', () => {
    const base = monthlyReport(weeklySource({ period: NOVEMBER, previous: previous(NOVEMBER) }), []);
    const report = { ...base, hygiene: hygieneSection(HYGIENE) };
    const markdown = render(report, 'md');
    expect(markdown).toContain('## Alert hygiene: noisiest rules');
    expect(markdown).toContain('| Latency \\<script>alert(1)\\</script> \\| p95 | 20 | 1 | 1 | 0 | 4 minutes | 20 | 20 | fired 20 times: add a silence while its cause is fixed |');
    expect(markdown).toContain('| INC-9 | SEV1 | 2026-11-12T03:00:00.000Z | ana | Checkout \\<b>down\\</b> |');
    const html = render(report, 'html');
    expect(html).toContain('Alert hygiene: pages per person');
    expect(html).toContain('Checkout &lt;b&gt;down&lt;/b&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(render(base, 'md')).not.toContain('Alert hygiene');
  });
});
