/** The SLO API: every SLO's figures now, and one SLO's remaining budget and burn rates over time. */
import type { SloJson } from '../../src/slo/json.js';
import type { SloSeriesPoint } from '../../src/slo/series.js';
import { get } from './api.js';

// The server's own answer types (src/slo/json.ts, src/slo/series.ts), not a copy of them.
export type { SloAlertJson, SloGroupJson, SloJson } from '../../src/slo/json.js';

export interface SloList {
  readonly evaluated_at: string;
  readonly slos: readonly SloJson[];
}

/** A series point as the wire has it: its time as ISO-8601. */
export type SloPoint = Omit<SloSeriesPoint, 't'> & { readonly t: string };

export interface SloSeries {
  readonly id: string;
  readonly objective: number;
  readonly from: string;
  readonly to: string;
  readonly step_ms: number;
  readonly points: readonly SloPoint[];
}

export const fetchSlos = (): Promise<SloList> => get<SloList>('/api/v1/slos');

/** The SLO's window ending at `to`: the server takes that range when `from` is left out, and picks the step (about 120 points). */
export function fetchSloSeries(id: string, to: number): Promise<SloSeries> {
  return get<SloSeries>(`/api/v1/slos/${encodeURIComponent(id)}/series?to=${Math.round(to)}`);
}
