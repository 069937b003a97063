/**
 * A notification's own target: a status-page subscriber's address or URL
 * instead of its channel's recipients. The channel keeps everything else
 * (the SMTP server and sender, the headers). Pure.
 */
import type { NotificationTarget } from '../alerting/types.js';
import type { ChannelSpec } from '../plan/alert-types.js';

export function withTarget(channel: ChannelSpec, target: NotificationTarget | undefined): ChannelSpec {
  if (target === undefined) return channel;
  if (channel.type === 'email' && target.to !== undefined) return { ...channel, to: target.to };
  if (channel.type === 'webhook' && target.url !== undefined) return { ...channel, url: target.url };
  return channel;
}
