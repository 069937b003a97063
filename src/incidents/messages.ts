/**
 * The user-facing incident notification of seed 002 ("Communication
 * Templates"), rendered from an incident. Pure. Only what is public goes in:
 * the title, the affected components' names and descriptions, the expected
 * restore time and the product's name; never notes, people or alerts.
 */
import type { ComponentSpec, SeverityPolicy } from '../plan/incident-types.js';
import { listWords, utc } from './text.js';
import type { Incident } from './types.js';

export interface MessageContext {
  readonly product: string;
  readonly components: Readonly<Record<string, ComponentSpec>>;
  readonly severity: SeverityPolicy;
  readonly statusPageUrl?: string;
  readonly now: number;
}

/** Wording the sender may set instead of the defaults derived from the incident. */
export interface MessageOverrides {
  /** Completes "We are currently experiencing …". */
  readonly issue?: string;
  /** Completes "… may affect your ability to …". */
  readonly affects?: string;
}

export interface UserMessage {
  readonly subject: string;
  readonly body: string;
}

/** When the next update is owed (the severity's cadence from the last update); null without a cadence or once resolved. */
export function nextUpdateDueAt(incident: Incident, severity: SeverityPolicy): number | null {
  if (incident.status === 'resolved' || severity.updateEveryMs === null) return null;
  return incident.lastUpdateAt + severity.updateEveryMs;
}

function affected(incident: Incident, components: Readonly<Record<string, ComponentSpec>>): { names: string[]; uses: string[] } {
  const specs = Object.keys(incident.components).map((id) => components[id] ?? { id, name: id });
  return { names: specs.map((c) => c.name), uses: specs.map((c) => c.description ?? c.name) };
}

export function userMessage(incident: Incident, context: MessageContext, overrides: MessageOverrides = {}): UserMessage {
  const product = context.product;
  const { names, uses } = affected(incident, context.components);
  const issue = overrides.issue ?? (names.length ? `an issue with ${listWords(names)}` : 'an issue');
  const affects = overrides.affects ?? `use ${uses.length ? listWords(uses) : product}`;
  const statusPage = context.statusPageUrl ? [`For real-time updates, please visit our status page: ${context.statusPageUrl}`, ''] : [];
  const closing = ['Best regards,', `The ${product} Team`];

  if (incident.status === 'resolved') {
    return {
      subject: `${product} Service Update - Resolved: ${incident.title}`,
      body: [
        `Dear ${product} User,`,
        '',
        `The ${issue.replace(/^an? /, '')} that affected your ability to ${affects} has been resolved as of ${utc(incident.resolvedAt ?? context.now)}.`,
        '',
        'We apologize for any inconvenience this may have caused and thank you for your patience.',
        '',
        ...statusPage,
        ...closing,
        '',
      ].join('\n'),
    };
  }

  const eta = incident.eta ?? null;
  const next = nextUpdateDueAt(incident, context.severity);
  const when =
    eta !== null && eta > context.now
      ? `We expect to have service restored by ${utc(eta)}.`
      : next !== null
        ? `We will send our next update by ${utc(Math.max(next, context.now))}.`
        : 'We will send an update as soon as we know more.';
  const working = incident.status === 'monitoring' ? 'Our engineering team has applied a fix and is monitoring the results.' : 'Our engineering team is actively working to resolve this issue.';
  return {
    subject: `${product} Service Update - ${incident.title}`,
    body: [
      `Dear ${product} User,`,
      '',
      `We are currently experiencing ${issue} that may affect your ability to ${affects}.`,
      '',
      `${working} ${when}`,
      '',
      'We apologize for any inconvenience this may cause and appreciate your patience.',
      '',
      ...statusPage,
      ...closing,
      '',
    ].join('\n'),
  };
}

/** The message as one text: a Subject line, a blank line, the body. */
export function messageText(message: UserMessage): string {
  return `Subject: ${message.subject}\n\n${message.body}`;
}
