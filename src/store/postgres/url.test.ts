import { describe, expect, it } from 'vitest';
import { LaunchwatchError } from '../../errors.js';
import { checkPostgresUrl, redactedUrl, serverOf } from './url.js';

describe('redactedUrl', () => {
  it('replaces the password by ***, keeping the user, host, port and database', () => {
    expect(redactedUrl('postgres://launchwatch:s3cr%40t@db.internal:5432/launchwatch')).toBe('postgres://launchwatch:***@db.internal:5432/launchwatch');
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactedUrl('postgres://launchwatch@db.internal/launchwatch')).toBe('postgres://launchwatch@db.internal/launchwatch');
  });

  it('hides a password given as a query parameter', () => {
    const shown = redactedUrl('postgresql://db.internal/lw?sslmode=require&password=hunter2');
    expect(shown).not.toContain('hunter2');
    expect(shown).toContain('sslmode=require');
  });

  it('shows nothing of a string that is not a postgres:// URL', () => {
    expect(redactedUrl('launchwatch:hunter2 at db')).toBe('postgres://***');
    expect(redactedUrl('mysql://u:hunter2@h/db')).toBe('postgres://***');
  });
});

describe('serverOf', () => {
  it('names host and port, 5432 by default, and a socket directory', () => {
    expect(serverOf('postgres://u:p@db.internal:6432/x')).toBe('db.internal:6432');
    expect(serverOf('postgres://u:p@db.internal/x')).toBe('db.internal:5432');
    expect(serverOf('postgres:///x?host=/run/postgresql')).toBe('/run/postgresql:5432');
  });
});

describe('checkPostgresUrl', () => {
  it('takes postgres:// and postgresql:// URLs', () => {
    expect(() => checkPostgresUrl('postgres://u@h/db')).not.toThrow();
    expect(() => checkPostgresUrl('postgresql://u@h/db')).not.toThrow();
  });

  it('refuses anything else with invalid_request, never repeating the password', () => {
    for (const url of ['not a url hunter2', 'mysql://u:hunter2@h/db']) {
      let error: unknown;
      try {
        checkPostgresUrl(url);
      } catch (e: unknown) {
        error = e;
      }
      expect(error).toBeInstanceOf(LaunchwatchError);
      expect((error as LaunchwatchError).code).toBe('invalid_request');
      expect((error as LaunchwatchError).message).not.toContain('hunter2');
    }
  });
});
