/**
 * The one place a channel type is registered. Adding a channel: write its
 * module (a NotifierFactory that builds the provider's request and classifies
 * the answer with http.ts or its own protocol's rules), add its spec to
 * ChannelSpec, and add one entry here; the compiler then asks for nothing else.
 */
import type { ChannelSpec, ChannelType } from '../plan/alert-types.js';
import { createEmailNotifier } from './email.js';
import { createPagerDutyNotifier } from './pagerduty.js';
import { createDiscordNotifier } from './discord.js';
import { createSlackNotifier } from './slack.js';
import { createSmsNotifier } from './sms.js';
import { createTeamsNotifier } from './teams.js';
import type { Notifier, NotifierFactory, NotifyContext } from './types.js';
import { createVoiceNotifier } from './voice.js';
import { createWebhookNotifier } from './webhook.js';

export const NOTIFIERS: { readonly [T in ChannelType]: NotifierFactory<Extract<ChannelSpec, { type: T }>> } = {
  webhook: createWebhookNotifier,
  slack: createSlackNotifier,
  pagerduty: createPagerDutyNotifier,
  email: createEmailNotifier,
  teams: createTeamsNotifier,
  discord: createDiscordNotifier,
  sms: createSmsNotifier,
  voice: createVoiceNotifier,
};

export function createNotifier(channel: ChannelSpec, context: NotifyContext): Notifier {
  // TypeScript cannot relate NOTIFIERS[channel.type] to channel's own member of the union; the mapped type above guarantees it.
  const factory = NOTIFIERS[channel.type] as NotifierFactory;
  return factory(channel, context);
}
