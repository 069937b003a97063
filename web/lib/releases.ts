/** Releases as GET /api/v1/releases lists them, as chart markers. Pure. */
export interface Marker {
  readonly t: number;
  readonly label: string;
}

/** The releases inside [from, to], oldest first; anything unreadable is left out. */
export function releaseMarkers(json: unknown, from: number, to: number): Marker[] {
  const list = typeof json === 'object' && json !== null && 'releases' in json && Array.isArray(json.releases) ? (json.releases as unknown[]) : [];
  const markers: Marker[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    const t = typeof record.at === 'string' ? Date.parse(record.at) : NaN;
    if (typeof record.version !== 'string' || !Number.isFinite(t) || t < from || t > to) continue;
    markers.push({ t, label: record.version });
  }
  return markers.sort((a, b) => a.t - b.t);
}
