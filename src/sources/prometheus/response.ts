/**
 * Reading the answers of Prometheus' HTTP API (2.x, /api/v1/query and
 * /api/v1/query_range) as a metric's measurement or series. Pure: the parsed
 * JSON in, a value or the reason there is none out.
 *
 * An instant query: a scalar, or a vector of one sample without labels, is the
 * whole's value; a vector of labelled samples is the metric's groups (one per
 * label set, the whole without a value); an empty vector is no data. A
 * sample that is not a number (NaN, ±Inf) has no value; a whole, or every
 * group, without a number is unavailable with the reason.
 */
import type { GroupKey, Measurement, Series, SeriesPoint } from '../../store/types.js';

export type Answer<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'unavailable'; readonly reason: string };

const MAX_ERROR_TEXT = 300;
const ok = <T>(value: T): Answer<T> => ({ kind: 'ok', value });
const unavailable = (reason: string): Answer<never> => ({ kind: 'unavailable', reason });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{instance="a", job="node"}`, as Prometheus writes a label set. */
export function labelText(labels: GroupKey): string {
  return `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(String(v))}`)
    .join(', ')}}`;
}

/** The `data` of a success envelope, or why there is none: an error envelope, or not the API's shape. */
export function envelopeData(body: unknown, httpStatus: number): Answer<Record<string, unknown>> {
  if (!isRecord(body) || (body.status !== 'success' && body.status !== 'error')) {
    return unavailable(httpStatus >= 200 && httpStatus < 300 ? 'Prometheus answered something other than its API response' : `Prometheus answered HTTP ${httpStatus}`);
  }
  if (body.status === 'error') {
    const type = typeof body.errorType === 'string' && body.errorType !== '' ? body.errorType : `HTTP ${httpStatus}`;
    const text = typeof body.error === 'string' ? body.error.slice(0, MAX_ERROR_TEXT) : 'no error text';
    return unavailable(`Prometheus answered ${type}: ${text}`);
  }
  return isRecord(body.data) ? ok(body.data) : unavailable('Prometheus answered success without data');
}

/** A sample value as Prometheus writes it ("0.5", "NaN", "+Inf"): the number, or null when it is not a finite one. */
function sampleValue(pair: unknown): number | null | undefined {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number' || typeof pair[1] !== 'string') return undefined;
  const n = Number(pair[1]);
  return pair[1].trim() !== '' && Number.isFinite(n) ? n : null;
}

function labelsOf(series: Record<string, unknown>): GroupKey | undefined {
  if (!isRecord(series.metric)) return undefined;
  const entries = Object.entries(series.metric);
  return entries.every(([, v]) => typeof v === 'string') ? Object.freeze(Object.fromEntries(entries) as Record<string, string>) : undefined;
}

const MALFORMED = unavailable('Prometheus answered a result that is not in its API format');

/** One sample's labels and value; a native histogram sample (no `value`) has no number. */
function vectorSample(entry: unknown): { group: GroupKey; value: number | null; text: string } | undefined {
  if (!isRecord(entry)) return undefined;
  const group = labelsOf(entry);
  if (!group) return undefined;
  if (entry.value === undefined && entry.histogram !== undefined) return { group, value: null, text: 'a native histogram' };
  const value = sampleValue(entry.value);
  if (value === undefined) return undefined;
  return { group, value, text: Array.isArray(entry.value) ? String(entry.value[1]) : '' };
}

const byLabels = (a: { group: GroupKey }, b: { group: GroupKey }): number => labelText(a.group).localeCompare(labelText(b.group));

/** The answer of /api/v1/query (the envelope's `data`) as a measurement. */
export function instantMeasurement(data: Record<string, unknown>): Answer<Measurement> {
  const { resultType, result } = data;
  if (resultType === 'scalar') {
    const value = sampleValue(result);
    if (value === undefined) return MALFORMED;
    return value === null ? unavailable(`Prometheus answered ${String((result as unknown[])[1])}, not a number`) : ok({ value, events: 1, groups: [] });
  }
  if (resultType === 'matrix') return unavailable('the query answers a range vector; a metric needs an instant vector or a scalar (wrap the range in a function such as rate())');
  if (resultType === 'string') return unavailable('the query answers a string, not a number');
  if (resultType !== 'vector' || !Array.isArray(result)) return MALFORMED;
  const samples = result.map(vectorSample);
  if (samples.some((s) => s === undefined)) return MALFORMED;
  const read = samples.filter((s): s is NonNullable<typeof s> => s !== undefined);
  const only = read[0];
  if (read.length === 1 && only && Object.keys(only.group).length === 0) {
    return only.value === null ? unavailable(`Prometheus answered ${only.text}, not a number`) : ok({ value: only.value, events: 1, groups: [] });
  }
  if (only && read.every((s) => s.value === null)) return unavailable(`Prometheus answered ${only.text} for ${labelText(only.group)}, not a number${read.length > 1 ? ` (and no number for the ${read.length - 1} other series)` : ''}`);
  const groups = read.map((s) => ({ group: s.group, value: s.value, events: 1 })).sort(byLabels);
  return ok({ value: null, events: read.length, groups });
}

/** The times a series over [fromMs, toMs) with `stepMs` has points at: the starts of its buckets, as an event metric's series. */
export function rangeTimes(fromMs: number, toMs: number, stepMs: number): number[] {
  const times: number[] = [fromMs];
  for (let t = fromMs + stepMs; t < toMs; t += stepMs) times.push(t);
  return times;
}

function seriesPoints(entry: Record<string, unknown>, times: readonly number[]): SeriesPoint[] | undefined {
  if (!Array.isArray(entry.values)) return entry.histograms !== undefined ? times.map((t) => ({ t, value: null })) : undefined;
  const at = new Map<number, number | null>();
  for (const pair of entry.values) {
    const value = sampleValue(pair);
    if (value === undefined) return undefined;
    at.set(Math.round((pair as [number, string])[0] * 1000), value);
  }
  return times.map((t) => ({ t, value: at.get(t) ?? null }));
}

/**
 * The answer of /api/v1/query_range (the envelope's `data`) as a series at `times`: one series without
 * labels is the whole's points, labelled series are groups; a time Prometheus has no number for has no value.
 */
export function rangeSeries(data: Record<string, unknown>, times: readonly number[]): Answer<Series> {
  const { resultType, result } = data;
  if (resultType !== 'matrix' || !Array.isArray(result)) return resultType === 'string' ? unavailable('the query answers a string, not a number') : MALFORMED;
  const read: { group: GroupKey; points: SeriesPoint[] }[] = [];
  for (const entry of result) {
    const group = isRecord(entry) ? labelsOf(entry) : undefined;
    const points = isRecord(entry) ? seriesPoints(entry, times) : undefined;
    if (!group || !points) return MALFORMED;
    read.push({ group, points });
  }
  const only = read[0];
  if (read.length === 1 && only && Object.keys(only.group).length === 0) return ok({ points: only.points, groups: [] });
  return ok({ points: times.map((t) => ({ t, value: null })), groups: read.sort(byLabels) });
}
