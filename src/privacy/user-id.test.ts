import { describe, expect, it } from 'vitest';
import { hashUserId, sessionIdLooksLike, sessionIdRejection, userIdLooksLike, userIdRejection } from './user-id.js';

describe('userIdLooksLike', () => {
  it.each([
    ['jane@example.com', 'email'],
    ['203.0.113.7', 'ip'],
    ['2001:db8::1', 'ip'],
    ['+1 415 555 0100', 'phone'],
    ['(415) 555-0100', 'phone'],
    ['Jane Doe', 'name'],
    ['jane.doe', 'name'],
    ['jdoe', 'name'],
    ['José Álvarez', 'name'],
    ['JaneDoe', 'name'],
    ['Mary-Kate McAllister', 'name'],
    ['jane_doe', 'name'],
    ['anne-marie', 'name'],
    ['Jean-Luc', 'name'],
    ['device@example.com', 'email'],
  ] as const)('%s looks like %s', (value, kind) => {
    expect(userIdLooksLike(value)).toBe(kind);
  });

  it.each(['u_3f2a9c81d07e', 'u9', 'u-1', '550e8400-e29b-41d4-a716-446655440000', 'abcdefabcdefabcdef', 'h_0123456789abcdef0123456789abcdef', '1763803800000', 'user-42', 'kQbTZpLwXrMvNaYcHeDgF', 'V_xKqpRmWtZbNs-LaHcYe', 'anonymous', 'Anonymous', 'guest', 'device-abcdef', 'u_otel_proto', 'anon-macbook', 'install_linux_x', 'session-abc'])(
    '%s is opaque',
    (value) => {
      expect(userIdLooksLike(value)).toBeUndefined();
    },
  );
});

describe('hashUserId', () => {
  it('is stable for one salt, differs across salts, and is itself opaque', () => {
    const a = hashUserId('jane@example.com', 'salt-one-0123456789');
    expect(a).toBe(hashUserId('jane@example.com', 'salt-one-0123456789'));
    expect(a).not.toBe(hashUserId('jane@example.com', 'salt-two-0123456789'));
    expect(a).toMatch(/^h_[0-9a-f]{32}$/);
    expect(userIdLooksLike(a)).toBeUndefined();
  });
});

describe('userIdRejection', () => {
  it('names the kind, not the value', () => {
    expect(userIdRejection('email')).toBe('user_id: looks like an e-mail address; send an opaque id (e.g. a salted hash), or set privacy.user_id: hash');
  });
});

describe('sessionIdLooksLike', () => {
  it.each([
    ['jane@example.com', 'email'],
    ['j.doe+cli@mail.example.org', 'email'],
    ['203.0.113.7', 'ip'],
    ['2001:db8::1', 'ip'],
    ['fe80::1%eth0', 'ip'],
  ] as const)('%s looks like %s', (value, kind) => {
    expect(sessionIdLooksLike(value)).toBe(kind);
  });

  // Session ids are often dates, counters, words or random letters: the phone and name rules of user_id would take them for personal data.
  it.each(['s_9f8e7d6c', '550e8400-e29b-41d4-a716-446655440000', '2026-11-22-093015', '20261122 093015', 'VaStGXRaZqjdHiqBmyTkP', 'morning-run', '1763803800000', 'sess:42', 'a@b'])('%s is opaque', (value) => {
    expect(sessionIdLooksLike(value)).toBeUndefined();
  });

  it('names what a rejected session_id looks like, never the value', () => {
    expect(sessionIdRejection('ip')).toBe('session_id: looks like an IP address; send an opaque id (e.g. a random one per session), or set privacy.user_id: hash');
  });
});
