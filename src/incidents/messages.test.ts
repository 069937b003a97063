import { describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../plan/incident-types.js';
import { DEFAULT_SEVERITIES } from '../plan/incidents.js';
import { messageText, nextUpdateDueAt, userMessage, type MessageContext } from './messages.js';
import { humanDuration, listWords } from './text.js';
import type { Incident } from './types.js';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const MIN = 60_000;
const COMPONENTS: Record<string, ComponentSpec> = {
  cli: { id: 'cli', name: 'caro CLI', description: 'command generation' },
  telemetry: { id: 'telemetry', name: 'Telemetry backend' },
};

const incident: Incident = {
  id: 'INC-7',
  title: 'Command generation failing',
  severity: 'SEV1',
  status: 'identified',
  commander: 'ana',
  components: { cli: 'major_outage', telemetry: 'degraded' },
  alerts: ['fp-secret'],
  declaredAt: T0,
  declaredBy: 'ana',
  acknowledgedAt: T0,
  mitigatedAt: null,
  resolvedAt: null,
  lastUpdateAt: T0 + 5 * MIN,
  postmortemDueAt: null,
  postmortemWrittenAt: null,
  summary: 'internal: pool exhausted after deploy 4f2a',
};

const context: MessageContext = { product: 'caro', components: COMPONENTS, severity: DEFAULT_SEVERITIES.SEV1, statusPageUrl: 'https://status.caro.sh', now: T0 + 10 * MIN };

describe('userMessage (seed 002 template)', () => {
  it('renders the template with the product, the issue, what it affects, when the next update comes, and the status page', () => {
    expect(messageText(userMessage(incident, context))).toBe(
      [
        'Subject: caro Service Update - Command generation failing',
        '',
        'Dear caro User,',
        '',
        'We are currently experiencing an issue with caro CLI and Telemetry backend that may affect your ability to use command generation and Telemetry backend.',
        '',
        'Our engineering team is actively working to resolve this issue. We will send our next update by 2026-11-20 12:20 UTC.',
        '',
        'We apologize for any inconvenience this may cause and appreciate your patience.',
        '',
        'For real-time updates, please visit our status page: https://status.caro.sh',
        '',
        'Best regards,',
        'The caro Team',
        '',
      ].join('\n'),
    );
  });

  it('never carries notes, people or alerts', () => {
    const text = messageText(userMessage(incident, context));
    for (const secret of ['pool exhausted', 'ana', 'fp-secret', 'INC-7']) expect(text).not.toContain(secret);
  });

  it('says when service should be back when told, takes the sender’s wording, and leaves out the status page when the plan has none', () => {
    const noPage = { ...context, statusPageUrl: undefined };
    const message = userMessage({ ...incident, eta: T0 + 60 * MIN }, noPage, { issue: 'slow command generation', affects: 'generate commands quickly' });
    expect(message.body).toContain('We are currently experiencing slow command generation that may affect your ability to generate commands quickly.');
    expect(message.body).toContain('We expect to have service restored by 2026-11-20 13:00 UTC.');
    expect(message.body).not.toContain('status page');
  });

  it('without components or a cadence, speaks of the product and promises news when known', () => {
    const body = userMessage({ ...incident, components: {}, severity: 'SEV3' }, { ...context, severity: DEFAULT_SEVERITIES.SEV3 }).body;
    expect(body).toContain('We are currently experiencing an issue that may affect your ability to use caro.');
    expect(body).toContain('We will send an update as soon as we know more.');
  });

  it('tells of a fix being watched while monitoring, and of the resolution once resolved', () => {
    expect(userMessage({ ...incident, status: 'monitoring' }, context).body).toContain('has applied a fix and is monitoring the results');
    const resolved = userMessage({ ...incident, status: 'resolved', resolvedAt: T0 + 40 * MIN }, context);
    expect(resolved.subject).toBe('caro Service Update - Resolved: Command generation failing');
    expect(resolved.body).toContain('The issue with caro CLI and Telemetry backend that affected your ability to use command generation and Telemetry backend has been resolved as of 2026-11-20 12:40 UTC.');
  });
});

describe('nextUpdateDueAt', () => {
  it('is the last update plus the severity cadence; none without a cadence or once resolved', () => {
    expect(nextUpdateDueAt(incident, DEFAULT_SEVERITIES.SEV1)).toBe(T0 + 20 * MIN);
    expect(nextUpdateDueAt(incident, DEFAULT_SEVERITIES.SEV4)).toBeNull();
    expect(nextUpdateDueAt({ ...incident, status: 'resolved' }, DEFAULT_SEVERITIES.SEV1)).toBeNull();
  });
});

describe('text', () => {
  it('says durations in their two largest units and lists words', () => {
    expect([0, 999, 45_000, 65 * MIN, 60 * MIN + 30_000, 2 * 86_400_000 + 3 * 3_600_000 + 5 * MIN].map(humanDuration)).toEqual([
      '0 seconds',
      '1 second',
      '45 seconds',
      '1 hour 5 minutes',
      '1 hour',
      '2 days 3 hours',
    ]);
    expect([listWords([]), listWords(['a']), listWords(['a', 'b']), listWords(['a', 'b', 'c'])]).toEqual(['', 'a', 'a and b', 'a, b and c']);
  });
});
