/**
 * Every parameter and body field that carries a number, a time or a
 * duration, at its edges (huge, tiny, negative, past Date's range, past a
 * 64-bit integer, not a number at all), on every route that reads it: each
 * answer passes the fuzz suite's checks (no 5xx, a 400 names the field, no
 * internals) — a number reaches the store or `Date` only inside its range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf } from './hostile.js';
import { ROUTES } from './routes.js';
import { SECRETS, pathOf, startFuzzServer, type FuzzServer } from './server.js';

const NUMBERS = [
  '0', '-1', '1', '1.5', '-0', '1e308', '1.7976931348623157e308', '-1.7976931348623157e308', '5e-324', '99999999999999999999999', '123456789012345678901234567890',
  '8640000000000000', '8640000000000001', '-8640000000000001', '253402300800000', '9007199254740993', '18446744073709551616', '1e21', 'NaN', 'Infinity', '0x10', '1_000',
];
const TIMES = ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '+275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2026-02-30T00:00:00Z', '2026-11-22T10:00:00+99:99'];
const DURATIONS = ['999999999999w', '0s', '0ms', '1ms', '0.0001s', '1e308s', '99999999999999999999d', '3651d', '366d', '-1h', '1.5h'];
const WEEKS = ['2026-W00', '2026-W53', '2026-W54', '0000-W01', '9999-W52', '275760-W01', '2026-W1'];
const MONTHS = ['2026-00', '2026-13', '0000-01', '9999-12', '275760-01', '2026-1'];

/** The values each query parameter is sent, by its name. */
const QUERY_VALUES: Record<string, readonly string[]> = {
  from: [...NUMBERS, ...TIMES],
  to: [...NUMBERS, ...TIMES],
  at: [...NUMBERS, ...TIMES],
  step: DURATIONS,
  window: DURATIONS,
  limit: NUMBERS,
  n: NUMBERS,
  top: NUMBERS,
  threshold: [...NUMBERS.map((n) => `${n}%`), ...NUMBERS],
  week: WEEKS,
  month: MONTHS,
};

const bodyNumbers = [...NUMBERS.filter((n) => /^-?[\d.]+(e[+-]?\d+)?$/.test(n)), ...NUMBERS.filter((n) => !/^-?[\d.]+(e[+-]?\d+)?$/.test(n)).map((n) => JSON.stringify(n))];
const bodyTimes = [...bodyNumbers, ...TIMES.map((t) => JSON.stringify(t))];
const now = Date.now();
const iso = (ms: number) => JSON.stringify(new Date(ms).toISOString());

/** Bodies with one field at an edge: the route, then a body template where `$` is the value. */
const BODIES: readonly (readonly [string, string, readonly string[]])[] = [
  ['POST /api/v1/releases', '{"version":"9.9.9","at":$}', bodyTimes],
  ['POST /api/v1/baselines', '{"name":"edge","from":$,"to":1700000000000}', bodyTimes],
  ['POST /api/v1/baselines', '{"name":"edge","from":1600000000000,"to":$}', bodyTimes],
  ['POST /api/v1/baselines', '{"name":"edge","values":{"awu":$}}', [...bodyNumbers, ...bodyNumbers.map((n) => JSON.stringify(`${n}%`))]],
  ['POST /api/v1/backlog', '{"title":"t","metric":"awu","reach":$,"impact":"high","confidence":"80%","effort":1}', bodyNumbers],
  ['POST /api/v1/backlog', '{"title":"t","metric":"awu","reach":1,"impact":$,"confidence":"80%","effort":1}', bodyNumbers],
  ['POST /api/v1/backlog', '{"title":"t","metric":"awu","reach":1,"impact":"high","confidence":$,"effort":1}', [...bodyNumbers, ...bodyNumbers.map((n) => JSON.stringify(`${n}%`))]],
  ['POST /api/v1/backlog', '{"title":"t","metric":"awu","reach":1,"impact":"high","confidence":"80%","effort":$}', bodyNumbers],
  ['POST /api/v1/backlog', '{"title":"t","metric":"awu","reach":1,"impact":"high","confidence":"80%","effort":1,"expected_change":$}', [...bodyNumbers, ...bodyNumbers.map((n) => JSON.stringify(`${n}%`))]],
  ['POST /api/v1/incidents', '{"title":"t","severity":"SEV4","started_at":$}', bodyTimes],
  ['POST /api/v1/incidents/:id/updates', '{"eta":$}', bodyTimes],
  ['POST /api/v1/incidents/:id/action-items', '{"title":"t","due_at":$}', [...bodyTimes, '"0000-01-01"', '"9999-12-31"', '"+275760-01-01"']],
  ['POST /api/v1/incidents/:id/action-items/:item', '{"due_at":$}', [...bodyTimes, '"0000-01-01"', '"9999-12-31"']],
  ['POST /api/v2/alerts', `[{"labels":{"alertname":"Edge"},"startsAt":$}]`, bodyTimes],
  ['POST /api/v2/alerts', `[{"labels":{"alertname":"Edge"},"endsAt":$}]`, bodyTimes],
  ['POST /api/v2/silences', `{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":$,"endsAt":${iso(now + 3_600_000)},"createdBy":"x","comment":"y"}`, bodyTimes],
  ['POST /api/v2/silences', `{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":${iso(now)},"endsAt":$,"createdBy":"x","comment":"y"}`, bodyTimes],
  ['POST /api/v1/privacy/retention/run', '{"now":$}', bodyTimes],
];

let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(async () => server.close());

const auth = { authorization: `Bearer ${SECRETS.admin}` };

describe('numbers, times and durations at their edges', () => {
  it('in every query parameter that reads one', async () => {
    const problems: string[] = [];
    let sent = 0;
    for (const [route, spec] of Object.entries(ROUTES)) {
      if (!route.startsWith('GET ')) continue;
      for (const name of spec.query ?? []) {
        for (const value of QUERY_VALUES[name] ?? []) {
          const path = `${pathOf(route, server.targets)}?${name}=${encodeURIComponent(value)}`;
          const answer = await server.send({ method: 'GET', path, headers: auth });
          sent++;
          const problem = problemOf({ route, method: 'GET', path, names: [name], ...(spec.budgetMs === undefined ? {} : { budgetMs: spec.budgetMs }) }, answer);
          if (problem) problems.push(problem);
        }
      }
    }
    expect(sent).toBeGreaterThan(300);
    expect(problems).toEqual([]);
    expect((await server.send({ method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  it('in every body field that holds one', async () => {
    const problems: string[] = [];
    for (const [route, template, values] of BODIES) {
      const path = pathOf(route, server.targets);
      for (const value of values) {
        const body = template.replace('$', value);
        const answer = await server.send({ method: 'POST', path, headers: { ...auth, 'content-type': 'application/json' }, body });
        const field = /"(\w+)":\$/.exec(template)?.[1] ?? '';
        const problem = problemOf({ route, method: 'POST', path, names: [field] }, answer);
        if (problem) problems.push(`${problem} (body ${body.slice(0, 120)})`);
      }
    }
    expect(problems).toEqual([]);
    expect((await server.send({ method: 'GET', path: '/healthz' })).status).toBe(200);
  });
});
