import { describe, expect, it } from 'vitest';
import { rawType, serverWrittenRefusal } from './server-written.js';

const withProbes = { probes: { api: { name: 'api' } } } as unknown as Parameters<typeof serverWrittenRefusal>[0];
const withoutProbes = { probes: {} };

describe('serverWrittenRefusal', () => {
  it('refuses probe_result when the plan has probes, naming who writes it', () => {
    expect(serverWrittenRefusal(withProbes, 'probe_result')).toBe("type: probe_result is written by launchwatch's own probes; clients cannot send it");
  });

  it('leaves a plan-declared probe_result alone when the plan has no probes', () => {
    expect(serverWrittenRefusal(withoutProbes, 'probe_result')).toBeUndefined();
  });

  it('always refuses launchwatch_redaction', () => {
    expect(serverWrittenRefusal(withoutProbes, 'launchwatch_redaction')).toMatch(/^type: launchwatch_redaction is written by launchwatch's own redaction .*clients cannot send it$/);
  });

  it('accepts telemetry_consent, declared events and non-strings', () => {
    expect(serverWrittenRefusal(withProbes, 'telemetry_consent')).toBeUndefined();
    expect(serverWrittenRefusal(withProbes, 'command')).toBeUndefined();
    expect(serverWrittenRefusal(withProbes, 42)).toBeUndefined();
    expect(serverWrittenRefusal(withProbes, 'hasOwnProperty')).toBeUndefined();
  });

  it('reads the type of a raw event', () => {
    expect(rawType({ type: 'x' })).toBe('x');
    expect(rawType(['x'])).toBeUndefined();
    expect(rawType(null)).toBeUndefined();
  });
});
