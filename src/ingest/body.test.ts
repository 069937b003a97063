import { describe, expect, it } from 'vitest';
import { parseJsonBody, parseNdjsonBody, type ParsedBody, type ParsedItem } from './body.js';

function items(body: ParsedBody): readonly ParsedItem[] {
  if (body.kind !== 'ok') throw new Error(`expected the body to be read, got: ${body.error}`);
  return body.items;
}

function malformed(body: ParsedBody): string {
  if (body.kind !== 'malformed') throw new Error('expected the body to be refused');
  return body.error;
}

const SHAPES = 'body must be {"events": [...]}, a JSON array of events, or NDJSON';

describe('parseJsonBody', () => {
  it('reads {"events": [...]}, each event in order', () => {
    expect(items(parseJsonBody('{"events": [{"type": "a"}, {"type": "b"}]}'))).toEqual([
      { kind: 'value', value: { type: 'a' } },
      { kind: 'value', value: { type: 'b' } },
    ]);
  });

  it('reads a JSON array of events', () => {
    expect(items(parseJsonBody('[{"type": "a"}, {"type": "b"}]'))).toEqual([
      { kind: 'value', value: { type: 'a' } },
      { kind: 'value', value: { type: 'b' } },
    ]);
  });

  it('reads an empty batch as no items', () => {
    expect(items(parseJsonBody('[]'))).toEqual([]);
    expect(items(parseJsonBody('{"events": []}'))).toEqual([]);
  });

  it('passes on items that are not events, for admission to reject one by one', () => {
    expect(items(parseJsonBody('[1, null, "x", {"type": "a"}]')).map((item) => item.kind === 'value' && item.value)).toEqual([1, null, 'x', { type: 'a' }]);
  });

  it('refuses a body that is not JSON, quoting the parser', () => {
    const error = malformed(parseJsonBody('{"events": [{"type": "a"}'));
    expect(error).toMatch(/^body is not valid JSON: \S/);
    expect(malformed(parseJsonBody(''))).toMatch(/^body is not valid JSON: \S/);
  });

  it('refuses JSON of another shape, naming the three accepted ones', () => {
    expect(malformed(parseJsonBody('{"type": "a", "timestamp": 1}'))).toBe(SHAPES);
    expect(malformed(parseJsonBody('{"events": {"type": "a"}}'))).toBe(SHAPES);
    expect(malformed(parseJsonBody('{"events": null}'))).toBe(SHAPES);
    expect(malformed(parseJsonBody('"events"'))).toBe(SHAPES);
    expect(malformed(parseJsonBody('42'))).toBe(SHAPES);
    expect(malformed(parseJsonBody('null'))).toBe(SHAPES);
  });
});

describe('parseNdjsonBody', () => {
  it('reads one event per line, in order', () => {
    expect(items(parseNdjsonBody('{"type": "a"}\n{"type": "b"}\n'))).toEqual([
      { kind: 'value', value: { type: 'a' } },
      { kind: 'value', value: { type: 'b' } },
    ]);
  });

  it('skips blank and whitespace-only lines, and reads CRLF line ends', () => {
    expect(items(parseNdjsonBody('\n{"type": "a"}\r\n   \r\n\t\n{"type": "b"}\r\n\n'))).toEqual([
      { kind: 'value', value: { type: 'a' } },
      { kind: 'value', value: { type: 'b' } },
    ]);
    expect(items(parseNdjsonBody(''))).toEqual([]);
  });

  it('turns a bad line into an unreadable item naming its line number, and reads the others', () => {
    const read = items(parseNdjsonBody('{"type": "a"}\n\n{"type": \n{"type": "b"}'));
    expect(read.map((item) => item.kind)).toEqual(['value', 'unreadable', 'value']);
    const bad = read[1];
    expect(bad?.kind === 'unreadable' && bad.error).toMatch(/^line 3: \S/);
    expect(read[2]).toEqual({ kind: 'value', value: { type: 'b' } });
  });

  it('numbers lines from 1, counting blank lines', () => {
    const read = items(parseNdjsonBody('oops\n\n\nnope'));
    expect(read.map((item) => (item.kind === 'unreadable' ? item.error.split(':')[0] : 'value'))).toEqual(['line 1', 'line 4']);
  });
});
