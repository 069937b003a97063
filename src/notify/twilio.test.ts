import { afterEach, describe, expect, it } from 'vitest';
import { alert, CONTEXT, notification, resolvedNotification, startReceiver, type ReceivedRequest, type Receiver } from './fixtures.js';
import { createSmsNotifier, smsBody, type SmsChannel } from './sms.js';
import { createVoiceNotifier, spokenText, twiml, type VoiceChannel } from './voice.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'auth-token-0123456789abcdef012345';

function sms(apiUrl: string, templates: SmsChannel['templates'] = {}): SmsChannel {
  return { name: 'oncall-sms', type: 'sms', to: '+14155550100', from: '+14155550199', accountSid: SID, authToken: TOKEN, apiUrl, sendResolved: true, templates };
}

function voice(apiUrl: string, templates: VoiceChannel['templates'] = {}): VoiceChannel {
  return { ...sms(apiUrl, templates), name: 'oncall-phone', type: 'voice', sendResolved: false };
}

/**
 * Twilio's REST API as documented ("Messages resource", "Call resource", "Authentication"): a POST,
 * form-encoded, to /2010-04-01/Accounts/{AccountSid}/Messages.json or Calls.json, with HTTP Basic auth
 * (account SID and auth token); To and From in E.164; Body up to 1600 characters; Twiml up to 4000.
 * Answers as Twilio does: 401 (code 20003) for bad credentials, 400 (code 21211) for a bad number, 201 otherwise.
 */
function twilioAnswer(request: ReceivedRequest): { status: number; body: string } {
  const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(request.path);
  const expectedAuth = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`;
  if (request.method !== 'POST' || !match) return { status: 404, body: JSON.stringify({ code: 20404, message: 'The requested resource was not found' }) };
  if (match[1] !== SID || request.headers.authorization !== expectedAuth) return { status: 401, body: JSON.stringify({ code: 20003, message: 'Authenticate' }) };
  if (request.headers['content-type'] !== 'application/x-www-form-urlencoded' || typeof request.body !== 'string') return { status: 400, body: JSON.stringify({ code: 20001, message: 'form body expected' }) };
  const form = new URLSearchParams(request.body);
  const e164 = /^\+[1-9]\d{1,14}$/;
  if (!e164.test(form.get('To') ?? '') || !e164.test(form.get('From') ?? '')) return { status: 400, body: JSON.stringify({ code: 21211, message: "The 'To' number is not a valid phone number." }) };
  if (match[2] === 'Messages') {
    const body = form.get('Body') ?? '';
    if (body === '' || body.length > 1600) return { status: 400, body: JSON.stringify({ code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.' }) };
  } else {
    const doc = form.get('Twiml') ?? '';
    if (!/^<Response>[\s\S]*<\/Response>$/.test(doc) || doc.length > 4000) return { status: 400, body: JSON.stringify({ code: 21221, message: 'Invalid TwiML' }) };
  }
  return { status: 201, body: JSON.stringify({ sid: match[2] === 'Messages' ? 'SM1' : 'CA1', status: 'queued' }) };
}

describe('smsBody', () => {
  it('is the title, one line per firing alert and the link to launchwatch', () => {
    expect(smsBody(notification(), sms('http://x'), CONTEXT)).toBe(
      ['[FIRING:2] HighErrorRate', '[P1] Checkout error rate above 5% · value 0.072', '[P2] Search error rate above 5% · value 0.051', 'https://launchwatch.example.com'].join('\n'),
    );
    expect(smsBody(resolvedNotification(), sms('http://x'), CONTEXT).split('\n')[0]).toBe('[RESOLVED] HighErrorRate');
  });

  it("uses the channel's templates, and keeps within 1600 characters", () => {
    expect(smsBody(notification(), sms('http://x', { title: '{{ severity }} {{ alertname }}', text: '{{ summary }} = {{ value }} {{ links.alert }}' }), CONTEXT)).toBe(
      'P1 HighErrorRate\nCheckout error rate above 5% = 0.072 https://launchwatch.example.com/api/v1/alerts/history?fingerprint=a1b2c3d4e5f60718',
    );
    const long = notification({ alerts: Array.from({ length: 20 }, (_, i) => alert({ fingerprint: `f${i}`, annotations: { summary: 'x'.repeat(500) } })) });
    expect(smsBody(long, sms('http://x'), CONTEXT).length).toBeLessThanOrEqual(1600);
  });
});

describe('the voice call', () => {
  it('reads the title and each firing alert twice, with every value XML-escaped', () => {
    const n = notification({ alerts: [alert({ annotations: { summary: 'Latency <p95> & "errors"' } })] });
    const spoken = spokenText(n, voice('http://x'), CONTEXT);
    expect(spoken).toBe('launchwatch, Caro. [FIRING:1] HighErrorRate (checkout P1). P1. Latency <p95> & "errors". Value 0.072.');
    expect(twiml(spoken)).toBe('<Response><Say loop="2">launchwatch, Caro. [FIRING:1] HighErrorRate (checkout P1). P1. Latency &lt;p95&gt; &amp; &quot;errors&quot;. Value 0.072.</Say></Response>');
  });

  it('stays whole XML within 4000 characters however long the text', () => {
    const doc = twiml('&'.repeat(5000));
    expect(doc.length).toBeLessThanOrEqual(4000);
    expect(doc).toMatch(/^<Response><Say loop="2">(&amp;)+…<\/Say><\/Response>$/);
  });
});

describe('twilio notifiers', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('creates a Message with To, From and Body, with Basic auth, and takes 201 as sent', async () => {
    receiver = await startReceiver(twilioAnswer);
    const notifier = createSmsNotifier(sms(receiver.url), CONTEXT);
    expect(await notifier.send(notification(), new AbortController().signal)).toEqual({ kind: 'sent' });
    const sent = receiver.requests[0];
    expect(sent?.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    const form = new URLSearchParams(String(sent?.body));
    expect([form.get('To'), form.get('From')]).toEqual(['+14155550100', '+14155550199']);
    expect(form.get('Body')).toBe(smsBody(notification(), sms(receiver.url), CONTEXT));
  });

  it('places a Call with its TwiML', async () => {
    receiver = await startReceiver(twilioAnswer);
    expect(await createVoiceNotifier(voice(receiver.url), CONTEXT).send(notification(), new AbortController().signal)).toEqual({ kind: 'sent' });
    const sent = receiver.requests[0];
    expect(sent?.path).toBe(`/2010-04-01/Accounts/${SID}/Calls.json`);
    expect(new URLSearchParams(String(sent?.body)).get('Twiml')).toBe(twiml(spokenText(notification(), voice(receiver.url), CONTEXT)));
  });

  it('fails for good on a wrong token or an invalid number, with neither the token nor its header in the reason', async () => {
    receiver = await startReceiver((request) => (request.headers.authorization?.includes(Buffer.from(`${SID}:${TOKEN}`).toString('base64')) ? twilioAnswer(request) : { status: 401, body: 'no' }));
    const wrong = { ...sms(receiver.url), authToken: 'another-token-0123456789' };
    const outcome = await createSmsNotifier(wrong, CONTEXT).send(notification(), new AbortController().signal);
    expect(outcome).toEqual({ kind: 'failed', reason: 'twilio sms answered 401: no' });
    await receiver.close();
    const auth = Buffer.from(`${SID}:${TOKEN}`).toString('base64');
    receiver = await startReceiver(() => ({ status: 400, body: JSON.stringify({ code: 21211, message: `bad To; you sent ${TOKEN} as Basic ${auth}` }) }));
    const invalid = await createSmsNotifier(sms(receiver.url), CONTEXT).send(notification(), new AbortController().signal);
    expect(invalid.kind).toBe('failed');
    const reason = invalid.kind === 'failed' ? invalid.reason : '';
    expect(reason).toContain('twilio sms answered 400');
    expect(reason).not.toContain(TOKEN);
    expect(reason).not.toContain(auth);
  });

  it("retries Twilio's 429 (after Retry-After) and a 5xx", async () => {
    receiver = await startReceiver((_request, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '2' }, body: JSON.stringify({ code: 20429, message: 'Too Many Requests' }) } : { status: 500, body: 'oops' },
    );
    const notifier = createVoiceNotifier(voice(receiver.url), CONTEXT);
    expect(await notifier.send(notification(), new AbortController().signal)).toMatchObject({ kind: 'retry', retryAfterMs: 2000 });
    expect((await notifier.send(notification(), new AbortController().signal)).kind).toBe('retry');
  });
});
