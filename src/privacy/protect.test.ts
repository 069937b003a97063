import { describe, expect, it } from 'vitest';
import { admit } from '../ingest/admit.js';
import { loadPlanText } from '../plan/load.js';
import type { Plan } from '../plan/types.js';

function plan(privacy = ''): Plan {
  const text = [
    'version: 1',
    'product: { name: x }',
    'events:',
    '  run: { message: { type: string, optional: true }, shell: { enum: [bash, zsh] }, build: { type: string, optional: true } }',
    privacy,
  ].join('\n');
  const result = loadPlanText(text, 'plan.yaml', { SALT: 'a-salt-of-sixteen-chars' });
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result.errors));
  return result.plan;
}

const NOW = Date.parse('2026-11-22T10:00:00Z');
const event = (extra: Record<string, unknown>) => ({ type: 'run', timestamp: NOW, ...extra });

describe('admission with privacy', () => {
  it('scrubs free-text string properties and reports the redactions by property and kind', () => {
    const result = admit(event({ properties: { shell: 'zsh', message: 'mail jane@x.io from 10.2.3.4 or bob@y.io' } }), plan(), NOW);
    expect(result).toMatchObject({
      kind: 'ok',
      event: { properties: { shell: 'zsh', message: 'mail [email] from [ip] or [email]' } },
      redactions: [
        { property: 'message', kind: 'email', count: 2 },
        { property: 'message', kind: 'ip', count: 1 },
      ],
    });
  });

  it('reports no redactions when there is nothing to redact', () => {
    const result = admit(event({ user_id: 'u_42', properties: { shell: 'bash', message: 'ok' } }), plan(), NOW);
    expect(result.kind === 'ok' && result.redactions).toBeUndefined();
    expect(result.kind === 'ok' && result.event.userId).toBe('u_42');
  });

  it('applies the entropy rule except to properties declared as ids', () => {
    const token = 'Zk9qX2pL7mR4vT8wY3bN6cH1jF5gD0sQ';
    const free = admit(event({ properties: { shell: 'bash', build: token } }), plan(), NOW);
    expect(free.kind === 'ok' && free.event.properties.build).toBe('[secret]');
    const declared = admit(event({ properties: { shell: 'bash', build: token } }), plan('privacy: { ids: [run.build] }'), NOW);
    expect(declared.kind === 'ok' && declared.event.properties.build).toBe(token);
  });

  it('rejects a user_id that looks like an e-mail address by default, without echoing it', () => {
    const result = admit(event({ user_id: 'jane@example.com', properties: { shell: 'bash' } }), plan(), NOW);
    expect(result).toEqual({ kind: 'rejected', error: 'user_id: looks like an e-mail address; send an opaque id (e.g. a salted hash), or set privacy.user_id: hash' });
  });

  it('hashes it with the salt under user_id: hash, and counts it', () => {
    const result = admit(event({ user_id: 'Jane Doe', properties: { shell: 'bash' } }), plan('privacy: { user_id: hash, salt: "${SALT}" }'), NOW);
    expect(result.kind === 'ok' && result.event.userId).toMatch(/^h_[0-9a-f]{32}$/);
    expect(result.kind === 'ok' && result.redactions).toEqual([{ property: 'user_id', kind: 'user_id', count: 1 }]);
  });

  it('rejects a session_id that is an e-mail or IP address by default, and keeps an opaque one as sent', () => {
    expect(admit(event({ session_id: 'jane@example.com', properties: { shell: 'bash' } }), plan(), NOW)).toEqual({
      kind: 'rejected',
      error: 'session_id: looks like an e-mail address; send an opaque id (e.g. a random one per session), or set privacy.user_id: hash',
    });
    expect(admit(event({ session_id: '10.20.30.40', properties: { shell: 'bash' } }), plan(), NOW)).toMatchObject({ kind: 'rejected', error: expect.stringContaining('session_id: looks like an IP address') });
    const kept = admit(event({ user_id: 'u_42', session_id: '2026-11-22-093015', properties: { shell: 'bash' } }), plan(), NOW);
    expect(kept).toMatchObject({ kind: 'ok', event: { userId: 'u_42', sessionId: '2026-11-22-093015' } });
    expect(kept.kind === 'ok' && kept.redactions).toBeUndefined();
  });

  it('hashes such a session_id with the salt under user_id: hash, and counts it', () => {
    const result = admit(event({ session_id: 'jane@example.com', properties: { shell: 'bash' } }), plan('privacy: { user_id: hash, salt: "${SALT}" }'), NOW);
    expect(result.kind === 'ok' && result.event.sessionId).toMatch(/^h_[0-9a-f]{32}$/);
    expect(result.kind === 'ok' && result.redactions).toEqual([{ property: 'session_id', kind: 'session_id', count: 1 }]);
  });

  it('accepts telemetry_consent without a declaration, and never launchwatch_redaction from a sender', () => {
    expect(admit({ type: 'telemetry_consent', timestamp: NOW, properties: { choice: 'opt_out' } }, plan(), NOW).kind).toBe('ok');
    expect(admit({ type: 'launchwatch_redaction', timestamp: NOW, properties: { kind: 'email', event: 'run', property: 'x', count: 1 } }, plan(), NOW)).toEqual({
      kind: 'rejected',
      error: 'type: "launchwatch_redaction" is not declared in the plan',
    });
  });
});
