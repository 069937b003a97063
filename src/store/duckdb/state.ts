/**
 * StateStore on DuckDB, in the same file as the events in the embedded default.
 * Holds what launchwatch derives from the plan: metric samples (history),
 * alerting state (alerts.ts) and incidents (incidents.ts).
 */
import type { NotificationQuery } from '../ports.js';
import { DOUBLE, DuckDBDataChunk, TIMESTAMP, VARCHAR, timestampValue, type DuckDBValue } from '@duckdb/node-api';
import type { Scalar } from '../../plan/types.js';
import type { AggregationGroup, AlertInstance, NotificationRecord, Silence, Transition } from '../../alerting/types.js';
import type { ActionItem, Incident, TimelineEntry } from '../../incidents/types.js';
import type { AlertingChange, DeliveryOutcome, GroupKey, HistoryQuery, IncidentQuery, MetricSample, StateStore, TimeRange } from '../types.js';
import { ALERT_SCHEMA, DuckDBAlertState } from './alerts.js';
import { DuckDBIncidentState, INCIDENT_SCHEMA } from './incidents.js';
import { queryRows, type DuckDB } from './database.js';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS metric_samples (
     metric_id VARCHAR NOT NULL,
     group_key VARCHAR NOT NULL,
     ts TIMESTAMP NOT NULL,
     value DOUBLE,
     status VARCHAR NOT NULL
   )`,
  ...ALERT_SCHEMA,
  ...INCIDENT_SCHEMA,
];

/** A canonical text for a group: the same group always gives the same key. */
export function groupKeyText(group: GroupKey): string {
  return JSON.stringify(Object.fromEntries(Object.entries(group).sort(([a], [b]) => a.localeCompare(b))));
}

export class DuckDBStateStore implements StateStore {
  private readonly alerts: DuckDBAlertState;
  private readonly incidentState: DuckDBIncidentState;

  private constructor(private readonly db: DuckDB) {
    this.alerts = new DuckDBAlertState(db);
    this.incidentState = new DuckDBIncidentState(db);
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
  retrying(): Promise<NotificationRecord[]> {
    return this.alerts.retrying();
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

  static async open(db: DuckDB): Promise<DuckDBStateStore> {
    await db.write(async (connection) => {
      for (const statement of SCHEMA) await connection.run(statement);
    });
    return new DuckDBStateStore(db);
  }

  async recordSamples(samples: readonly MetricSample[]): Promise<void> {
    if (samples.length === 0) return;
    await this.db.write(async (connection) => {
      const appender = await connection.createAppender('metric_samples');
      try {
        for (let offset = 0; offset < samples.length; offset += 2048) {
          const slice = samples.slice(offset, offset + 2048);
          const columns: DuckDBValue[][] = [
            slice.map((s) => s.metricId),
            slice.map((s) => groupKeyText(s.group)),
            slice.map((s) => timestampValue(BigInt(Math.round(s.ts)) * 1000n)),
            slice.map((s) => s.value),
            slice.map((s) => s.status),
          ];
          const chunk = DuckDBDataChunk.create([VARCHAR, VARCHAR, TIMESTAMP, DOUBLE, VARCHAR], slice.length);
          chunk.setColumns(columns);
          appender.appendDataChunk(chunk);
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
  }

  async samples(metricId: string, range: TimeRange, group?: GroupKey): Promise<MetricSample[]> {
    const params: (string | { timestampMs: number })[] = [metricId, { timestampMs: range.from }, { timestampMs: range.to }];
    let sql = `SELECT metric_id, group_key, epoch_ms(ts) AS ts, value, status FROM metric_samples
               WHERE metric_id = $1 AND ts >= $2 AND ts <= $3`;
    if (group) {
      params.push(groupKeyText(group));
      sql += ' AND group_key = $4';
    }
    sql += ' ORDER BY ts, group_key';
    const rows = await this.db.read((connection) => queryRows(connection, sql, params));
    return rows.map((row) => ({
      metricId: String(row.metric_id),
      group: JSON.parse(String(row.group_key)) as Record<string, Scalar | null>,
      ts: Number(row.ts),
      value: row.value === null ? null : Number(row.value),
      status: String(row.status),
    }));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
