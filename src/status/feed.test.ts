import { describe, expect, it } from 'vitest';
import { renderAtom } from './feed.js';
import { COMPONENTS, HOSTILE, INCIDENTS, NOW, PRIVATE_WORDS, TIMELINE, entry, incident, wellFormedXml } from './fixtures.js';
import { statusModel } from './model.js';

const model = statusModel({ components: COMPONENTS, incidents: INCIDENTS, publicTimeline: TIMELINE, now: NOW, days: 90 });
const xml = renderAtom(model, { baseUrl: 'https://status.example.com/', product: 'Caro & <Co>' });

const all = (pattern: RegExp): string[] => [...xml.matchAll(pattern)].map((m) => m[1] ?? '');

describe('renderAtom', () => {
  it('is well-formed Atom with the feed elements Atom 1.0 requires', () => {
    const names = wellFormedXml(xml);
    expect(names[0]).toBe('feed');
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toContain('  <id>https://status.example.com/status/feed.xml</id>');
    expect(xml).toContain('  <title type="text">Caro &amp; &lt;Co&gt; status</title>');
    expect(xml).toContain('  <author><name>Caro &amp; &lt;Co&gt;</name></author>');
    expect(xml).toContain('<link rel="self" type="application/atom+xml" href="https://status.example.com/status/feed.xml"/>');
    // The feed changed when its newest entry did.
    expect(xml).toContain('  <updated>2026-11-22T11:05:00.000Z</updated>');
    // Every entry has an id, a title and updated (RFC 4287 §4.1.2).
    const entries = xml.split('<entry>').slice(1);
    for (const e of entries) for (const required of ['<id>', '<title type="text">', '<updated>', '<link rel="alternate"']) expect(e).toContain(required);
  });

  it('has one entry per public update of the incidents on the page, newest first, with unique ids', () => {
    const publicUpdates = [...model.active, ...model.resolved].reduce((n, i) => n + i.updates.length, 0);
    expect(publicUpdates).toBe(9);
    const ids = all(/<entry>\n {4}<id>([^<]*)<\/id>/g);
    expect(ids).toHaveLength(publicUpdates);
    expect(new Set(ids).size).toBe(ids.length);
    const updated = all(/ {4}<updated>([^<]*)<\/updated>/g);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(ids[0]).toBe(`https://status.example.com/status#incident-INC-6/${Date.parse('2026-11-22T11:05:00Z')}`);
    expect(all(/<title type="text">([^<]*)<\/title>/g).slice(1, 6)).toEqual([
      'Billing delays: Update',
      'Billing delays: Investigating',
      `${'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; &amp; &lt;![CDATA[ &amp;amp; &amp;#x3c;'}: Identified`,
      `${'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; &amp; &lt;![CDATA[ &amp;amp; &amp;#x3c;'}: Update`,
      `${'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; &amp; &lt;![CDATA[ &amp;amp; &amp;#x3c;'}: Investigating`,
    ]);
    expect(xml).toContain('<summary type="text">Affects API, Web app</summary>');
  });

  it('keeps hostile text as text: no raw markup, no CDATA end, no character XML forbids', () => {
    expect(xml).not.toContain(HOSTILE.cdata);
    expect(xml).not.toMatch(/<script|<img|<!\[CDATA\[/);
    expect(xml).toContain('<content type="text">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\nsecond line bell\uFFFD nul\uFFFD lone\uFFFD end</content>');
    for (const word of PRIVATE_WORDS) expect(xml).not.toContain(word);
  });

  it('keeps entry ids stable as updates arrive, also for two updates in the same millisecond', () => {
    const at = Date.parse('2026-11-22T10:00:00Z');
    const base = { components: {}, incidents: [incident({ id: 'INC-9', declaredAt: at })], now: NOW, days: 90 };
    const first = [entry('INC-9', at, 'declared', 'one', true), entry('INC-9', at, 'public_update', 'two', true)];
    const before = renderAtom(statusModel({ ...base, publicTimeline: first }), { baseUrl: 'http://x', product: 'P' });
    const after = renderAtom(statusModel({ ...base, publicTimeline: [...first, entry('INC-9', at + 1000, 'public_update', 'three', true)] }), { baseUrl: 'http://x', product: 'P' });
    const idOf = (feed: string, text: string) => feed.split('<entry>').find((e) => e.includes(`<content type="text">${text}<`))?.match(/<id>([^<]*)<\/id>/)?.[1];
    expect(idOf(before, 'one')).toBe(`http://x/status#incident-INC-9/${at}`);
    expect(idOf(before, 'two')).toBe(`http://x/status#incident-INC-9/${at}-1`);
    expect(idOf(after, 'one')).toBe(idOf(before, 'one'));
    expect(idOf(after, 'two')).toBe(idOf(before, 'two'));
    expect(wellFormedXml(after)).toContain('entry');
  });

  it('is a valid empty feed when nothing happened, updated now', () => {
    const empty = renderAtom(statusModel({ components: {}, incidents: [], publicTimeline: [], now: NOW, days: 90 }), { baseUrl: 'http://localhost:8080', product: 'P' });
    expect(wellFormedXml(empty)).toEqual(['feed', 'id', 'title', 'updated', 'author', 'name', 'link', 'link', 'generator']);
    expect(empty).toContain('<updated>2026-11-22T12:00:00.000Z</updated>');
  });
});

describe('wellFormedXml (the checker itself)', () => {
  it.each([
    ['<a>x & y</a>', /bare &/],
    ['<a>x < y</a>', /malformed tag|unterminated/],
    ['<a><b></a></b>', /mismatched/],
    ['<a title="x"y">z</a>', /malformed tag/],
    ['<a>\u0001</a>', /forbids/],
    ['<a>', /unclosed/],
    ['<a/><b/>', /more than one root/],
  ])('refuses %j', (text, message) => {
    expect(() => wellFormedXml(text)).toThrow(message);
  });
});
