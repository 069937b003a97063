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

export interface FiringCount {
  /** Neither silenced nor inhibited: what notifies, pages and declares incidents. */
  readonly firing: number;
  readonly silenced: number;
  readonly inhibited: number;
}

export interface AlertList {
  readonly alerts: readonly Alert[];
  readonly counts: FiringCount & { readonly by_severity: Readonly<Record<string, FiringCount>> };
}

/** The server's counts, or the same counted here from the list when it gives none. */
function withCounts(answer: { alerts: Alert[]; counts?: AlertList['counts'] }): AlertList {
  if (answer.counts) return { alerts: answer.alerts, counts: answer.counts };
  const zero = (): { firing: number; silenced: number; inhibited: number } => ({ firing: 0, silenced: 0, inhibited: 0 });
  const total = zero();
  const bySeverity: Record<string, FiringCount & { firing: number; silenced: number; inhibited: number }> = { P1: zero(), P2: zero(), P3: zero(), P4: zero() };
  for (const a of answer.alerts) {
    if (a.state !== 'firing') continue;
    const kind = a.silenced_by.length > 0 ? 'silenced' : a.inhibited_by.length > 0 ? 'inhibited' : 'firing';
    total[kind]++;
    const severity = a.severity ? bySeverity[a.severity] : undefined;
    if (severity) severity[kind]++;
  }
  return { alerts: answer.alerts, counts: { ...total, by_severity: bySeverity } };
}

export const fetchAlertList = async (): Promise<AlertList> => withCounts(await get<{ alerts: Alert[]; counts?: AlertList['counts'] }>('/api/v1/alerts'));
export const fetchAlerts = async (): Promise<readonly Alert[]> => (await fetchAlertList()).alerts;
export const fetchHistory = async (limit = 50): Promise<readonly Transition[]> => (await get<{ transitions: Transition[] }>(`/api/v1/alerts/history?limit=${limit}`)).transitions;
export const acknowledge = (fingerprint: string, by: string): Promise<unknown> => post(`/api/v1/alerts/${encodeURIComponent(fingerprint)}/ack`, { by });
