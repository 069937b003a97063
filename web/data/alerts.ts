/** The alerts API: current alerts, acknowledgement, history. */
import { get, post } from './api.js';

export interface Alert {
  readonly fingerprint: string;
  readonly rule: string;
  readonly source: string;
  readonly state: 'pending' | 'firing' | 'resolved' | 'nodata' | 'error' | 'inactive';
  readonly severity: string | null;
  readonly since: string;
  readonly value: number | null;
  /** The unit of `value` (its rule's metric's); '' when unknown. */
  readonly unit: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly acknowledged_by: string | null;
  readonly acknowledged_at: string | null;
  readonly silenced_by: readonly string[];
  readonly inhibited_by: readonly string[];
}

export interface Transition {
  readonly at: string;
  readonly fingerprint: string;
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  readonly severity: string | null;
  readonly value: number | null;
  readonly reason: string;
}

export const fetchAlerts = async (): Promise<readonly Alert[]> => (await get<{ alerts: Alert[] }>('/api/v1/alerts')).alerts;
export const fetchHistory = async (limit = 50): Promise<readonly Transition[]> => (await get<{ transitions: Transition[] }>(`/api/v1/alerts/history?limit=${limit}`)).transitions;
export const acknowledge = (fingerprint: string, by: string): Promise<unknown> => post(`/api/v1/alerts/${encodeURIComponent(fingerprint)}/ack`, { by });
