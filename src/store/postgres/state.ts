/**
 * StateStore on PostgreSQL: metric samples (history) here, alerting state
 * (alerts.ts) and incidents (incidents.ts), on one shared pool.
 */
import type { NotificationQuery } from '../ports.js';
import type { AggregationGroup, AlertInstance, NotificationRecord, Silence, Transition } from '../../alerting/types.js';
import type { ActionItem, Incident, TimelineEntry } from '../../incidents/types.js';
import type { Scalar } from '../../plan/types.js';
import type { AlertingChange, DeliveryOutcome, GroupKey, HistoryQuery, IncidentQuery, MetricSample, StateStore, TimeRange } from '../types.js';
import { PgAlertState } from './alerts.js';
import { ms, type PgDatabase, type PgParam } from './database.js';
import { PgIncidentState } from './incidents.js';

const SAMPLE_SLICE = 5_000;

/**
 * A canonical text for a group, the same as the embedded store writes (src/store/duckdb/state.ts), so that a
 * group always gives the same key and a database copied from DuckDB is read alike. Kept here so that this
 * backend does not load DuckDB.
 */
export function groupKeyText(group: GroupKey): string {
  return JSON.stringify(Object.fromEntries(Object.entries(group).sort(([a], [b]) => a.localeCompare(b))));
}

export class PgStateStore implements StateStore {
  private readonly alerts: PgAlertState;
  private readonly incidentState: PgIncidentState;

  constructor(
    private readonly db: PgDatabase,
    /** What close() does: the composition that owns the pool closes it. */
    private readonly onClose: () => Promise<void>,
  ) {
    this.alerts = new PgAlertState(db);
    this.incidentState = new PgIncidentState(db);
  }

  async recordSamples(samples: readonly MetricSample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.db.transaction(async (client) => {
      for (let offset = 0; offset < samples.length; offset += SAMPLE_SLICE) {
        const s = samples.slice(offset, offset + SAMPLE_SLICE);
        await client.query(
          `INSERT INTO metric_samples (metric_id, group_key, ts, value, status)
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::text[])`,
          [s.map((x) => x.metricId), s.map((x) => groupKeyText(x.group)), s.map((x) => ms(x.ts)), s.map((x) => x.value), s.map((x) => x.status)],
        );
      }
    });
  }

  async samples(metricId: string, range: TimeRange, group?: GroupKey): Promise<MetricSample[]> {
    const params: PgParam[] = [metricId, ms(range.from), ms(range.to)];
    let sql = 'SELECT metric_id, group_key, ts, value, status FROM metric_samples WHERE metric_id = $1 AND ts >= $2 AND ts <= $3';
    if (group) sql += ` AND group_key = $${params.push(groupKeyText(group))}`;
    sql += ' ORDER BY ts, group_key';
    const { rows } = await this.db.query<{ metric_id: string; group_key: string; ts: number; value: number | null; status: string }>(sql, params);
    return rows.map((r) => ({ metricId: r.metric_id, group: JSON.parse(r.group_key) as Record<string, Scalar | null>, ts: r.ts, value: r.value, status: r.status }));
  }

  loadAlerting(): Promise<{ instances: AlertInstance[]; groups: AggregationGroup[] }> {
    return this.alerts.loadAlerting();
  }
  commitAlerting(change: AlertingChange): Promise<void> {
    return this.alerts.commitAlerting(change);
  }
  alertHistory(query: HistoryQuery): Promise<Transition[]> {
    return this.alerts.alertHistory(query);
  }
  due(now: number, limit: number): Promise<NotificationRecord[]> {
    return this.alerts.due(now, limit);
  }
  retrying(): Promise<NotificationRecord[]> {
    return this.alerts.retrying();
  }
  recordDeliveries(outcomes: readonly DeliveryOutcome[]): Promise<void> {
    return this.alerts.recordDeliveries(outcomes);
  }
  markSent(id: string, at: number): Promise<void> {
    return this.alerts.markSent(id, at);
  }
  markRetry(id: string, at: number, attempts: number, error: string): Promise<void> {
    return this.alerts.markRetry(id, at, attempts, error);
  }
  markFailed(id: string, at: number, attempts: number, error: string): Promise<void> {
    return this.alerts.markFailed(id, at, attempts, error);
  }
  notifications(query: NotificationQuery): Promise<NotificationRecord[]> {
    return this.alerts.notifications(query);
  }
  putSilence(silence: Silence): Promise<void> {
    return this.alerts.putSilence(silence);
  }
  silences(): Promise<Silence[]> {
    return this.alerts.silences();
  }

  nextIncidentId(): Promise<string> {
    return this.incidentState.nextIncidentId();
  }
  putIncident(incident: Incident, entries: readonly TimelineEntry[]): Promise<void> {
    return this.incidentState.putIncident(incident, entries);
  }
  incident(id: string): Promise<Incident | undefined> {
    return this.incidentState.incident(id);
  }
  incidents(query: IncidentQuery): Promise<Incident[]> {
    return this.incidentState.incidents(query);
  }
  appendTimeline(entries: readonly TimelineEntry[]): Promise<void> {
    return this.incidentState.appendTimeline(entries);
  }
  timeline(incidentId: string, options?: { publicOnly?: boolean }): Promise<TimelineEntry[]> {
    return this.incidentState.timeline(incidentId, options);
  }
  nextActionItemId(): Promise<string> {
    return this.incidentState.nextActionItemId();
  }
  putActionItem(item: ActionItem, entries?: readonly TimelineEntry[]): Promise<void> {
    return this.incidentState.putActionItem(item, entries);
  }
  actionItems(incidentId: string): Promise<ActionItem[]> {
    return this.incidentState.actionItems(incidentId);
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
