import { describe, expect, it } from 'vitest';
import { SseParser } from './sse.js';

describe('SseParser', () => {
  it('joins events split across chunks and skips comments and retry lines', () => {
    const parser = new SseParser();
    expect(parser.push('retry: 5000\nevent: ready\ndata: {"publ')).toEqual([]);
    expect(parser.push('ished":0}\n\n: keep-alive\n\nid: 1\nevent: evaluation\r\ndata: {}\r\n\r\n')).toEqual([
      { event: 'ready', data: '{"published":0}' },
      { event: 'evaluation', data: '{}' },
    ]);
  });
  it('names an event without a name "message" and joins data lines', () => {
    expect(new SseParser().push('data: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
