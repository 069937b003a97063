import { describe, expect, it } from 'vitest';
import { DEFAULT_SEVERITIES } from '../plan/incidents.js';
import { postmortemDraft, type PostmortemInput } from './postmortem.js';
import type { Incident, TimelineEntry } from './types.js';

const T0 = Date.parse('2026-11-20T23:50:00Z');
const MIN = 60_000;

const incident: Incident = {
  id: 'INC-4',
  title: 'Payments failing',
  severity: 'SEV1',
  status: 'resolved',
  commander: 'ana',
  components: { cli: 'partial_outage' },
  alerts: ['fp1'],
  declaredAt: T0,
  declaredBy: 'launchwatch',
  acknowledgedAt: T0 + 7 * MIN,
  mitigatedAt: T0 + 20 * MIN,
  resolvedAt: T0 + 65 * MIN,
  lastUpdateAt: T0 + 65 * MIN,
  postmortemDueAt: T0 + 65 * MIN + 86_400_000,
  postmortemWrittenAt: null,
  startedAt: T0 - 5 * MIN,
};

const e = (offset: number, kind: TimelineEntry['kind'], by: string, text: string, isPublic = false): TimelineEntry => ({ incidentId: 'INC-4', at: T0 + offset * MIN, kind, by, text, public: isPublic });

const input: PostmortemInput = {
  incident,
  timeline: [
    e(0, 'declared', 'launchwatch', 'Payments failing', true),
    e(0, 'alert_fired', 'launchwatch', 'payment_success_rate < 90% (P1)'),
    e(7, 'acknowledged', 'ana', 'acknowledged by ana'),
    e(15, 'note', 'ana', 'rolling back\ndeploy 4f2a'),
    e(65, 'resolved', 'ana', 'This incident has been resolved.', true),
  ],
  actionItems: [
    { id: 'AI-1', incidentId: 'INC-4', title: 'Memory profiling in CI', owner: 'ben', dueAt: Date.parse('2026-12-01T00:00:00Z'), done: false, createdAt: T0 },
    { id: 'AI-2', incidentId: 'INC-4', title: 'Load test at 10x', owner: null, dueAt: null, done: true, createdAt: T0 },
  ],
  components: { cli: { id: 'cli', name: 'caro CLI' } },
  severity: DEFAULT_SEVERITIES.SEV1,
  product: 'caro',
  now: T0 + 2 * 60 * MIN,
};

describe('postmortemDraft', () => {
  const draft = postmortemDraft(input);

  it('has every section of seed 002 and 003 Step 7, in order', () => {
    const headings = draft.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Incident Report - caro: INC-4 Payments failing',
      '## Incident details',
      '## Response',
      '## Timeline (UTC)',
      '## Impact Assessment',
      '## Detection',
      '## Root Cause',
      '## Resolution',
      '## Prevention Measures',
      '## Lessons Learned',
      '## Action Items',
    ]);
  });

  it('fills in what the record knows: times, duration from the impact start, severity, systems, commander', () => {
    expect(draft).toContain('- **Date/Time**: 2026-11-20 23:45 UTC – 2026-11-21 00:55 UTC (declared 2026-11-20 23:50 UTC)');
    expect(draft).toContain('- **Duration**: 1 hour 10 minutes');
    expect(draft).toContain('- **Severity**: SEV1 (Complete outage, data loss, security breach)');
    expect(draft).toContain('- **Affected Systems**: caro CLI (partial outage)');
    expect(draft).toContain('- **Commander**: ana; declared by launchwatch');
    expect(draft).toContain('| Time to acknowledge | 7 minutes | 5 minutes | missed by 2 minutes |');
    expect(draft).toContain('| Time to resolve | 1 hour 5 minutes | 1 hour | missed by 5 minutes |');
  });

  it('names who held each role of the plan, the unassigned ones too, and lists role changes in the timeline', () => {
    const withRoles = postmortemDraft({
      ...input,
      incident: { ...incident, roles: { scribe: 'cem' } },
      timeline: [...input.timeline.slice(0, 3), e(8, 'role_changed', 'ana', 'scribe: none → cem'), ...input.timeline.slice(3)],
      roles: ['commander', 'communications', 'scribe'],
    });
    expect(withRoles).toContain('- **Commander**: ana; declared by launchwatch\n- **Roles**: communications unassigned, scribe cem\n');
    expect(withRoles).toContain('- **23:58** role · ana: scribe: none → cem');
    expect(draft).not.toContain('**Roles**');
  });

  it('lists the whole timeline, internal notes included, dating a new day, multi-line text indented', () => {
    const timeline = draft.slice(draft.indexOf('## Timeline'), draft.indexOf('## Impact'));
    expect(timeline).toContain('- **2026-11-20 23:50** declared (public) · launchwatch: Payments failing');
    expect(timeline).toContain('- **23:57** acknowledged · ana: acknowledged by ana');
    expect(timeline).toContain('- **2026-11-21 00:05** note · ana: rolling back\n  deploy 4f2a');
    expect(timeline).toContain('- **00:55** resolved (public) · ana: This incident has been resolved.');
  });

  it('says how it was detected and leaves root cause and impact to fill in', () => {
    expect(draft).toContain('- **Detection Method**: alert: payment_success_rate < 90% (P1) (2026-11-20 23:50 UTC)');
    expect(draft).toContain('- **Impact to declaration**: 5 minutes');
    expect(draft).toContain('- **Primary Cause**: _to fill in_');
    expect(draft).toContain('- **Contributing Factors**:\n  - _to fill in_');
    expect(draft).toContain("- **Why didn't we catch this before?** _to fill in_");
  });

  it('lists action items as checkboxes with owner and due date', () => {
    expect(draft).toContain('- [ ] AI-1: Memory profiling in CI - ben - 2026-12-01');
    expect(draft).toContain('- [x] AI-2: Load test at 10x - owner to assign - due date to set');
    expect(postmortemDraft({ ...input, actionItems: [] })).toContain('- [ ] _to fill in_ - owner - due date');
  });

  it('drafts an open incident too, saying how long it has lasted so far', () => {
    const open = postmortemDraft({ ...input, incident: { ...incident, status: 'monitoring', resolvedAt: null } });
    expect(open).toContain('- **Duration**: ongoing (2 hours 5 minutes so far)');
    expect(open).toContain('| Time to resolve | not yet | 1 hour | missed by 1 hour |');
  });
});
