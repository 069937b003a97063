import { describe, expect, it } from 'vitest';
import type { AdmittedEvent } from '../types.js';
import { encodeEvents, frame, wholeFrames } from './log-format.js';

const layouts = new Map([
  ['gen', { properties: ['backend', 'success', 'duration_ms'] }],
  ['other', { properties: ['n'] }],
]);

function event(overrides: Partial<AdmittedEvent> = {}): AdmittedEvent {
  return { id: 'e1', type: 'gen', ts: 1_795_339_800_000, userId: 'u1', sessionId: null, properties: { backend: 'static', success: true, duration_ms: 42.5 }, ...overrides };
}

describe('encodeEvents', () => {
  it('writes one line per event: envelope, then the layout columns, padded to the width', () => {
    const text = encodeEvents([event(), event({ id: 'o1', type: 'other', properties: { n: -3 } })], layouts, 3);
    expect(text).toBe('gen,e1,1795339800000,u1,,static,true,42.5\nother,o1,1795339800000,u1,,-3,,\n');
  });

  it('writes NULL as an empty field and the empty string quoted', () => {
    expect(encodeEvents([event({ userId: '', properties: { backend: null, success: false, duration_ms: 0 } })], layouts, 3)).toBe('gen,e1,1795339800000,"",,,false,0\n');
  });

  it('quotes strings with commas, quotes, line breaks or surrounding spaces, doubling quotes', () => {
    const text = encodeEvents([event({ id: 'a,"b"', properties: { backend: 'x\ny', success: true, duration_ms: 1 }, userId: ' u ' })], layouts, 3);
    expect(text).toBe('gen,"a,""b""",1795339800000," u ",,"x\ny",true,1\n');
    expect(encodeEvents([event({ id: 'x#1' })], layouts, 3)).toMatch(/^gen,"x#1",/);
  });

  it('rounds the time to whole milliseconds', () => {
    expect(encodeEvents([event({ ts: 1_795_339_800_000.6 })], layouts, 3)).toMatch(/^gen,e1,1795339800001,/);
  });

  it('refuses an event type without a layout', () => {
    expect(() => encodeEvents([event({ type: 'nope' })], layouts, 3)).toThrow(/no layout/);
  });
});

describe('frames', () => {
  const one = frame(Buffer.from('gen,a\n'));
  const two = frame(Buffer.from('gen,"b\n#c"\n'));

  it('prefixes the body with its byte length', () => {
    expect(one.toString()).toBe('#6\ngen,a\n');
  });

  it('counts whole frames, and stops before one a crash cut short', () => {
    const data = Buffer.concat([one, two]);
    expect(wholeFrames(data)).toEqual({ bytes: data.length, frames: 2 });
    for (let cut = one.length + 1; cut < data.length; cut++) expect(wholeFrames(data.subarray(0, cut))).toEqual({ bytes: one.length, frames: 1 });
    expect(wholeFrames(data.subarray(0, 2))).toEqual({ bytes: 0, frames: 0 });
    expect(wholeFrames(Buffer.alloc(0))).toEqual({ bytes: 0, frames: 0 });
  });

  it('stops at bytes that are not a frame header', () => {
    expect(wholeFrames(Buffer.concat([one, Buffer.from('garbage\n')]))).toEqual({ bytes: one.length, frames: 1 });
    expect(wholeFrames(Buffer.concat([one, Buffer.from('#x\n')]))).toEqual({ bytes: one.length, frames: 1 });
  });
});
