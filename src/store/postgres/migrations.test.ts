import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrationProblems } from './migrations.js';
import { STATE_TABLES } from './schema.js';

describe('migrations', () => {
  it('are numbered 1, 2, 3, ... in order, each named and with statements', () => {
    expect(migrationProblems(MIGRATIONS)).toEqual([]);
  });

  it('says what is wrong with a list out of order', () => {
    expect(migrationProblems([{ version: 1, name: 'a', statements: ['SELECT 1'] }, { version: 3, name: 'c', statements: [] }])).toEqual([
      'migration "c" has version 3, expected 2',
      'migration 3 has no statements',
    ]);
  });

  it('create the state tables', () => {
    expect(STATE_TABLES).toEqual(expect.arrayContaining(['metric_samples', 'alert_instances', 'notifications', 'incidents', 'digest_runs', 'privacy_erasures']));
  });
});
