import { describe, expect, it } from 'vitest';
import { IdHashSet, hashId } from './id-set.js';

function hash(type: string, id: string): [number, number] {
  const out = new Uint32Array(2);
  hashId(type, id, out, 0);
  return [out[0] ?? 0, out[1] ?? 0];
}

describe('hashId', () => {
  it('is the same for the same (type, id) and differs with either part or where they split', () => {
    expect(hash('gen', 'a1')).toEqual(hash('gen', 'a1'));
    expect(hash('gen', 'a1')).not.toEqual(hash('gen', 'a2'));
    expect(hash('gen', 'a1')).not.toEqual(hash('other', 'a1'));
    expect(hash('ab', 'c')).not.toEqual(hash('a', 'bc'));
  });

  it('never gives the (0, 0) that marks an empty slot', () => {
    for (let i = 0; i < 10_000; i++) expect(hash('t', `id-${i}`)).not.toEqual([0, 0]);
  });

  it('gives no collision over 200 000 similar ids', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(hash('command_generation', `c${i % 7}-b${Math.floor(i / 7)}-${i}`).join(':'));
    expect(seen.size).toBe(200_000);
  });
});

describe('IdHashSet', () => {
  it('has what was added, across growth, and nothing else', () => {
    const set = new IdHashSet(16);
    const ids = Array.from({ length: 50_000 }, (_, i) => hash('gen', `g${i}`));
    ids.forEach(([hi, lo], i) => {
      if (i % 2 === 0) expect(set.add(hi, lo)).toBe(true);
    });
    expect(set.size).toBe(25_000);
    ids.forEach(([hi, lo], i) => expect(set.has(hi, lo)).toBe(i % 2 === 0));
  });

  it('says when a hash was already there', () => {
    const set = new IdHashSet();
    const [hi, lo] = hash('gen', 'x');
    expect(set.add(hi, lo)).toBe(true);
    expect(set.add(hi, lo)).toBe(false);
    expect(set.size).toBe(1);
  });

  it('keeps hashes that share a slot apart (linear probing)', () => {
    const set = new IdHashSet(16);
    // Same low half, so the same first slot; different high halves.
    for (let hi = 1; hi <= 10; hi++) set.add(hi, 7);
    for (let hi = 1; hi <= 10; hi++) expect(set.has(hi, 7)).toBe(true);
    expect(set.has(11, 7)).toBe(false);
  });
});

describe('IdHashSet.addJoined', () => {
  it('adds the same hashes as hashId for each id of a joined string, empty ids included', () => {
    const set = new IdHashSet();
    set.addJoined('gen', ['a', '', 'naïve ✓', 'x,y'].join('\u0000'), 0);
    expect(set.size).toBe(4);
    for (const id of ['a', '', 'naïve ✓', 'x,y']) expect(set.has(...hash('gen', id))).toBe(true);
    expect(set.has(...hash('gen', 'x'))).toBe(false);
  });
});
