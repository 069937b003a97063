/** Scheduled maintenance of the status page: list, schedule, cancel. */
import { get, post, request } from './api.js';

export interface MaintenanceWindow {
  readonly id: string;
  readonly components: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly message: string;
  /** plan: declared in the plan (cancelled by a plan edit); api: scheduled at run time. */
  readonly source: 'plan' | 'api';
}

export const fetchMaintenance = async (): Promise<readonly MaintenanceWindow[]> => (await get<{ maintenance: MaintenanceWindow[] }>('/api/v1/status/maintenance')).maintenance;

export function scheduleMaintenance(fields: { components: readonly string[]; from: string; to: string; message: string }, by: string): Promise<{ maintenance: MaintenanceWindow }> {
  return post('/api/v1/status/maintenance', { ...fields, by });
}

export const cancelMaintenance = (id: string): Promise<unknown> => request('DELETE', `/api/v1/status/maintenance/${encodeURIComponent(id)}`);
