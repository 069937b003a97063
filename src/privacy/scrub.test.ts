import { describe, expect, it } from 'vitest';
import { MUST_NOT_REDACT, MUST_REDACT } from './corpus.js';
import { looksRandom, scrub, type Tally } from './scrub.js';

describe('scrub: the must-redact corpus', () => {
  it.each(MUST_REDACT.map((entry) => [entry.text, entry] as const))('%s', (_text, entry) => {
    const tally: Tally = {};
    expect(scrub(entry.text, tally)).toBe(entry.scrubbed);
    expect(tally).toEqual(entry.kinds);
  });
});

describe('scrub: the must-not-redact corpus', () => {
  it.each(MUST_NOT_REDACT.map((text) => [text]))('%s', (text) => {
    const tally: Tally = {};
    expect(scrub(text, tally)).toBe(text);
    expect(tally).toEqual({});
  });
});

describe('scrub', () => {
  it('adds to the counts it is given', () => {
    const tally: Tally = { email: 2 };
    scrub('x@y.io', tally);
    expect(tally).toEqual({ email: 3 });
  });

  it('does not count a Luhn-invalid card number', () => {
    const tally: Tally = {};
    expect(scrub('order 4111 1111 1111 1112', tally)).toBe('order 4111 1111 1111 1112');
    expect(tally).toEqual({});
  });

  it('leaves long random-looking ids alone when the entropy rule is off (properties declared as ids)', () => {
    const tally: Tally = {};
    expect(scrub('Zk9qX2pL7mR4vT8wY3bN6cH1jF5gD0sQ', tally, { entropy: false })).toBe('Zk9qX2pL7mR4vT8wY3bN6cH1jF5gD0sQ');
    // known token formats are still secrets
    expect(scrub('ghp_16C7e42F292c6912E7710c838347Ae178B4a', tally, { entropy: false })).toBe('[secret]');
  });

  it('replaces markers only once: scrubbing scrubbed text changes nothing', () => {
    for (const entry of MUST_REDACT) {
      const tally: Tally = {};
      expect(scrub(entry.scrubbed, tally)).toBe(entry.scrubbed);
      expect(tally).toEqual({});
    }
  });

  it('stays linear on long adversarial strings', () => {
    const tally: Tally = {};
    const text = `${'a.'.repeat(2000)}@`;
    expect(scrub(text, tally)).toBe(text);
  });
});

describe('looksRandom', () => {
  it('tells random tokens from identifiers', () => {
    expect(looksRandom('Zk9qX2pL7mR4vT8wY3bN6cH1jF5gD0sQ')).toBe(true);
    expect(looksRandom('ValidationFailedForConfigurationEntry2')).toBe(false);
    expect(looksRandom('e3b0c44298fc1c149afbf4c8996fb92427ae41e4')).toBe(false);
    expect(looksRandom('abcdefghijklmnopqrstuvwxyzabcdef')).toBe(false);
  });
});
