import { describe, expect, it } from 'vitest';
import { LaunchwatchError } from '../../errors.js';
import { errorCode, parseClickHouseUrl } from './connection.js';

describe('parseClickHouseUrl', () => {
  it('reads host, port, user, password and database from the URL', () => {
    expect(parseClickHouseUrl('clickhouse://lw:s%40cret@ch.internal:9000/events', {})).toEqual({ origin: 'http://ch.internal:9000', username: 'lw', password: 's@cret', database: 'events' });
    expect(parseClickHouseUrl('https://ch.example.com/lw', {})).toEqual({ origin: 'https://ch.example.com:8443', username: 'default', password: '', database: 'lw' });
    expect(parseClickHouseUrl('clickhouses://ch/x', {}).origin).toBe('https://ch:8443');
  });

  it('takes the password from CLICKHOUSE_PASSWORD when the URL has none, and defaults the database', () => {
    expect(parseClickHouseUrl('http://lw@127.0.0.1:8123', { CLICKHOUSE_PASSWORD: 'from-env' })).toMatchObject({ origin: 'http://127.0.0.1:8123', password: 'from-env', database: 'launchwatch' });
    expect(parseClickHouseUrl('http://lw:in-url@127.0.0.1:8123/', { CLICKHOUSE_PASSWORD: 'from-env' }).password).toBe('in-url');
  });

  it.each([
    ['not a url with hunter2', /not a URL/],
    ['postgres://u:hunter2@h/db', /must start with clickhouse:\/\//],
    ['http://u:hunter2@h/Bad-Name', /must match/],
    ['http://u:hunter2@h/a;drop', /must match/],
  ])('refuses %s with a 4xx error that does not repeat the password', (url, message) => {
    let thrown: unknown;
    try {
      parseClickHouseUrl(url, {});
    } catch (error: unknown) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LaunchwatchError);
    expect((thrown as LaunchwatchError).code).toBe('invalid_request');
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('hunter2');
  });
});

describe('errorCode', () => {
  it("reads the code of the client's parsed errors and of 18.16's messages", () => {
    expect(errorCode(Object.assign(new Error('x'), { code: '44' }))).toBe(44);
    expect(errorCode(new Error('Code: 57, e.displayText() = DB::Exception: Table x already exists., e.what() = DB::Exception'))).toBe(57);
    expect(errorCode(new Error('socket hang up'))).toBeUndefined();
    expect(errorCode('Code: 1')).toBeUndefined();
  });
});
