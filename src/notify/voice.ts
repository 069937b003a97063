/**
 * A phone call through Twilio (POST /2010-04-01/Accounts/{AccountSid}/Calls.json
 * with To, From and Twiml): the call reads the title and each firing alert's
 * summary, severity and value twice, through TwiML's <Say>, every value
 * XML-escaped; or the channel's `title` and `text` templates. Resolutions
 * call nobody unless the channel sets `send_resolved: true`.
 */
import type { NotificationRequest } from '../alerting/types.js';
import { firingAlerts, formatValue, resolvedAlerts, severityOf, summaryOf, templated, title, truncate } from './message.js';
import { TWIML_MAX, twilioCreate, type TwilioChannel } from './twilio.js';
import type { NotifierFactory, NotifyContext } from './types.js';

export type VoiceChannel = Extract<TwilioChannel, { type: 'voice' }>;

/** Alerts read out: a call is listened to. */
const ALERTS_READ = 3;
/** The spoken text's share of the TwiML, leaving room for the elements around it. */
const SPOKEN_MAX = 1800;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** What the call says, as plain text. */
export function spokenText(n: NotificationRequest, channel: VoiceChannel, context: NotifyContext): string {
  if (n.digest) return `${context.product}: ${n.digest.subject}. ${n.digest.summary}`;
  const alerts = n.status === 'firing' ? firingAlerts(n) : resolvedAlerts(n);
  const lines = alerts.slice(0, ALERTS_READ).map((a) => {
    const severity = severityOf(a);
    return `${severity !== null ? `${severity}. ` : ''}${summaryOf(a)}. Value ${formatValue(a.value)}.`;
  });
  if (alerts.length > ALERTS_READ) lines.push(`And ${alerts.length - ALERTS_READ} more.`);
  const words = templated(channel.templates, n, context, { title: `launchwatch, ${context.product}. ${title(n)}.`, text: lines.join(' ') });
  return truncate(words.text === '' ? words.title : `${words.title} ${words.text}`, SPOKEN_MAX);
}

/** The TwiML of the call: the text said twice; cut (before escaping, so the XML stays whole) to Twilio's 4000 characters. */
export function twiml(spoken: string): string {
  const wrap = (text: string): string => `<Response><Say loop="2">${escapeXml(text)}</Say></Response>`;
  let text = spoken;
  while (wrap(text).length > TWIML_MAX) text = truncate(text, Math.floor(text.length * 0.8));
  return wrap(text);
}

export const createVoiceNotifier: NotifierFactory<VoiceChannel> = (channel, context) => ({
  send: (n, signal) => twilioCreate(channel, 'Calls', { Twiml: twiml(spokenText(n, channel, context)) }, signal),
});
