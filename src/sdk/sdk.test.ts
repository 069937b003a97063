import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportText, readImportFile } from './export-file.js';
import { anonymousId } from './identity.js';
import { createTelemetry, environmentOff, type TelemetryOptions } from './index.js';
import { backoffMs, retryAfterMs } from './send.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function options(extra: Partial<TelemetryOptions> = {}): TelemetryOptions {
  const dir = mkdtempSync(join(tmpdir(), 'lw-sdk-unit-'));
  dirs.push(dir);
  return { endpoint: 'http://127.0.0.1:9', key: 'k', app: 'caro', version: '1.1.0', dir, env: {}, interactive: true, flushIntervalMs: 0, machineId: () => 'machine-1', ...extra };
}

describe('when telemetry is off', () => {
  it('DO_NOT_TRACK, CI and a non-interactive run turn it off, whatever the consent', () => {
    expect(environmentOff({}, true)).toBeUndefined();
    expect(environmentOff({ DO_NOT_TRACK: '1' }, true)).toBe('DO_NOT_TRACK is set');
    expect(environmentOff({ DO_NOT_TRACK: '0' }, true)).toBeUndefined();
    expect(environmentOff({ CI: 'true' }, true)).toBe('running in CI (CI)');
    expect(environmentOff({ GITHUB_ACTIONS: 'true' }, true)).toBe('running in CI (GITHUB_ACTIONS)');
    expect(environmentOff({}, false)).toBe('not an interactive terminal');
  });

  it('is off until consent, queues nothing, and asks only when it may', () => {
    const t = createTelemetry(options());
    expect(t.enabled).toBe(false);
    expect(t.shouldAsk()).toBe(true);
    expect(t.prompt()).toContain('Would you like to help improve caro by sending anonymous usage data?');
    t.track('run', { ok: true });
    expect(t.show()).toMatch(/^0 event\(s\) queued/);
    t.grant();
    expect(t.enabled).toBe(true);
    expect(t.shouldAsk()).toBe(false);
    t.track('run', { ok: true });
    expect(t.show().split('\n')[0]).toBe('2 event(s) queued for http://127.0.0.1:9 (telemetry on)');
  });

  it('does not ask in CI and records nothing there even after a grant', () => {
    const t = createTelemetry(options({ env: { CI: '1' } }));
    expect(t.shouldAsk()).toBe(false);
    t.grant();
    t.track('run', { ok: true });
    expect(t.enabled).toBe(false);
    expect(t.show()).toMatch(/^0 event\(s\) queued .*running in CI/);
  });

  it('opting out queues only the anonymous answer; disable() deletes the queue', () => {
    const t = createTelemetry(options());
    t.grant();
    t.track('run', { ok: true });
    t.deny();
    const lines = t.show().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('telemetry_consent  {"choice":"opt_out","enabled":false}');
    t.disable();
    expect(t.show()).toMatch(/^0 event\(s\) queued/);
    expect(t.consent()).toBe('opt_out');
  });

  it('puts an anonymous id, a session id and an event id on every event, never the machine id', () => {
    const o = options();
    const t = createTelemetry(o);
    t.grant();
    t.track('run', { ok: true });
    t.track('run', { ok: false });
    const file = join(o.dir, 'out.ndjson');
    t.export(file);
    const events = readFileSync(file, 'utf8').trim().split('\n').slice(2, 4).map((l) => JSON.parse(l) as Record<string, string>);
    expect(events[0]?.user_id).toBe(anonymousId('caro', '', 'machine-1'));
    expect(events[0]?.user_id).toMatch(/^u_[0-9a-f]{24}$/);
    expect(events[0]?.session_id).toBe(events[1]?.session_id);
    expect(events[0]?.id).not.toBe(events[1]?.id);
    expect(readFileSync(file, 'utf8')).not.toContain('machine-1');
  });
});

describe('retry timing', () => {
  it('reads Retry-After as seconds or a date, and backs off exponentially, never below it', () => {
    expect(retryAfterMs('120', 0)).toBe(120_000);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60_000);
    expect(retryAfterMs(null, 0)).toBeUndefined();
    expect(backoffMs(1, undefined, () => 0)).toBe(500);
    expect(backoffMs(4, undefined, () => 0.999)).toBe(7996);
    expect(backoffMs(30, undefined, () => 0.999)).toBe(299_850);
    expect(backoffMs(1, 600_000, () => 0)).toBe(600_000);
  });
});

describe('export files', () => {
  const lines = ['{"id":"a","type":"run"}', '{"id":"b","type":"run"}'];
  const text = exportText({ app: 'caro', app_version: '1.1.0', created_at: '2026-11-22T10:00:00.000Z' }, lines);

  it('read back with their header and every event line', () => {
    const read = readImportFile(text);
    expect(read).toMatchObject({ kind: 'ok', format: 'export', header: { app: 'caro', events: 2 }, events: [{ line: 2 }, { line: 3 }] });
  });

  it('are refused when edited, cut short, lengthened or damaged, naming the line', () => {
    expect(readImportFile(text.replace('"id":"b"', '"id":"c"'))).toEqual({ kind: 'refused', line: 4, reason: expect.stringContaining('checksum mismatch') as string });
    expect(readImportFile(text.split('\n').slice(0, 3).join('\n'))).toMatchObject({ kind: 'refused', line: 3, reason: expect.stringContaining('not the export trailer') as string });
    const lengthened = text.split('\n');
    lengthened.splice(2, 0, '{"id":"x","type":"run"}');
    expect(readImportFile(lengthened.join('\n'))).toMatchObject({ kind: 'refused', line: 5, reason: expect.stringContaining('added or removed') as string });
    expect(readImportFile(text.replace('{"id":"a","type":"run"}', '{"id":"a","type":"ru'))).toEqual({ kind: 'refused', line: 2, reason: 'not a JSON object: the file is damaged' });
  });

  it('plain NDJSON is read line by line: a bad line is named, and the good ones are read', () => {
    expect(readImportFile('{"type":"run"}\n\n{"type":"run"}\n')).toMatchObject({ kind: 'ok', format: 'ndjson', events: [{ line: 1 }, { line: 3 }] });
    expect(readImportFile('{"type":"run"}\n[1]\n{"type":"ru\n{"type":"run"}\n')).toEqual({
      kind: 'ok',
      format: 'ndjson',
      events: [
        { line: 1, event: { type: 'run' } },
        { line: 4, event: { type: 'run' } },
      ],
      bad: [
        { line: 2, reason: 'not a JSON object (each line of an NDJSON file is one event)' },
        { line: 3, reason: 'not a JSON object (each line of an NDJSON file is one event)' },
      ],
    });
  });
});
