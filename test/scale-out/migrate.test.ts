/**
 * Moving over (src/store/migrate/): an embedded installation with data in
 * every table is copied to a real PostgreSQL and ClickHouse; the counts match,
 * every port reads the same on both sides, every event metric of the plan
 * measures the same; a second run copies nothing; a run stopped midway (also
 * one that wrote a batch without recording it) and run again ends with the
 * same counts; a server still running on the data directory is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/types.js';
import { openEmbeddedStores } from '../../src/store/duckdb/index.js';
import { migrateEmbedded, type MigrateOptions } from '../../src/store/migrate/index.js';
import { openScaleOutStores } from '../../src/store/scale-out.js';
import { dropTestDatabases, freshDatabaseUrl } from '../helpers/clickhouse-events.js';
import { fixturePlan } from '../helpers/plan.js';
import { freshDatabase } from '../helpers/postgres.js';
import { T0, fillEmbedded, plannedEvents, snapshot } from './embedded-fixture.js';

let plan: Plan;
let dir: string;
let embedded: Record<string, unknown>;

beforeAll(async () => {
  plan = await fixturePlan();
  dir = mkdtempSync(join(tmpdir(), 'lw-migrate-'));
  await fillEmbedded(dir, plan);
  const stores = await openEmbeddedStores(dir);
  try {
    await stores.events.prepare(plan.events);
    embedded = await snapshot(stores, plan);
  } finally {
    await stores.close();
  }
}, 60_000);

afterAll(async () => {
  await dropTestDatabases();
  rmSync(dir, { recursive: true, force: true });
});

async function targets(): Promise<{ stateUrl: string; eventsUrl: string }> {
  return { stateUrl: await freshDatabase(), eventsUrl: freshDatabaseUrl() };
}

const options = (urls: { stateUrl: string; eventsUrl: string }, more: Partial<MigrateOptions> = {}): MigrateOptions => ({ dataDir: dir, ...urls, events: plan.events, ...more });

const counts = (rows: readonly { name: string; source: number; target: number }[]) => Object.fromEntries(rows.map((r) => [r.name, [r.source, r.target]]));

async function scaleOutSnapshot(urls: { stateUrl: string; eventsUrl: string }): Promise<Record<string, unknown>> {
  const stores = await openScaleOutStores(urls);
  try {
    await stores.events.prepare(plan.events);
    return await snapshot(stores, plan);
  } finally {
    await stores.close();
  }
}

async function onState<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('launchwatch migrate', () => {
  it('copies every table, checks the counts, and the scale-out stores answer as the embedded ones', async () => {
    const urls = await targets();
    // An event already in ClickHouse (the same id) is not stored twice.
    const before = await openScaleOutStores(urls);
    await before.events.prepare(plan.events);
    await before.events.append(plannedEvents().slice(0, 3));
    await before.close();

    const lines: string[] = [];
    const result = await migrateEmbedded(options(urls, { batchSize: 7, progress: (line) => lines.push(line) }));
    expect(result.stopped).toBe(false);
    expect(result.mismatches).toEqual([]);
    expect(counts(result.counts)).toMatchObject({
      'events command_generation': [60, 60],
      'events command_execution': [25, 25],
      'events session_start': [10, 10],
      alert_instances: [3, 3],
      alert_history: [3, 3],
      notifications: [4, 4],
      incidents: [3, 3],
      incident_timeline: [9, 9],
      incident_action_items: [3, 3],
      metric_samples: [40, 40],
      privacy_audit: [2, 2],
      oncall_overrides: [2, 2],
      oncall_handoff_notices: [1, 1],
      talk_log: [2, 2],
      status_subscribers: [2, 2],
      maintenance_windows: [1, 1],
      'next incident_ids': [4, 4],
      'next action_item_ids': [4, 4],
      'next backlog_ids': [2, 2],
    });
    expect(result.counts.every((r) => r.ok)).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^notifications: 4 rows copied, 4 in this run \(\d+ rows\/s\), done$/));

    expect(await scaleOutSnapshot(urls)).toEqual(embedded);
    // New ids continue after the copied ones.
    const stores = await openScaleOutStores(urls);
    try {
      expect(await stores.state.nextIncidentId()).toBe('INC-4');
      expect(await stores.state.nextActionItemId()).toBe('AI-4');
      expect(await stores.backlog.nextBacklogId()).toBe('BL-2');
      // New audit and timeline entries are numbered after the copied ones: they read as the latest.
      await stores.privacy.appendAudit({ at: 0, action: 'export_user', actor: 'after', details: {} });
      expect((await stores.privacy.audit(1))[0]?.actor).toBe('after');
      await stores.state.appendTimeline([{ incidentId: 'INC-1', at: T0 + 1000, kind: 'note', by: 'after', text: 'same moment as the last one', public: false }]);
      expect((await stores.state.timeline('INC-1')).map((e) => e.by)).toEqual(['ana', 'ana', 'ben', 'after']);
    } finally {
      await stores.close();
    }

    // A second run copies nothing new and still checks.
    const again = await migrateEmbedded(options(urls));
    expect(again.copied.every((k) => k.copied === 0)).toBe(true);
    const rows = (c: typeof result.counts) => counts(c.filter((r) => !r.name.startsWith('next ') && r.name !== 'privacy_audit' && r.name !== 'incident_timeline'));
    expect(rows(again.counts)).toEqual(rows(result.counts));
    // The two entries written above are the target's own: the check names them.
    expect(again.mismatches).toEqual([
      'incident_timeline: 9 in the embedded installation, 10 in the scale-out backends',
      'privacy_audit: 2 in the embedded installation, 3 in the scale-out backends',
    ]);
    // The ids drawn above moved the counters on: still no mismatch (a counter only has to be past the source's).
    expect(counts(again.counts)).toMatchObject({ 'next incident_ids': [4, 5], 'next backlog_ids': [2, 3] });
  }, 120_000);

  it('resumes a run stopped midway, also after batches written but not recorded, with exactly the same counts', async () => {
    const urls = await targets();
    const first = await migrateEmbedded(options(urls, { batchSize: 4, stopAfterBatches: 20 }));
    expect(first.stopped).toBe(true);
    expect(first.counts).toEqual([]);
    // A run killed after writing a batch and before recording it: the progress of the keyed kinds is lost.
    await onState(urls.stateUrl, `DELETE FROM launchwatch_migrate_progress WHERE name IN ('events command_generation', 'events command_execution')`);
    const controller = new AbortController();
    const second = await migrateEmbedded(options(urls, { batchSize: 3, signal: controller.signal, progress: (line) => (line.startsWith('alert_history') ? controller.abort() : undefined) }));
    expect(second.stopped).toBe(true);
    await onState(urls.stateUrl, `DELETE FROM launchwatch_migrate_progress WHERE name IN ('notifications', 'alert_instances')`);
    const last = await migrateEmbedded(options(urls, { batchSize: 5 }));
    expect(last.stopped).toBe(false);
    expect(last.mismatches).toEqual([]);
    const complete = await migrateEmbedded(options(await targets()));
    expect(counts(last.counts)).toEqual(counts(complete.counts));
    expect(await scaleOutSnapshot(urls)).toEqual(embedded);
  }, 180_000);

  it('refuses a PostgreSQL database that already holds another installation’s state', async () => {
    const urls = await targets();
    const stores = await openScaleOutStores(urls);
    await stores.state.putSilence({ id: 'other', matchers: [], startsAt: 0, endsAt: 1, createdBy: 'x', comment: 'x', updatedAt: 0 });
    await stores.close();
    await expect(migrateEmbedded(options(urls))).rejects.toThrow(/already holds launchwatch state \(table silences has rows\)/);
  }, 60_000);

  it('refuses a data directory without an embedded installation', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lw-migrate-empty-'));
    try {
      await expect(migrateEmbedded({ ...options(await targets()), dataDir: empty })).rejects.toThrow(/no embedded installation in/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
