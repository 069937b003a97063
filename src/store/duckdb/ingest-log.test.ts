import { describe, expect, it } from 'vitest';
import { remainder } from './ingest-log.js';

const text = (parts: readonly Uint8Array[]): string => Buffer.concat(parts).toString('latin1');

describe('remainder (what a short writev left to write)', () => {
  const parts = [Buffer.from('#12\n'), Buffer.from('abcdef'), Buffer.alloc(0), Buffer.from('ghijkl')];

  it('drops the parts written whole and cuts the part written in part', () => {
    expect(text(remainder(parts, 0))).toBe('#12\nabcdefghijkl');
    expect(text(remainder(parts, 4))).toBe('abcdefghijkl');
    expect(text(remainder(parts, 7))).toBe('defghijkl');
    expect(text(remainder(parts, 10))).toBe('ghijkl');
    expect(remainder(parts, 16)).toEqual([]);
  });

  it('never keeps an empty part, so a write loop cannot spin on one', () => {
    expect(remainder(parts, 10).every((p) => p.byteLength > 0)).toBe(true);
    expect(remainder([Buffer.alloc(0)], 0)).toEqual([]);
  });
});
