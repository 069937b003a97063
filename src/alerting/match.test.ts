import { describe, expect, it } from 'vitest';
import type { InhibitRule, Routing } from '../plan/alert-types.js';
import { inhibitedBy, matcherMatches, matchesLabels, parseMatchers, routeAlert, silencedBy, silenceMatches, silenceState } from './match.js';
import type { AlertInstance, Labels, Matcher, Silence } from './types.js';

function alert(fingerprint: string, labels: Labels, state: AlertInstance['state'] = 'firing'): AlertInstance {
  return {
    fingerprint, rule: labels.alertname ?? 'rule', source: 'rule', labels, annotations: {}, state, severity: null, value: null,
    since: 0, activeAt: 0, firedAt: 0, resolvedAt: null, lastBreachAt: null, lastEvaluatedAt: 0,
    acknowledgedBy: null, acknowledgedAt: null, endsAt: null, health: 'ok', error: null,
  };
}

function matchers(text: string): Matcher[] {
  const result = parseMatchers(text);
  if (result.kind !== 'ok') throw new Error(`expected "${text}" to parse, got: ${result.reason}`);
  return result.matchers;
}

function reason(text: string): string {
  const result = parseMatchers(text);
  if (result.kind !== 'invalid') throw new Error(`expected "${text}" to be rejected`);
  return result.reason;
}

function silence(id: string, text: string, startsAt = 0, endsAt = 1_000): Silence {
  return { id, matchers: matchers(text), startsAt, endsAt, createdBy: 'ana', comment: 'deploy', updatedAt: startsAt };
}

describe('matchesLabels', () => {
  it('needs every listed label to hold one of its accepted values', () => {
    expect(matchesLabels({ severity: ['P1', 'P2'], team: ['web'] }, { severity: 'P2', team: 'web', extra: 'x' })).toBe(true);
    expect(matchesLabels({ severity: ['P1', 'P2'], team: ['web'] }, { severity: 'P3', team: 'web' })).toBe(false);
  });

  it('never matches a missing label, even against an empty accepted value', () => {
    expect(matchesLabels({ team: ['web'] }, { severity: 'P1' })).toBe(false);
    expect(matchesLabels({ team: [''] }, {})).toBe(false);
  });

  it('matches anything with an empty match', () => {
    expect(matchesLabels({}, { severity: 'P1' })).toBe(true);
  });
});

describe('routeAlert', () => {
  const routing: Routing = {
    groupBy: ['alertname'], groupWaitMs: 0, groupIntervalMs: 0, repeatIntervalMs: 0, fallback: ['email'],
    routes: [
      { match: { severity: ['P1'] }, channels: ['pager', 'slack'], continue: true },
      { match: { severity: ['P1', 'P2'] }, channels: ['slack-urgent'], continue: false },
      { match: { team: ['web'] }, channels: ['web'], continue: false },
    ],
  };

  it('stops at the first matching route', () => {
    expect(routeAlert(routing, { severity: 'P2', team: 'web' })).toEqual([{ route: 1, channels: ['slack-urgent'] }]);
  });

  it('keeps looking after a route with continue', () => {
    expect(routeAlert(routing, { severity: 'P1', team: 'web' })).toEqual([
      { route: 0, channels: ['pager', 'slack'] },
      { route: 1, channels: ['slack-urgent'] },
    ]);
  });

  it('sends what no route matches to the fallback channels as route -1', () => {
    expect(routeAlert(routing, { severity: 'P4' })).toEqual([{ route: -1, channels: ['email'] }]);
  });

  it('gives an empty list when nothing matches and there is no fallback', () => {
    expect(routeAlert({ ...routing, fallback: [] }, { severity: 'P4' })).toEqual([]);
  });
});

describe('parseMatchers', () => {
  it('reads the four operators, amtool style', () => {
    expect(matchers('alertname=foo,severity=~"P1|P2",team!=x, env!~"dev.*"')).toEqual([
      { name: 'alertname', value: 'foo', isRegex: false, isEqual: true },
      { name: 'severity', value: 'P1|P2', isRegex: true, isEqual: true },
      { name: 'team', value: 'x', isRegex: false, isEqual: false },
      { name: 'env', value: 'dev.*', isRegex: true, isEqual: false },
    ]);
  });

  it('accepts braces, spaces around operators, a trailing comma and an empty value', () => {
    expect(matchers('{ alertname = "foo", team= }')).toEqual([
      { name: 'alertname', value: 'foo', isRegex: false, isEqual: true },
      { name: 'team', value: '', isRegex: false, isEqual: true },
    ]);
    expect(matchers('alertname=foo,')).toHaveLength(1);
  });

  it('keeps commas inside quotes and reads \\" and \\\\ escapes, leaving regex escapes alone', () => {
    expect(matchers('summary="a, b",quote="say \\"hi\\"",path="C:\\\\temp",host=~"a\\.b"')).toEqual([
      { name: 'summary', value: 'a, b', isRegex: false, isEqual: true },
      { name: 'quote', value: 'say "hi"', isRegex: false, isEqual: true },
      { name: 'path', value: 'C:\\temp', isRegex: false, isEqual: true },
      { name: 'host', value: 'a\\.b', isRegex: true, isEqual: true },
    ]);
  });

  it('rejects what it cannot read, saying why', () => {
    expect(reason('')).toMatch(/no matchers/);
    expect(reason('{}')).toMatch(/no matchers/);
    expect(reason('alertname')).toMatch(/"alertname" is not a matcher/);
    expect(reason('1abc=x')).toMatch(/not a matcher/);
    expect(reason('a=x,,b=y')).toMatch(/"" is not a matcher/);
    expect(reason('a="open')).toMatch(/unterminated quote/);
    expect(reason('a=x"y"')).toMatch(/stray or unterminated quote/);
    expect(reason('a=~"(unclosed"')).toMatch(/not a valid regular expression/);
  });
});

describe('silences', () => {
  it('anchors regexes at both ends, as Alertmanager', () => {
    const [m] = matchers('severity=~"P1|P2"');
    expect(m && matcherMatches(m, { severity: 'P1' })).toBe(true);
    expect(m && matcherMatches(m, { severity: 'P12' })).toBe(false);
    expect(m && matcherMatches(m, { severity: 'xP1' })).toBe(false);
  });

  it('treats a missing label as the empty string', () => {
    expect(silenceMatches({ matchers: matchers('team!=web') }, { alertname: 'a' })).toBe(true);
    expect(silenceMatches({ matchers: matchers('team=""') }, { alertname: 'a' })).toBe(true);
    expect(silenceMatches({ matchers: matchers('team=~".+"') }, { alertname: 'a' })).toBe(false);
    expect(silenceMatches({ matchers: matchers('team!~".+"') }, { alertname: 'a' })).toBe(true);
  });

  it('needs every matcher to match', () => {
    const s = { matchers: matchers('alertname=rate_drop,severity=~"P[12]"') };
    expect(silenceMatches(s, { alertname: 'rate_drop', severity: 'P2' })).toBe(true);
    expect(silenceMatches(s, { alertname: 'rate_drop', severity: 'P3' })).toBe(false);
  });

  it('never matches with a bad regex, whichever the operator', () => {
    const bad = (isEqual: boolean): Matcher => ({ name: 'a', value: '(', isRegex: true, isEqual });
    expect(matcherMatches(bad(true), { a: '(' })).toBe(false);
    expect(matcherMatches(bad(false), { a: 'x' })).toBe(false);
  });

  it('silences nothing without matchers', () => {
    expect(silenceMatches({ matchers: [] }, { alertname: 'a' })).toBe(false);
  });

  it('is pending before startsAt, active from it, expired from endsAt', () => {
    const s = silence('s1', 'alertname=a', 100, 200);
    expect(silenceState(s, 99)).toBe('pending');
    expect(silenceState(s, 100)).toBe('active');
    expect(silenceState(s, 199)).toBe('active');
    expect(silenceState(s, 200)).toBe('expired');
  });

  it('lists the active silences that match', () => {
    const silences = [silence('s1', 'alertname=a'), silence('s2', 'alertname=a', 500, 900), silence('s3', 'alertname=b'), silence('s4', 'team=web')];
    expect(silencedBy(silences, { alertname: 'a', team: 'web' }, 100)).toEqual(['s1', 's4']);
    expect(silencedBy(silences, { alertname: 'a', team: 'web' }, 600)).toEqual(['s1', 's2', 's4']);
    expect(silencedBy(silences, { alertname: 'a', team: 'web' }, 1_000)).toEqual([]);
  });
});

describe('inhibitedBy', () => {
  const p1OverP3: InhibitRule = { source: { severity: ['P1'] }, target: { severity: ['P3'] }, equal: ['alertname'] };
  const p1 = alert('f-p1', { alertname: 'rate_drop', severity: 'P1' });
  const p3 = alert('f-p3', { alertname: 'rate_drop', severity: 'P3' });

  it('lets a firing P1 inhibit the P3 with the same alertname', () => {
    expect(inhibitedBy([p1OverP3], p3, [p1, p3])).toEqual(['f-p1']);
  });

  it('does not inhibit across different equal labels, or when only one side has the label', () => {
    const other = alert('f-other', { alertname: 'latency', severity: 'P1' });
    expect(inhibitedBy([p1OverP3], p3, [other])).toEqual([]);
    const noName = alert('f-none', { severity: 'P1' });
    expect(inhibitedBy([p1OverP3], p3, [noName])).toEqual([]);
  });

  it('counts a label missing on both sides as equal, as Alertmanager', () => {
    const rule: InhibitRule = { ...p1OverP3, equal: ['alertname', 'team'] };
    expect(inhibitedBy([rule], p3, [p1])).toEqual(['f-p1']);
  });

  it('needs the target to match the target side and the source to be firing', () => {
    expect(inhibitedBy([p1OverP3], p1, [p1, p3])).toEqual([]);
    expect(inhibitedBy([p1OverP3], p3, [{ ...p1, state: 'resolved' }])).toEqual([]);
  });

  it('never lets an alert inhibit itself', () => {
    const rule: InhibitRule = { source: { alertname: ['rate_drop'] }, target: { alertname: ['rate_drop'] }, equal: [] };
    expect(inhibitedBy([rule], p3, [p3])).toEqual([]);
  });

  it('does not let two alerts that match both sides inhibit each other', () => {
    const rule: InhibitRule = { source: { alertname: ['rate_drop'] }, target: { alertname: ['rate_drop'] }, equal: ['alertname'] };
    expect(inhibitedBy([rule], p3, [p1])).toEqual([]);
    expect(inhibitedBy([rule], p1, [p3])).toEqual([]);
  });

  it('lists each inhibiting source once across rules', () => {
    const broad: InhibitRule = { source: { severity: ['P1', 'P2'] }, target: { severity: ['P3'] }, equal: [] };
    expect(inhibitedBy([p1OverP3, broad], p3, [p1])).toEqual(['f-p1']);
  });
});
