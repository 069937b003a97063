/** GET /api/v1/releases, when this server has it: markers for charts, none otherwise. */
import { ApiError, get } from './api.js';
import { releaseMarkers, type Marker } from '../lib/releases.js';

export async function fetchReleaseMarkers(from: number, to: number): Promise<Marker[]> {
  try {
    return releaseMarkers(await get<unknown>('/api/v1/releases'), from, to);
  } catch (error: unknown) {
    if (error instanceof ApiError && error.status === 404) return [];
    throw error;
  }
}
