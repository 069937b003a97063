/**
 * The post-mortem draft: Markdown in the shape of seed 002's internal incident
 * report and seed 003's Step 7, filled from the incident's record (details,
 * figures against targets, the whole timeline, detection, action items) with
 * the parts only people can write marked "to fill in". Pure. Internal: it
 * includes notes and people.
 */
import type { ComponentSpec, SeverityPolicy } from '../plan/incident-types.js';
import { roleHolders } from './roles.js';
import { figures, resolutionVerdict, responseVerdict, type Verdict } from './stats.js';
import { humanDuration, utc, utcDate, utcTime } from './text.js';
import type { ActionItem, Incident, TimelineEntry } from './types.js';

export interface PostmortemInput {
  readonly incident: Incident;
  readonly timeline: readonly TimelineEntry[];
  readonly actionItems: readonly ActionItem[];
  readonly components: Readonly<Record<string, ComponentSpec>>;
  readonly severity: SeverityPolicy;
  readonly product: string;
  readonly now: number;
  /** The plan's incident roles (`incidents.roles`); default: the commander alone. */
  readonly roles?: readonly string[];
}

const FILL = '_to fill in_';

const KIND_WORDS: Record<TimelineEntry['kind'], string> = {
  declared: 'declared',
  alert_fired: 'alert fired',
  alert_resolved: 'alert resolved',
  acknowledged: 'acknowledged',
  escalated: 'escalated',
  status_changed: 'status',
  severity_changed: 'severity',
  commander_changed: 'commander',
  role_changed: 'role',
  note: 'note',
  public_update: 'public update',
  reminder: 'reminder',
  resolved: 'resolved',
  postmortem: 'post-mortem',
};

/** One line of Markdown for a free text: line breaks become indented continuation lines. */
function inline(text: string, indent = '  '): string {
  return text.trim().replace(/\r?\n/g, `\n${indent}`);
}

function verdictWords(v: Verdict): string {
  if (v.kind === 'met') return 'met';
  if (v.kind === 'missed') return `missed by ${humanDuration(v.overMs)}`;
  return `open, ${humanDuration(v.leftMs)} left`;
}

function details(input: PostmortemInput): string[] {
  const { incident, severity } = input;
  const end = incident.resolvedAt;
  const start = incident.startedAt ?? incident.declaredAt;
  const duration = figures(incident).durationMs;
  const systems = Object.entries(incident.components).map(([id, state]) => `${input.components[id]?.name ?? id} (${state.replaceAll('_', ' ')})`);
  return [
    '## Incident details',
    '',
    `- **Incident ID**: ${incident.id}`,
    `- **Title**: ${inline(incident.title)}`,
    `- **Date/Time**: ${utc(start)} – ${end === null ? 'ongoing' : utc(end)}${incident.startedAt !== undefined ? ` (declared ${utc(incident.declaredAt)})` : ''}`,
    `- **Duration**: ${duration === null ? `ongoing (${humanDuration(input.now - start)} so far)` : humanDuration(duration)}`,
    `- **Severity**: ${incident.severity}${severity.description ? ` (${severity.description})` : ''}`,
    `- **Status**: ${incident.status}`,
    `- **Commander**: ${incident.commander ?? 'none'}; declared by ${incident.declaredBy}`,
    ...roleLine(incident, input.roles),
    `- **Affected Systems**: ${systems.length ? systems.join(', ') : FILL}`,
    `- **Linked alerts**: ${incident.alerts.length ? incident.alerts.join(', ') : 'none'}`,
    ...(incident.summary ? [`- **Summary**: ${inline(incident.summary)}`] : []),
  ];
}

/** The roles other than the commander, with their holders; nothing when the plan declares none. */
function roleLine(incident: Incident, declared: readonly string[] = []): string[] {
  const others = Object.entries(roleHolders(incident, declared)).filter(([role]) => role !== 'commander');
  return others.length ? [`- **Roles**: ${others.map(([role, person]) => `${role} ${person ?? 'unassigned'}`).join(', ')}`] : [];
}

function response(input: PostmortemInput): string[] {
  const { incident, severity, now } = input;
  const f = figures(incident);
  const took = (ms: number | null) => (ms === null ? 'not yet' : humanDuration(ms));
  return [
    '## Response',
    '',
    '| Measure | Took | Target | Verdict |',
    '| --- | --- | --- | --- |',
    `| Time to acknowledge | ${took(f.timeToAcknowledgeMs)} | ${humanDuration(severity.responseMs)} | ${verdictWords(responseVerdict(incident, severity, now))} |`,
    `| Time to mitigate | ${took(f.timeToMitigateMs)} | – | – |`,
    `| Time to resolve | ${took(f.timeToResolveMs)} | ${humanDuration(severity.resolutionMs)} | ${verdictWords(resolutionVerdict(incident, severity, now))} |`,
  ];
}

function timeline(input: PostmortemInput): string[] {
  const lines = ['## Timeline (UTC)', ''];
  let day = '';
  for (const e of input.timeline) {
    const date = utcDate(e.at);
    const when = date === day ? utcTime(e.at) : `${date} ${utcTime(e.at)}`;
    day = date;
    lines.push(`- **${when}** ${KIND_WORDS[e.kind]}${e.public ? ' (public)' : ''} · ${e.by}: ${inline(e.text)}`);
  }
  if (input.timeline.length === 0) lines.push(FILL);
  return lines;
}

function detection(input: PostmortemInput): string[] {
  const { incident, timeline: entries } = input;
  const firstAlert = entries.find((e) => e.kind === 'alert_fired');
  const how = firstAlert
    ? `alert: ${inline(firstAlert.text)} (${utc(firstAlert.at)})`
    : incident.alerts.length
      ? `alerts ${incident.alerts.join(', ')}, declared by ${incident.declaredBy}`
      : `declared by hand by ${incident.declaredBy}`;
  const lag = incident.startedAt !== undefined ? [`- **Impact to declaration**: ${humanDuration(incident.declaredAt - incident.startedAt)}`] : [];
  return ['## Detection', '', `- **Detection Method**: ${how}`, ...lag, `- **Why didn't we catch this before?** ${FILL}`];
}

function actionItems(items: readonly ActionItem[]): string[] {
  const lines = ['## Action Items', ''];
  for (const item of items) {
    lines.push(`- [${item.done ? 'x' : ' '}] ${item.id}: ${inline(item.title)} - ${item.owner ?? 'owner to assign'} - ${item.dueAt === null ? 'due date to set' : utcDate(item.dueAt)}`);
  }
  if (items.length === 0) lines.push(`- [ ] ${FILL} - owner - due date`);
  return lines;
}

export function postmortemDraft(input: PostmortemInput): string {
  const { incident } = input;
  const sections: string[][] = [
    [`# Incident Report - ${input.product}: ${incident.id} ${inline(incident.title)}`, '', `> Draft written by launchwatch on ${utc(input.now)} from the incident's record. Replace every "to fill in".`],
    details(input),
    response(input),
    timeline(input),
    ['## Impact Assessment', '', `- **User Impact**: ${FILL}`, `- **Business Impact**: ${FILL}`, `- **Data Loss**: ${FILL} (yes/no, details)`],
    detection(input),
    ['## Root Cause', '', `- **Primary Cause**: ${FILL}`, '- **Contributing Factors**:', `  - ${FILL}`],
    ['## Resolution', '', `- **Immediate Actions**: ${FILL}`, `- **Permanent Fix**: ${FILL}`, `- **Verification**: ${FILL}`],
    ['## Prevention Measures', '', `- **Short-term**: ${FILL}`, `- **Long-term**: ${FILL}`, `- **Monitoring Enhancements**: ${FILL} (new alerts/metrics)`],
    ['## Lessons Learned', '', `- ${FILL}`],
    actionItems(input.actionItems),
  ];
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}
