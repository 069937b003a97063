/**
 * Status-page subscriptions, as pure pieces: new subscribers with their
 * random secrets (the confirmation secret kept only as its hash), the check
 * of a secret in constant time, the confirmation message, and the small
 * pages of the confirm and unsubscribe links (a button each, so that a mail
 * scanner following the link changes nothing).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DigestContent } from '../alerting/types.js';
import type { Subscriber, SubscriberKind } from '../store/talk.js';
import { escapeMarkup } from './escape.js';

export const secret = (): string => randomBytes(32).toString('base64url');
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Whether `given` is the secret behind `expected` (a hex hash, or the secret itself), compared in constant time. */
export function secretMatches(given: string, expected: string, hashed: boolean): boolean {
  const a = Buffer.from(hashed ? sha256(given) : given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface NewSubscriber {
  readonly subscriber: Subscriber;
  /** The confirmation secret, for the link; null for a subscription that needs none (a webhook). */
  readonly confirmSecret: string | null;
}

export function newSubscriber(kind: SubscriberKind, address: string, components: readonly string[], now: number): NewSubscriber {
  const confirm = kind === 'email' ? secret() : null;
  return {
    subscriber: {
      id: randomBytes(12).toString('base64url'),
      kind,
      address,
      components: [...new Set(components)],
      confirmHash: confirm === null ? null : sha256(confirm),
      unsubscribeToken: secret(),
      createdAt: now,
      confirmedAt: confirm === null ? now : null,
    },
    confirmSecret: confirm,
  };
}

export const confirmUrl = (baseUrl: string, id: string, token: string): string => `${baseUrl}/status/subscriptions/confirm?id=${encodeURIComponent(id)}&token=${encodeURIComponent(token)}`;

export function confirmContent(product: string, link: string, components: readonly string[], statusUrl: string): DigestContent {
  const what = components.length ? `updates about ${components.join(', ')}` : 'every update';
  const subject = `Confirm your subscription to ${product} status`;
  const text = [subject, '', `Someone (we hope you) asked to receive ${what} of the ${product} status page at this address.`, `Confirm: ${link}`, '', 'If it was not you, ignore this message: nothing will be sent.', statusUrl].join('\n');
  const html = `<!doctype html><html><body><h2>${escapeMarkup(subject)}</h2><p>Someone (we hope you) asked to receive ${escapeMarkup(what)} of the ${escapeMarkup(product)} status page at this address.</p><p><a href="${escapeMarkup(link)}">Confirm the subscription</a></p><p>If it was not you, ignore this message: nothing will be sent.</p></body></html>`;
  return { subject, summary: subject, text, html, url: link };
}

/** A small page with one message and, optionally, one button that POSTs back to the same link. */
export function actionPage(product: string, heading: string, message: string, button?: { readonly label: string; readonly action: string }): string {
  const form = button ? `<form method="post" action="${escapeMarkup(button.action)}"><button type="submit">${escapeMarkup(button.label)}</button></form>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeMarkup(`${product} status`)}</title><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><h1>${escapeMarkup(heading)}</h1><p>${escapeMarkup(message)}</p>${form}<p><a href="/status">Back to the status page</a></p></body></html>`;
}

/** The subscribe form: an address and the components to follow. */
export function subscribePage(product: string, components: readonly { id: string; name: string }[], webhooks: boolean): string {
  const boxes = components.map((c) => `<label><input type="checkbox" name="components" value="${escapeMarkup(c.id)}"> ${escapeMarkup(c.name)}</label><br>`).join('');
  const hook = webhooks ? '<p><label>or a webhook URL <input type="url" name="webhook"></label></p>' : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeMarkup(`Subscribe to ${product} status`)}</title></head><body><h1>${escapeMarkup(`Subscribe to ${product} status`)}</h1><form method="post" action="/status/subscriptions"><p><label>E-mail <input type="email" name="email"></label></p>${hook}<fieldset><legend>Components (none: all)</legend>${boxes}</fieldset><button type="submit">Subscribe</button></form></body></html>`;
}
