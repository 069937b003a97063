import { describe, expect, it } from 'vitest';
import { storeOf } from './serve.js';

describe('the store serve chooses from its flags', () => {
  it('is the embedded DuckDB without --state and --events', () => {
    expect(storeOf({})).toEqual({ kind: 'duckdb' });
  });

  it('is the scale-out pair with both', () => {
    expect(storeOf({ state: 'postgres://h/db', events: 'http://h:8123/db' })).toEqual({ kind: 'scaleout', stateUrl: 'postgres://h/db', eventsUrl: 'http://h:8123/db' });
  });

  it('names the missing half when only one is given, without echoing the URL', () => {
    const onlyState = storeOf({ state: 'postgres://u:secret@h/db' });
    expect(onlyState).toEqual({ problem: expect.stringContaining('--state (LAUNCHWATCH_STATE_URL) needs --events') as unknown });
    expect(JSON.stringify(onlyState)).not.toContain('secret');
    expect(storeOf({ events: 'http://h:8123/db' })).toEqual({ problem: expect.stringContaining('--events (LAUNCHWATCH_EVENTS_URL) needs --state') as unknown });
  });
});
