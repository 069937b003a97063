/**
 * Regular expressions that backtrack exponentially in a backtracking engine
 * — nested quantifiers, overlapping alternatives, counted repeats of `.*` —
 * generated into the Alertmanager API's matchers: `filter=` of
 * /api/v2/alerts and /api/v2/alerts/groups, silences posted with such a
 * matcher (which every alert listing then applies) and `filter=` of
 * /api/v2/silences, over alerts whose labels are long runs that nearly
 * match. Every answer comes within 2 s, none is a 5xx, and /healthz answers.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS, startFuzzServer, type Answer, type FuzzServer } from './server.js';

const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const settings = { numRuns: 20 * SCALE, endOnFailure: true, interruptAfterTimeLimit: 8000 * SCALE, markInterruptAsFailure: false, ...(seed === undefined ? {} : { seed }) };
const auth = { authorization: `Bearer ${SECRETS.admin}` };

let server: FuzzServer;
beforeAll(async () => {
  server = await startFuzzServer();
  // Label values that nearly match the patterns below: long runs of one character, then one that breaks the match.
  const alerts = [1000, 3000].flatMap((n) => ['a', 'x'].map((c) => ({ labels: { alertname: 'Backtrack', instance: `${c.repeat(n)}!`, summary: `${c.repeat(n)}` } })));
  const posted = await server.send({ method: 'POST', path: '/api/v2/alerts', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
  expect(posted.status).toBe(200);
});
afterAll(async () => server.close());

const atom = fc.constantFrom('a', 'a*', '.', '[a-z]', '[0-9a-z_]', '(a|aa)', 'x?');
const tail = fc.constantFrom('b', '$', '!', 'X', '', '!b');
const count = fc.integer({ min: 5, max: 40 });

/** Patterns a backtracking engine takes exponential time over on the labels above. */
const backtracking: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(atom, tail).map(([a, t]) => `(${a}+)+${t}`),
  fc.tuple(atom, tail).map(([a, t]) => `(${a}|${a})*${t}`),
  fc.tuple(atom, tail).map(([a, t]) => `(${a}*)*${t}`),
  fc.tuple(count, tail).map(([k, t]) => `(.*){${k}}${t}`),
  fc.tuple(atom, tail).map(([a, t]) => `((${a})+.)+${t}`),
  fc.tuple(atom, count).map(([a, k]) => `(${a}?){${k}}${a}{${k}}`),
  fc.tuple(atom, atom, tail).map(([a, b, t]) => `(${a}|${b}|${a}${b})+${t}`),
);

const label = fc.constantFrom('instance', 'summary', 'alertname');
const operator = fc.constantFrom('=~', '!~');

function checked(answer: Answer, what: string): void {
  expect(answer.status, `${what}: ${answer.body.slice(0, 200)}`).toBeLessThan(500);
  expect(answer.ms, `${what} took ${Math.round(answer.ms)} ms`).toBeLessThan(2000);
  if (answer.status >= 400) expect(answer.status, `${what}: ${answer.body.slice(0, 200)}`).toBe(400);
}

const get = (path: string) => server.send({ method: 'GET', path, headers: auth });

describe('exponential regular expressions in matchers', () => {
  it('answers alerts and alert groups filtered by them within 2 s', async () => {
    await fc.assert(
      fc.asyncProperty(label, operator, backtracking, async (name, op, pattern) => {
        const filter = encodeURIComponent(`${name}${op}"${pattern}"`);
        for (const path of [`/api/v2/alerts?filter=${filter}`, `/api/v2/alerts/groups?filter=${filter}`, `/api/v2/alerts?filter=${filter}&filter=${filter}&receiver=${encodeURIComponent(pattern)}`]) {
          checked(await get(path), path);
        }
      }),
      settings,
    );
    expect((await get('/healthz')).status).toBe(200);
  });

  it('takes silences with them, lists alerts through them and filters silences by them within 2 s', async () => {
    const now = Date.now();
    await fc.assert(
      fc.asyncProperty(label, backtracking, fc.boolean(), async (name, pattern, isEqual) => {
        const silence = {
          matchers: [
            { name, value: pattern, isRegex: true, isEqual },
            { name: 'alertname', value: 'Backtrack', isRegex: false },
          ],
          startsAt: new Date(now).toISOString(),
          endsAt: new Date(now + 3_600_000).toISOString(),
          createdBy: 'fuzz',
          comment: 'backtracking',
        };
        const posted = await server.send({ method: 'POST', path: '/api/v2/silences', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(silence) });
        checked(posted, `POST /api/v2/silences ${pattern}`);
        checked(await get('/api/v2/alerts?silenced=true&active=true'), `GET /api/v2/alerts with the silence ${pattern}`);
        checked(await get('/api/v2/alerts/groups'), `GET /api/v2/alerts/groups with the silence ${pattern}`);
        checked(await get(`/api/v2/silences?filter=${encodeURIComponent(`${name}=~"${pattern}"`)}`), `GET /api/v2/silences?filter= ${pattern}`);
      }),
      settings,
    );
    expect((await get('/healthz')).status).toBe(200);
  });
});
