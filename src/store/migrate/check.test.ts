import { describe, expect, it } from 'vitest';
import { countTable, mismatches } from './check.js';
import { batchQuery, keyOf, type RecordKind } from './kind.js';

const rows = [
  { name: 'events command_generation', source: 1200, target: 1200, ok: true },
  { name: 'notifications', source: 4, target: 3, ok: false },
];

describe('the count check', () => {
  it('prints an aligned table, numbers to the right', () => {
    expect(countTable(rows)).toBe(
      ['table                      source  target', 'events command_generation    1200    1200  ok', 'notifications                   4       3  MISMATCH'].join('\n'),
    );
  });

  it('names each mismatch with both counts', () => {
    expect(mismatches(rows)).toEqual(['notifications: 4 in the embedded installation, 3 in the scale-out backends']);
  });
});

describe('batches', () => {
  const kind: RecordKind = {
    name: 'digest_runs',
    select: 'SELECT digest, slot FROM digest_runs',
    key: ['digest', 'slot'],
    write: async () => undefined,
    sourceCount: async () => 0,
    targetCount: async () => 0,
  };
  it('read after the last key, compared as a row, in key order', () => {
    expect(batchQuery(kind, undefined)).toBe('SELECT * FROM (SELECT digest, slot FROM digest_runs) AS r ORDER BY digest, slot');
    expect(batchQuery(kind, ['weekly', 5])).toBe('SELECT * FROM (SELECT digest, slot FROM digest_runs) AS r WHERE (digest, slot) > ($1, $2) ORDER BY digest, slot');
  });

  it('record a key as numbers and texts (BIGINT arrives as bigint)', () => {
    expect(keyOf(kind, { digest: 'weekly', slot: 1764000000000n })).toEqual(['weekly', 1764000000000]);
  });
});
