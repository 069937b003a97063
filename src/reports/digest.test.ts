import { describe, expect, it } from 'vitest';
import type { DigestSpec } from '../plan/report-types.js';
import type { DigestRun } from '../store/digests.js';
import { digestDecision, digestNotifications, digestPeriod } from './digest.js';
import { weeklyReport } from './build.js';
import { weeklySource } from './fixtures.js';
import { slackMessage } from '../notify/slack.js';

const weekly: DigestSpec = { kind: 'weekly', schedule: { expression: '0 9 * * MON', timezone: 'Europe/Lisbon' }, channels: ['mail', 'chat'] };
const at = (text: string): number => Date.parse(text);
const last = (slot: string): DigestRun => ({ digest: 'weekly', slot: at(slot), kind: 'sent', period: null, recordedAt: at(slot), notifications: 1 });

describe('digestDecision', () => {
  it('starts counting the first time it sees a digest, sending nothing', () => {
    expect(digestDecision(weekly, undefined, at('2026-11-25T12:00:00Z'))).toEqual({ kind: 'initialise' });
  });

  it('is due at the slot in local time, summer and winter', () => {
    // Lisbon is UTC+1 in summer: Monday 09:00 local is 08:00 UTC.
    expect(digestDecision(weekly, last('2026-07-06T08:00:00Z'), at('2026-07-13T07:59:59Z'))).toEqual({ kind: 'wait', next: at('2026-07-13T08:00:00Z') });
    expect(digestDecision(weekly, last('2026-07-06T08:00:00Z'), at('2026-07-13T08:00:00Z'))).toEqual({ kind: 'due', slot: at('2026-07-13T08:00:00Z') });
    expect(digestDecision(weekly, last('2026-11-16T09:00:00Z'), at('2026-11-23T09:00:00Z'))).toEqual({ kind: 'due', slot: at('2026-11-23T09:00:00Z') });
  });

  it('sends only the latest of several missed slots, once', () => {
    // Down for three Mondays: one digest, for the last one.
    const decision = digestDecision(weekly, last('2026-11-02T09:00:00Z'), at('2026-11-25T12:00:00Z'));
    expect(decision).toEqual({ kind: 'due', slot: at('2026-11-23T09:00:00Z') });
    // Once that slot is recorded, nothing until the next Monday.
    expect(digestDecision(weekly, last('2026-11-23T09:00:00Z'), at('2026-11-25T12:00:00Z'))).toEqual({ kind: 'wait', next: at('2026-11-30T09:00:00Z') });
  });

  it('reports on the last closed week or month at the slot', () => {
    expect(digestPeriod(weekly, at('2026-11-23T09:00:00Z'), 'UTC').label).toBe('2026-W47');
    expect(digestPeriod({ ...weekly, kind: 'monthly' }, at('2026-12-01T09:00:00Z'), 'UTC').label).toBe('2026-11');
    // Monday Nov 30, 09:00 in Auckland is Sunday 20:00 UTC: W48 (Nov 23–29) has closed there, not yet in UTC.
    expect(digestPeriod(weekly, at('2026-11-29T20:00:00Z'), 'Pacific/Auckland')).toMatchObject({ label: '2026-W48', zone: 'Pacific/Auckland' });
    expect(digestPeriod(weekly, at('2026-11-29T20:00:00Z'), 'UTC').label).toBe('2026-W47');
  });
});

describe('digestNotifications', () => {
  it('owes each channel the report: subject, summary, Markdown, HTML and a link', () => {
    const report = weeklyReport(weeklySource());
    let n = 0;
    const owed = digestNotifications(weekly, report, at('2026-11-23T09:00:00Z'), { externalUrl: 'https://lw.example.com/', newId: () => `id-${++n}` });
    expect(owed.map((o) => [o.id, o.channel, o.kind, o.status, o.alerts.length, o.groupKey])).toEqual([
      ['id-1', 'mail', 'digest', 'resolved', 0, 'digest:weekly'],
      ['id-2', 'chat', 'digest', 'resolved', 0, 'digest:weekly'],
    ]);
    const digest = owed[0]?.digest;
    expect(digest?.subject).toBe('caro — Week 2026-W47 post-launch metrics (Nov 16–22, 2026)');
    expect(digest?.url).toBe('https://lw.example.com/api/v1/reports/weekly?week=2026-W47&format=html');
    expect(digest?.summary.split('\n')).toEqual([
      'caro — Week 2026-W47 post-launch metrics (Nov 16–22, 2026)',
      '• Active weekly users: 162 🟢, target >= 150 (yellow >= 100) · ↑ +15.7% (better) vs previous week',
      '• Command success rate: 84.2% 🟡, target >= 86% (yellow >= 80%) · ↓ −2.9 pp (worse) vs previous week',
      '• SEV1 incidents: 1 declared (2 incidents in all, 1 open at the end)',
      '• Alerts fired: 2',
      '• Overall health: 🔴 red (1 green, 1 yellow, 1 red, 2 unknown)',
    ]);
    expect(digest?.html).toMatch(/^<!doctype html>/);
    expect(digest?.text).toMatch(/^# caro — Week 2026-W47/);
  });

  it('is laid out by Slack as its summary with a link, never as an alert', () => {
    const [owed] = digestNotifications(weekly, weeklyReport(weeklySource()), 0, { externalUrl: 'https://lw.example.com', newId: () => 'id' });
    if (!owed) throw new Error('no notification');
    const message = slackMessage(owed, { externalUrl: 'https://lw.example.com', product: 'caro' });
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '📊 caro — Week 2026-W47 post-launch metrics (Nov 16–22, 2026)', emoji: true } });
    expect(JSON.stringify(message)).toContain('<https://lw.example.com/api/v1/reports/weekly?week=2026-W47&format=html|The whole report>');
    expect(JSON.stringify(message)).not.toContain('FIRING');
  });
});
