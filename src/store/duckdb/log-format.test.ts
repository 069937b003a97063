import { describe, expect, it } from 'vitest';
import type { AdmittedEvent } from '../types.js';
import { hashId } from './id-set.js';
import { encodeBatch, encodeEvents, frame, idAt, lineAt, linesText, transferables, typeAt, wholeFrames } from './log-format.js';

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
    expect(() => encodeEvents([event({ type: 'nope' })], layouts, 3)).toThrow(/not prepared/);
  });
});

describe('encodeBatch', () => {
  const encoding = { layouts, width: 3 };

  it('gives the same lines as encodeEvents, and the type, id, time, hash and line of each event', () => {
    const events = [
      event({ id: 'ü1', properties: { backend: 'naïve ☃ 😀', success: true, duration_ms: 1 } }),
      event({ id: 'o1', type: 'other', ts: 1_795_339_800_500, properties: { n: -3 } }),
      event({ id: 'a,"b"\u0000c' }),
    ];
    const batch = encodeBatch(events, encoding);
    expect(batch.count).toBe(3);
    expect(linesText(batch)).toBe(encodeEvents(events, layouts, 3));
    expect(batch.typeNames).toEqual(['gen', 'other']);
    events.forEach((e, i) => {
      expect(typeAt(batch, i)).toBe(e.type);
      expect(idAt(batch, i)).toBe(e.id);
      expect(batch.ts[i]).toBe(e.ts);
      expect(lineAt(batch, linesText(batch), i)).toBe(encodeEvents([e], layouts, 3));
      const hash = new Uint32Array(2);
      hashId(e.type, e.id, hash, 0);
      expect([batch.hashes[2 * i], batch.hashes[2 * i + 1]]).toEqual([hash[0], hash[1]]);
    });
  });

  it('encodes an empty batch, and refuses a type without a layout', () => {
    expect(encodeBatch([], encoding)).toMatchObject({ count: 0, typeNames: [] });
    expect(encodeBatch([], encoding).lines.byteLength).toBe(0);
    expect(() => encodeBatch([event({ type: 'nope' })], encoding)).toThrow(/not prepared/);
  });

  it('survives a structured clone (the trip from a worker thread) unchanged', () => {
    const small = encodeBatch([event(), event({ id: 'o1', type: 'other', properties: { n: 1 } })], encoding);
    const copy = structuredClone(small, { transfer: transferables(small) });
    expect(copy.ids).toBe('e1o1');
    expect(lineAt(copy, linesText(copy), 1)).toBe('other,o1,1795339800000,u1,,1,,\n');
    // A large batch's lines have a buffer of their own (a small one's share Node's pool): moved, not copied.
    const large = encodeBatch(Array.from({ length: 200 }, (_, i) => event({ id: `e${i}` })), encoding);
    const text = linesText(large);
    const moved = structuredClone(large, { transfer: transferables(large) });
    expect(large.lines.byteLength).toBe(0);
    expect(linesText(moved)).toBe(text);
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
