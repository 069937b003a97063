/**
 * Moving over: copies a stopped embedded installation (one DuckDB file) to the
 * scale-out backends, the events to ClickHouse and the state to PostgreSQL,
 * then checks the counts on both sides. `launchwatch migrate` runs it.
 *
 * A run can be stopped at any point and run again: each kind of record is
 * read in the order of its key, and the last key copied is recorded in
 * PostgreSQL (launchwatch_migrate_progress), so the next run goes on after it;
 * what a run wrote before it could record its progress is written again by the
 * next one, and is still stored once (ids for events, keys for state rows, the
 * progress in the same transaction for rows without a key).
 */
import { LaunchwatchError } from '../../errors.js';
import type { EventSpec } from '../../plan/types.js';
import { STATE_TABLES } from '../postgres/schema.js';
import { alertGroups, alertHistory, alertInstances, notifications, silences } from './alerting.js';
import { checkCounts, mismatches, type CountRow } from './check.js';
import { copyKind, type KindCopied, type RunState } from './copy.js';
import { eventKinds, eventSpecs } from './events.js';
import { githubAppliedLabels, githubCursors, githubIssues } from './github.js';
import { actionItems, copyCounters, incidents, incidentTimeline } from './incidents.js';
import type { RecordKind } from './kind.js';
import { privacyAudit, privacySwitch } from './privacy.js';
import { readProgress, saveProgress } from './progress.js';
import { backlogItems, baselines, digestRuns, metricSamples, releases } from './records.js';
import { openSource, type Source } from './source.js';
import { openTarget, type Target } from './target.js';
import { maintenanceWindows, oncallHandoffNotices, oncallOverrides, statusSubscribers, talkLog } from './talk.js';

export { countTable, mismatches, type CountRow } from './check.js';

export interface MigrateOptions {
  /** The embedded installation's data directory (its server stopped). */
  readonly dataDir: string;
  readonly stateUrl: string;
  readonly eventsUrl: string;
  /** The plan's events: ClickHouse is prepared for them (and for every stored type). */
  readonly events: Readonly<Record<string, EventSpec>>;
  /** Rows per batch (default 5000). */
  readonly batchSize?: number;
  /** Stops, as an interruption would, after this many batches; for tests. */
  readonly stopAfterBatches?: number;
  /** Stops before the next batch once aborted. */
  readonly signal?: AbortSignal;
  /** Human progress lines. */
  readonly progress?: (line: string) => void;
  readonly now?: () => number;
}

export interface MigrateResult {
  /** True when the run stopped before the end (run it again to go on); there are no counts then. */
  readonly stopped: boolean;
  readonly copied: readonly KindCopied[];
  readonly counts: readonly CountRow[];
  /** One line per count that does not match; empty when the copy is complete. */
  readonly mismatches: readonly string[];
}

/** Every kind of state record, in the order they are copied. */
export function stateKinds(): RecordKind[] {
  return [
    alertInstances(), alertGroups(), alertHistory(), notifications(), silences(),
    incidents(), incidentTimeline(), actionItems(),
    metricSamples(), releases(), baselines(), backlogItems(),
    githubIssues(), githubCursors(), githubAppliedLabels(),
    digestRuns(), privacySwitch(), privacyAudit(),
    oncallOverrides(), oncallHandoffNotices(), talkLog(), statusSubscribers(), maintenanceWindows(),
  ];
}

/** The progress row a run writes before anything else: the target's state is then known to be the migration's own. */
const STARTED = '(migration started)';

/** A first run refuses a PostgreSQL database that already holds launchwatch state: it would mix two installations. */
async function refuseUsedTarget(target: Target): Promise<void> {
  for (const table of STATE_TABLES) {
    const { rows } = await target.db.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} LIMIT 1) AS t`);
    if ((rows[0]?.n ?? 0) > 0) {
      throw new LaunchwatchError('conflict', `the PostgreSQL database already holds launchwatch state (table ${table} has rows) and no migration was started in it: migrate into a fresh database`);
    }
  }
}

async function copyAll(source: Source, target: Target, options: MigrateOptions): Promise<MigrateResult> {
  const now = options.now ?? Date.now;
  const progress = await readProgress(target.db);
  if (progress.size === 0) await refuseUsedTarget(target);
  await saveProgress(target.db, STARTED, { lastKey: [], rows: 0 }, now());
  await target.events.events.prepare(eventSpecs(source, options.events));
  const kinds = [...eventKinds(source), ...stateKinds()];
  const control = { batchSize: options.batchSize ?? 5_000, progress: options.progress ?? (() => undefined), now, ...(options.signal ? { signal: options.signal } : {}), ...(options.stopAfterBatches === undefined ? {} : { stopAfterBatches: options.stopAfterBatches }) };
  const run: RunState = { batches: 0 };
  const copied: KindCopied[] = [];
  for (const kind of kinds) {
    const result = await copyKind(kind, source, target, progress.get(kind.name), control, run);
    copied.push(result);
    if (result.stopped) return { stopped: true, copied, counts: [], mismatches: [] };
  }
  await copyCounters(source, target);
  const counts = await checkCounts(kinds, source, target);
  return { stopped: false, copied, counts, mismatches: mismatches(counts) };
}

/** Copies the embedded installation under `dataDir` to the scale-out backends, or goes on with a copy begun before. */
export async function migrateEmbedded(options: MigrateOptions): Promise<MigrateResult> {
  const source = await openSource(options.dataDir);
  try {
    const target = await openTarget(options.stateUrl, options.eventsUrl);
    try {
      return await copyAll(source, target, options);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
