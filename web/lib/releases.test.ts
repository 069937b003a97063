import { describe, expect, it } from 'vitest';
import { releaseMarkers } from './releases.js';

describe('releaseMarkers', () => {
  it('keeps the releases in range, oldest first', () => {
    const json = {
      releases: [
        { version: '1.1.1', at: '2026-11-22T10:00:00.000Z', notes: null },
        { version: '1.1.0', at: '2026-11-20T10:00:00.000Z', notes: 'first' },
        { version: '1.0.0', at: '2026-10-01T10:00:00.000Z', notes: null },
        { version: 7, at: '2026-11-21T10:00:00.000Z' },
        { version: 'bad', at: 'yesterday' },
      ],
    };
    const from = Date.parse('2026-11-15T00:00:00Z');
    const to = Date.parse('2026-11-23T00:00:00Z');
    expect(releaseMarkers(json, from, to)).toEqual([
      { t: Date.parse('2026-11-20T10:00:00.000Z'), label: '1.1.0' },
      { t: Date.parse('2026-11-22T10:00:00.000Z'), label: '1.1.1' },
    ]);
  });
  it('gives none for an answer of another shape', () => {
    expect(releaseMarkers({ error: { code: 'not_found' } }, 0, 1)).toEqual([]);
    expect(releaseMarkers(null, 0, 1)).toEqual([]);
  });
});
