/**
 * Twilio's REST API (2010-04-01), shared by the SMS and voice channels: a
 * form-encoded POST to a resource of the account, with HTTP Basic auth (the
 * account SID and auth token). 201 is sent; 429 and 5xx are retried; any
 * other 4xx (an invalid number, a bad credential) fails for good. The token
 * and its Authorization header are never in a reason.
 */
import type { ChannelSpec } from '../plan/alert-types.js';
import { postForm } from './http.js';
import { secretsOf } from './redact.js';
import type { SendOutcome } from './types.js';

export type TwilioChannel = Extract<ChannelSpec, { type: 'sms' | 'voice' }>;

/** Twilio's limits: a message body of 1600 characters, TwiML of 4000. */
export const SMS_BODY_MAX = 1600;
export const TWIML_MAX = 4000;

/** The URL of one of the account's resources, `Messages.json` or `Calls.json`. */
export function twilioUrl(channel: TwilioChannel, resource: 'Messages' | 'Calls'): string {
  return `${channel.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(channel.accountSid)}/${resource}.json`;
}

export function basicAuth(channel: TwilioChannel): string {
  return `Basic ${Buffer.from(`${channel.accountSid}:${channel.authToken}`).toString('base64')}`;
}

/** Creates a Message or a Call with the given form fields (To and From are the channel's). */
export function twilioCreate(channel: TwilioChannel, resource: 'Messages' | 'Calls', fields: Readonly<Record<string, string>>, signal: AbortSignal): Promise<SendOutcome> {
  const authorization = basicAuth(channel);
  return postForm({
    label: `twilio ${channel.type}`,
    url: twilioUrl(channel, resource),
    headers: { authorization, accept: 'application/json' },
    form: { To: channel.to, From: channel.from, ...fields },
    signal,
    secrets: [...secretsOf(channel), authorization],
  });
}
