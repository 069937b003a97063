/**
 * SMS through Twilio (POST /2010-04-01/Accounts/{AccountSid}/Messages.json
 * with To, From and Body): the title, then one line per firing alert, then
 * the link to launchwatch, within Twilio's 1600 characters; or the channel's
 * `title` and `text` templates.
 */
import type { NotificationRequest } from '../alerting/types.js';
import { alertLine, baseUrl, firingAlerts, resolvedAlerts, templated, title, truncate } from './message.js';
import { SMS_BODY_MAX, twilioCreate, type TwilioChannel } from './twilio.js';
import type { NotifierFactory, NotifyContext } from './types.js';

export type SmsChannel = Extract<TwilioChannel, { type: 'sms' }>;

/** Lines for at most this many alerts: a text message is read on a phone. */
const ALERTS_LISTED = 5;

export function smsBody(n: NotificationRequest, channel: SmsChannel, context: NotifyContext): string {
  if (n.digest) return truncate(`${n.digest.subject}\n${n.digest.summary}\n${n.digest.url}`, SMS_BODY_MAX);
  const alerts = n.status === 'firing' ? firingAlerts(n) : resolvedAlerts(n);
  const hidden = alerts.length - ALERTS_LISTED;
  const text = [...alerts.slice(0, ALERTS_LISTED).map(alertLine), ...(hidden > 0 ? [`…and ${hidden} more`] : []), baseUrl(context)].join('\n');
  const words = templated(channel.templates, n, context, { title: title(n), text });
  return truncate(words.text === '' ? words.title : `${words.title}\n${words.text}`, SMS_BODY_MAX);
}

export const createSmsNotifier: NotifierFactory<SmsChannel> = (channel, context) => ({
  send: (n, signal) => twilioCreate(channel, 'Messages', { Body: smsBody(n, channel, context) }, signal),
});
