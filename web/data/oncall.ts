/** On call: who holds each schedule now and next, and the overrides made at run time. */
import { get, post, request } from './api.js';

export interface OnCallPerson {
  readonly person: string | null;
  readonly name: string | null;
  readonly timezone: string | null;
  readonly source: 'rotation' | 'override' | 'none';
  readonly layer?: string;
}

export interface OnCallSchedule {
  readonly id: string;
  readonly timezone: string;
  readonly now: OnCallPerson & { readonly since: string; readonly until: string };
  readonly next: readonly (OnCallPerson & { readonly from: string; readonly until: string })[];
}

export interface Override {
  readonly id: string;
  readonly schedule: string;
  readonly person: string;
  readonly from: string;
  readonly to: string;
  readonly created_by: string;
}

export const fetchOnCall = (): Promise<{ schedules: readonly OnCallSchedule[] }> => get('/api/v1/oncall');
export const fetchOverrides = (): Promise<{ overrides: readonly Override[] }> => get('/api/v1/oncall/overrides');
export const fetchCalendars = (): Promise<{ schedules: readonly { schedule: string; url: string }[] }> => get('/api/v1/oncall/calendars');

export function addOverride(fields: { schedule: string; person: string; from: string; to: string }, by: string): Promise<{ override: Override }> {
  return post('/api/v1/oncall/overrides', { ...fields, by });
}

export const deleteOverride = (id: string, by: string): Promise<unknown> => request('DELETE', `/api/v1/oncall/overrides/${encodeURIComponent(id)}?by=${encodeURIComponent(by)}`);
