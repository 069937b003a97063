/**
 * One contract for every way events come in — POST /v1/events, POST /v1/logs
 * (OTLP/JSON) and `launchwatch import` — on the real server: an event sent
 * twice, and again after a restart, is stored once; an id or a property
 * value holding a lone UTF-16 surrogate (`"\ud800"` in JSON, which UTF-8
 * cannot store) is refused with the field named, and nothing is stored.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLaunchwatch, type Launchwatch } from '../src/app.js';
import { importCommand } from '../src/cli/import.js';
import { createLogger } from '../src/logger.js';
import { INGEST_KEY } from './helpers/app.js';
import { planFrom } from './helpers/plan.js';

const PLAN = `
version: 1
product: { name: ids }
ingest: { keys: [ { name: cli, key: ${INGEST_KEY} } ] }
otlp: { event_name_attribute: event.name }
events:
  via_events: { note: { type: string, optional: true } }
  via_logs: { note: { type: string, optional: true } }
  via_import: { note: { type: string, optional: true } }
`;

/** One event, written as JSON text so that a lone surrogate stays an escape. */
interface Sent {
  readonly id: string;
  readonly note: string;
}

/** What a way in answered for one event: taken (stored or a duplicate), or refused with this error. */
type Answer = { readonly kind: 'taken' } | { readonly kind: 'refused'; readonly error: string };

interface WayIn {
  readonly type: string;
  /** Whether the way in carries the sender's event id (OTLP derives its own from the record). */
  readonly sendsIds: boolean;
  send(url: string, event: Sent): Promise<Answer>;
}

const TS = Date.parse('2026-11-22T09:30:00Z');
let dir: string;
let app: Launchwatch;
let url: string;

/** JSON text of a string, leaving `\uXXXX` escapes written in `text` as they are. */
const jsonString = (text: string): string => `"${text}"`;

async function postJson(path: string, body: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` }, body });
  return (await response.json()) as Record<string, unknown>;
}

const events: WayIn = {
  type: 'via_events',
  sendsIds: true,
  async send(_base, event) {
    const answer = (await postJson('/v1/events', `[{"id":${jsonString(event.id)},"type":"via_events","timestamp":${TS},"properties":{"note":${jsonString(event.note)}}}]`)) as {
      rejected: { error: string }[];
    };
    return answer.rejected[0] ? { kind: 'refused', error: answer.rejected[0].error } : { kind: 'taken' };
  },
};

/** OTLP derives the event's id from the record; the note is an attribute. */
const logs: WayIn = {
  type: 'via_logs',
  sendsIds: false,
  async send(_base, event) {
    const attributes = `[{"key":"event.name","value":{"stringValue":"via_logs"}},{"key":"note","value":{"stringValue":${jsonString(event.note)}}}]`;
    const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"${BigInt(TS) * 1_000_000n}","attributes":${attributes}}]}]}]}`;
    const answer = (await postJson('/v1/logs', body)) as { partialSuccess?: { rejectedLogRecords?: string; errorMessage?: string } };
    const rejected = Number(answer.partialSuccess?.rejectedLogRecords ?? 0);
    return rejected > 0 ? { kind: 'refused', error: answer.partialSuccess?.errorMessage ?? '' } : { kind: 'taken' };
  },
};

const imports: WayIn = {
  type: 'via_import',
  sendsIds: true,
  async send(base, event) {
    const file = join(dir, 'import.ndjson');
    writeFileSync(file, `{"id":${jsonString(event.id)},"type":"via_import","timestamp":${TS},"properties":{"note":${jsonString(event.note)}}}\n`);
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const exit = await importCommand({ file, url: base, key: INGEST_KEY });
      const summary = printed.join('\n');
      if (exit === 1) return { kind: 'refused', error: /line 1: (.*)/.exec(summary)?.[1] ?? summary };
      expect(exit).toBe(0);
      return { kind: 'taken' };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  },
};

async function storedCounts(): Promise<Record<string, number>> {
  return (await app.stores.events.counts()) as Record<string, number>;
}

async function start(): Promise<void> {
  app = await createLaunchwatch({ plan: planFrom(PLAN), dataDir: dir, port: 0, logger: createLogger('silent'), scheduler: false, memoryLimit: '512MB' });
  url = await app.start();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lw-ids-'));
  await start();
});
afterAll(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

const stored = async (type: string): Promise<number> => (await storedCounts())[type] ?? 0;

describe.each([
  ['POST /v1/events', events],
  ['POST /v1/logs', logs],
  ['launchwatch import', imports],
])('%s', (_name, way) => {
  it('stores an event sent twice, and again after a restart, once (non-ASCII and astral text included)', async () => {
    const event = { id: `dup-😀-é-${way.type}`, note: 'naïve 𝔘' };
    const before = await stored(way.type);
    expect(await way.send(url, event)).toEqual({ kind: 'taken' });
    expect(await way.send(url, event)).toEqual({ kind: 'taken' });
    expect(await stored(way.type)).toBe(before + 1);
    await app.stop();
    await start();
    expect(await way.send(url, event)).toEqual({ kind: 'taken' });
    expect(await stored(way.type)).toBe(before + 1);
  });

  const cases: [string, Sent, RegExp][] = [['a property value', { id: `ok-${way.type}`, note: 'x\\ud800' }, /properties\.note: contains a lone UTF-16 surrogate/]];
  if (way.sendsIds) cases.push(['an id', { id: 'dup-\\ud800', note: 'fine' }, /^id: contains a lone UTF-16 surrogate/]);
  it.each(cases)('refuses a lone surrogate in %s, naming the field, and stores nothing', async (_what, event, error) => {
    const before = await stored(way.type);
    for (let i = 0; i < 2; i++) {
      const outcome = await way.send(url, event);
      expect(outcome.kind).toBe('refused');
      expect(outcome.kind === 'refused' ? outcome.error : '').toMatch(error);
    }
    expect(await stored(way.type)).toBe(before);
  });
});
