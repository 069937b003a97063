/** Silences, through the Alertmanager API v2 that amtool uses too. */
import { get, post, request } from './api.js';

export interface Silence {
  readonly id: string;
  readonly matchers: readonly { readonly name: string; readonly value: string; readonly isRegex: boolean; readonly isEqual?: boolean }[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly comment: string;
  readonly status: { readonly state: 'pending' | 'active' | 'expired' };
}

export const fetchSilences = (): Promise<readonly Silence[]> => get<Silence[]>('/api/v2/silences');

/** Silences exactly this alert (every one of its labels) for `durationMs` from now. */
export function silenceAlert(labels: Readonly<Record<string, string>>, durationMs: number, by: string, now = Date.now()): Promise<{ silenceID: string }> {
  const matchers = Object.entries(labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
  return post('/api/v2/silences', {
    matchers,
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + durationMs).toISOString(),
    createdBy: by,
    comment: 'silenced from the dashboard',
  });
}

export const expireSilence = (id: string): Promise<unknown> => request('DELETE', `/api/v2/silence/${encodeURIComponent(id)}`);
