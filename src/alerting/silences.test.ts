import { describe, expect, it } from 'vitest';
import { expireSilence, silenceMatchesFilter, silenceProblem, sortSilences, upsertSilence, type PostedSilence } from './silences.js';
import type { Matcher, Silence } from './types.js';

const eq = (name: string, value: string): Matcher => ({ name, value, isRegex: false, isEqual: true });
const NOW = 10_000;
let ids = 0;
const newId = () => `s${++ids}`;

function posted(over: Partial<PostedSilence> = {}): PostedSilence {
  return { matchers: [eq('alertname', 'x')], startsAt: NOW, endsAt: NOW + 1_000, createdBy: 'ana', comment: 'deploy', ...over };
}
function stored(id: string, over: Partial<Silence> = {}): Silence {
  return { id, matchers: [eq('alertname', 'x')], startsAt: NOW - 100, endsAt: NOW + 1_000, createdBy: 'ana', comment: 'deploy', updatedAt: NOW - 100, ...over };
}

describe('silenceProblem', () => {
  it('names what makes a silence invalid, as Alertmanager validates it', () => {
    expect(silenceProblem(posted({ matchers: [] }), NOW)).toMatch(/at least one matcher/);
    expect(silenceProblem(posted({ matchers: [eq('bad-name', 'x')] }), NOW)).toMatch(/^matchers\[0\]\.name/);
    expect(silenceProblem(posted({ matchers: [{ name: 'a', value: '(', isRegex: true, isEqual: true }] }), NOW)).toMatch(/^matchers\[0\]\.value/);
    expect(silenceProblem(posted({ matchers: [eq('a', ''), { name: 'b', value: '.*', isRegex: true, isEqual: true }] }), NOW)).toMatch(/empty string/);
    expect(silenceProblem(posted({ startsAt: NOW + 5, endsAt: NOW + 5 }), NOW)).toMatch(/^endsAt: the start time must be before/);
    expect(silenceProblem(posted({ startsAt: NOW - 10, endsAt: NOW - 1 }), NOW)).toMatch(/in the past/);
    expect(silenceProblem(posted({ matchers: [eq('a', ''), eq('b', 'x')] }), NOW)).toBeNull();
  });
});

describe('upsertSilence', () => {
  it('creates a silence with a new id that never starts in the past', () => {
    const outcome = upsertSilence([], posted({ startsAt: NOW - 500 }), NOW, () => 'new');
    expect(outcome).toEqual({ kind: 'created', expired: null, silence: expect.objectContaining({ id: 'new', startsAt: NOW, updatedAt: NOW }) });
  });

  it('updates an active silence in place when only its end or comment change', () => {
    const outcome = upsertSilence([stored('a')], posted({ id: 'a', startsAt: NOW - 100, endsAt: NOW + 5_000, comment: 'longer' }), NOW, newId);
    expect(outcome).toEqual({ kind: 'updated', silence: expect.objectContaining({ id: 'a', endsAt: NOW + 5_000, comment: 'longer' }) });
  });

  it('expires the old silence and creates a new one when the matchers or an active start change', () => {
    const other = upsertSilence([stored('a')], posted({ id: 'a', matchers: [eq('alertname', 'y')] }), NOW, () => 'b');
    expect(other).toMatchObject({ kind: 'created', silence: { id: 'b' }, expired: { id: 'a', endsAt: NOW } });
    const moved = upsertSilence([stored('a')], posted({ id: 'a', startsAt: NOW + 10 }), NOW, () => 'c');
    expect(moved).toMatchObject({ kind: 'created', silence: { id: 'c', startsAt: NOW + 10 }, expired: { id: 'a' } });
    const fromExpired = upsertSilence([stored('a', { endsAt: NOW - 1 })], posted({ id: 'a' }), NOW, () => 'd');
    expect(fromExpired).toMatchObject({ kind: 'created', silence: { id: 'd' }, expired: null });
  });

  it('refuses an unknown id and an invalid silence', () => {
    expect(upsertSilence([], posted({ id: 'nope' }), NOW, newId)).toEqual({ kind: 'not_found', id: 'nope' });
    expect(upsertSilence([], posted({ matchers: [] }), NOW, newId)).toMatchObject({ kind: 'invalid' });
  });
});

describe('expireSilence', () => {
  it('ends an active silence now, a pending one starts and ends now, an expired one stays', () => {
    expect(expireSilence(stored('a'), NOW)).toEqual({ kind: 'expired', silence: stored('a', { endsAt: NOW, updatedAt: NOW }) });
    expect(expireSilence(stored('p', { startsAt: NOW + 10 }), NOW)).toEqual({ kind: 'expired', silence: stored('p', { startsAt: NOW, endsAt: NOW, updatedAt: NOW }) });
    const old = stored('e', { endsAt: NOW - 1 });
    expect(expireSilence(old, NOW)).toEqual({ kind: 'already_expired', silence: old });
  });
});

describe('silenceMatchesFilter and sortSilences', () => {
  it('filters on the silence own matchers, exactly', () => {
    const s = stored('a', { matchers: [eq('alertname', 'x'), { name: 'team', value: 'a|b', isRegex: true, isEqual: true }] });
    expect(silenceMatchesFilter(s, [])).toBe(true);
    expect(silenceMatchesFilter(s, [eq('alertname', 'x')])).toBe(true);
    expect(silenceMatchesFilter(s, [{ name: 'team', value: 'a|b', isRegex: true, isEqual: true }])).toBe(true);
    expect(silenceMatchesFilter(s, [eq('team', 'a')])).toBe(false);
    expect(silenceMatchesFilter(s, [eq('alertname', 'y')])).toBe(false);
  });

  it('orders active by end, pending by start, then expired most recent first', () => {
    const list = [
      stored('expired-old', { endsAt: NOW - 50 }),
      stored('pending', { startsAt: NOW + 10 }),
      stored('active-late', { endsAt: NOW + 900 }),
      stored('expired-new', { endsAt: NOW - 5 }),
      stored('active-soon', { endsAt: NOW + 100 }),
    ];
    expect(sortSilences(list, NOW).map((s) => s.id)).toEqual(['active-soon', 'active-late', 'pending', 'expired-new', 'expired-old']);
  });
});
