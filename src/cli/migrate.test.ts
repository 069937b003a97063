import { describe, expect, it } from 'vitest';
import { missingFlag, shownUrl, withoutSecrets } from './migrate.js';

describe('migrate command helpers', () => {
  it('shows a URL with its password and secret parameters as ***', () => {
    expect(shownUrl('postgres://lw:s3cr%40t@db:5432/lw?sslpassword=x&sslmode=require')).toBe('postgres://lw:***@db:5432/lw?sslpassword=***&sslmode=require');
    expect(shownUrl('http://default@ch:8123/lw')).toBe('http://default@ch:8123/lw');
    expect(shownUrl('not a url s3cret')).toBe('(an unreadable URL)');
  });

  it('takes the passwords of the URLs out of a message, as written and decoded', () => {
    const urls = ['postgres://lw:s3cr%40t@db/lw', 'http://u:pw%zz@ch:8123/lw'];
    expect(withoutSecrets('login failed for s3cr@t and s3cr%40t, pw%zz', urls)).toBe('login failed for *** and ***, ***');
  });

  it('names the missing URL, --state first', () => {
    expect(missingFlag({})).toMatch(/^--state \(or LAUNCHWATCH_STATE_URL\) is needed/);
    expect(missingFlag({ state: 'postgres://x' })).toMatch(/^--events \(or LAUNCHWATCH_EVENTS_URL\) is needed/);
    expect(missingFlag({ state: 'postgres://x', events: 'http://y' })).toBeUndefined();
  });
});
