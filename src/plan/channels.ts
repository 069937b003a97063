/**
 * The chat and phone channels (Microsoft Teams, Discord, SMS and voice
 * through Twilio) and the message templates a channel may carry (`title`,
 * `text`): their shapes, their conversion to a ChannelSpec, and the check of
 * a template's placeholders at plan load. alerting.ts adds them to its
 * channel union; src/alerting/template.ts renders the templates.
 */
import { z } from 'zod';
import type { ChannelSpec, MessageTemplates } from './alert-types.js';
import type { PathSegment, PlanIssue } from './issue.js';

export const TWILIO_API_URL = 'https://api.twilio.com';

/** Placeholders a channel template may use on their own. */
export const MESSAGE_TEMPLATE_NAMES = ['status', 'title', 'severity', 'value', 'count', 'product', 'alertname', 'summary'] as const;
/** Placeholders a channel template may use with a key: `labels.team`, `annotations.description`, `group.backend`, `links.runbook`. */
export const MESSAGE_TEMPLATE_SCOPES = ['labels', 'annotations', 'group', 'links'] as const;
/** The links a template may name. */
export const MESSAGE_TEMPLATE_LINKS = ['alert', 'runbook', 'launchwatch'] as const;

/** A placeholder's inside: a name, or a scope and a key. Shared with the renderer. */
export const TEMPLATE_PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
export const TEMPLATE_NAME = /^([a-z_]+)(?:\.([A-Za-z0-9_]+))?$/;

/** What is wrong with a channel template's placeholders: one message per unknown one. */
export function messageTemplateProblems(text: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(TEMPLATE_PLACEHOLDER)) {
    const inner = (match[1] ?? '').trim();
    const [, name = '', key] = TEMPLATE_NAME.exec(inner) ?? [];
    const scoped = (MESSAGE_TEMPLATE_SCOPES as readonly string[]).includes(name);
    if (key === undefined && (MESSAGE_TEMPLATE_NAMES as readonly string[]).includes(name)) continue;
    if (key !== undefined && scoped && (name !== 'links' || (MESSAGE_TEMPLATE_LINKS as readonly string[]).includes(key))) continue;
    if (key !== undefined && name === 'links') {
      problems.push(`{{ ${inner} }}: there is no link "${key}" (links: ${MESSAGE_TEMPLATE_LINKS.join(', ')})`);
    } else {
      problems.push(
        `{{ ${inner} }} is not a placeholder of a channel template (use ${MESSAGE_TEMPLATE_NAMES.join(', ')}, or labels.<name>, annotations.<name>, group.<name>, links.<${MESSAGE_TEMPLATE_LINKS.join('|')}>)`,
      );
    }
  }
  return problems;
}

const templates = { title: z.string().min(1).optional(), text: z.string().min(1).optional() };
const common = { send_resolved: z.boolean().optional(), ...templates };
/** E.164, as Twilio takes `To` and `From`: a plus, then up to 15 digits. */
const phone = z.string().regex(/^\+[1-9]\d{1,14}$/, 'a phone number in E.164 form, such as +14155550100');
const twilio = {
  to: phone,
  from: phone,
  account_sid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "a Twilio account SID: AC and 32 hexadecimal digits (put it in the environment and write \"${TWILIO_ACCOUNT_SID}\")"),
  auth_token: z.string().min(1),
  api_url: z.url().optional(),
  ...common,
};

export const rawTeams = z.strictObject({ type: z.literal('teams'), webhook_url: z.url(), ...common });
export const rawDiscord = z.strictObject({ type: z.literal('discord'), webhook_url: z.url(), username: z.string().min(1).max(80).optional(), ...common });
export const rawSms = z.strictObject({ type: z.literal('sms'), ...twilio });
export const rawVoice = z.strictObject({ type: z.literal('voice'), ...twilio });

export type RawChatOrPhone = z.infer<typeof rawTeams> | z.infer<typeof rawDiscord> | z.infer<typeof rawSms> | z.infer<typeof rawVoice>;

function templatesOf(raw: { title?: string | undefined; text?: string | undefined }): MessageTemplates {
  return Object.freeze({ ...(raw.title !== undefined ? { title: raw.title } : {}), ...(raw.text !== undefined ? { text: raw.text } : {}) });
}

/** The `title` and `text` of a channel, checked: an unknown placeholder is an issue at the key. */
export function checkedTemplates(raw: { title?: string | undefined; text?: string | undefined }, path: readonly PathSegment[], issues: PlanIssue[]): MessageTemplates {
  for (const key of ['title', 'text'] as const) {
    const text = raw[key];
    if (text !== undefined) for (const message of messageTemplateProblems(text)) issues.push({ path: [...path, key], message });
  }
  return templatesOf(raw);
}

/** A Teams, Discord, SMS or voice channel as the plan wrote it, typed; a voice call is not placed for a resolution unless asked. */
export function chatOrPhoneChannel(name: string, c: RawChatOrPhone, path: readonly PathSegment[], issues: PlanIssue[]): ChannelSpec {
  const templates = checkedTemplates(c, path, issues);
  switch (c.type) {
    case 'teams':
      return { name, type: 'teams', webhookUrl: c.webhook_url, sendResolved: c.send_resolved ?? true, templates };
    case 'discord':
      return { name, type: 'discord', webhookUrl: c.webhook_url, ...(c.username !== undefined ? { username: c.username } : {}), sendResolved: c.send_resolved ?? true, templates };
    case 'sms':
    case 'voice':
      return {
        name,
        type: c.type,
        to: c.to,
        from: c.from,
        accountSid: c.account_sid,
        authToken: c.auth_token,
        apiUrl: (c.api_url ?? TWILIO_API_URL).replace(/\/+$/, ''),
        sendResolved: c.send_resolved ?? c.type === 'sms',
        templates,
      };
  }
}
