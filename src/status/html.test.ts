import { describe, expect, it } from 'vitest';
import { COMPONENTS, HOSTILE, INCIDENTS, NOW, PRIVATE_WORDS, TIMELINE, htmlTags } from './fixtures.js';
import { renderStatusHtml } from './html.js';
import { statusModel } from './model.js';

const model = statusModel({ components: COMPONENTS, incidents: INCIDENTS, publicTimeline: TIMELINE, now: NOW, days: 90 });
const html = renderStatusHtml(model, { product: 'Caro <beta> & "friends"', generatedAt: NOW });

/** The `<li class="card">` of a component, by its (escaped) name. */
function componentHtml(name: string): string {
  const start = html.indexOf(`<h3>${name}</h3>`);
  return html.slice(start, html.indexOf('</li><li class="card">', start) === -1 ? html.indexOf('</ul>', start) : html.indexOf('</li><li class="card">', start));
}

describe('renderStatusHtml: subscribing', () => {
  it('links to the subscription page only when the plan takes subscribers', () => {
    const withSubscribers = renderStatusHtml(model, { product: 'Caro', generatedAt: NOW, subscribeHref: '/status/subscribe' });
    expect(withSubscribers).toContain('Subscribe: <a href="/status/subscribe">e-mail or webhook</a> · <a href="/status/feed.xml">Atom feed</a>');
    expect(html).not.toContain('/status/subscribe');
  });
});

describe('renderStatusHtml: safety', () => {
  it('is made of our tags only: hostile titles, names and updates stay text', () => {
    const tags = htmlTags(html);
    const names = new Set(tags.map((t) => t.name));
    expect([...names].filter((n) => !['html', 'head', 'meta', 'title', 'link', 'style', 'body', 'main', 'h1', 'h2', 'h3', 'p', 'section', 'article', 'div', 'span', 'ul', 'ol', 'li', 'time', 'strong', 'a', 'details', 'summary', 'footer'].includes(n))).toEqual([]);
    const attributes = new Set(tags.flatMap((t) => t.attributes));
    expect([...attributes].filter((a) => !['lang', 'charset', 'name', 'content', 'rel', 'type', 'title', 'href', 'class', 'id', 'role', 'aria-label', 'aria-labelledby', 'aria-hidden', 'datetime'].includes(a))).toEqual([]);
    expect(html).not.toMatch(/<script|<img|javascript:/i);
  });

  it('escapes every hostile string where it appears', () => {
    expect(html).toContain('<title>Caro &lt;beta&gt; &amp; &quot;friends&quot; status</title>');
    expect(html).toContain('<h3>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ]]&gt; &amp; &lt;![CDATA[ &amp;amp; &amp;#x3c;</h3>');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\nsecond line bell\uFFFD nul\uFFFD lone\uFFFD end');
    expect(html).toContain('<h3>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</h3>');
    expect(html).toContain('<p class="desc">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
    expect(html).not.toContain(HOSTILE.cdata);
    // In attribute values too: the bars' text alternative names the component.
    expect(html).toContain('aria-label="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;, last 90 days: 90 days operational"');
  });

  it('shows nothing private', () => {
    for (const word of PRIVATE_WORDS) expect(html).not.toContain(word);
  });

  it('has no script and takes only inline styles', () => {
    expect(htmlTags(html).filter((t) => t.name === 'link').map((t) => t.attributes)).toEqual([['rel', 'type', 'title', 'href']]);
    expect(html).toContain('<link rel="alternate" type="application/atom+xml" title="Caro &lt;beta&gt; &amp; &quot;friends&quot; status" href="/status/feed.xml">');
  });
});

describe('renderStatusHtml: content', () => {
  it('states the overall status and each component in words and in colour', () => {
    expect(html).toContain('<p class="card overall s-partial_outage" role="status">Partial outage</p>');
    expect(componentHtml('API')).toContain('<span class="state s-degraded">Degraded performance</span>');
    expect(componentHtml('API')).toContain('<p class="desc">REST &amp; &lt;GraphQL&gt; endpoints</p>');
    expect(componentHtml('Web app')).toContain('<span class="state s-partial_outage">Partial outage</span>');
  });

  it('draws 90 day bars per component, each titled, with a text alternative and the days with incidents listed', () => {
    const api = componentHtml('API');
    expect(api.match(/<span class="s-[a-z_]+( old)?" title="/g)).toHaveLength(90);
    expect(api.match(/ old"/g)).toHaveLength(60);
    expect(api).toContain('title="2026-11-12: Major outage (INC-1)"');
    expect(api).toContain('role="img" aria-label="API, last 90 days: 88 days operational, 1 day degraded performance, 1 day major outage"');
    expect(api).toContain('<summary>2 days with incidents</summary>');
    expect(api).toContain('<li>2026-11-12: <span class="state s-major_outage">Major outage</span> <a href="#incident-INC-1">INC-1</a></li>');
    expect(api).toContain('<span class="long">88 of 90 days operational</span>');
  });

  it('says on a phone, which draws the last 30 days, what those 30 days were', () => {
    const api = componentHtml('API');
    expect(api.match(/<span class="s-[a-z_]+ old"/g)).toHaveLength(60);
    expect(api).toContain('<span class="short">28 of 30 days operational</span>');
    expect(api).toContain('<span class="short">30 days ago</span>');
  });

  it('shows active incidents with their public updates, newest first, and past incidents with how long they lasted', () => {
    const active = html.slice(html.indexOf('<h2 id="active">'), html.indexOf('<h2 id="components">'));
    expect(active.indexOf('id="incident-INC-6"')).toBeLessThan(active.indexOf('id="incident-INC-2"'));
    const inc2 = active.slice(active.indexOf('id="incident-INC-2"'));
    expect(inc2).toContain('Investigating · since <time datetime="2026-11-22T09:00:00.000Z">2026-11-22 09:00 UTC</time>');
    expect(inc2).toContain('Affects API (degraded performance), Web app (partial outage)');
    expect(inc2.indexOf('<strong>Identified</strong>')).toBeLessThan(inc2.indexOf('<strong>Update</strong>'));
    expect(inc2.indexOf('<strong>Update</strong>')).toBeLessThan(inc2.indexOf('<strong>Investigating</strong>'));

    const past = html.slice(html.indexOf('<h2 id="past">'));
    expect(past.indexOf('id="incident-INC-5"')).toBeLessThan(past.indexOf('id="incident-INC-1"'));
    expect(past).toContain('Resolved <time datetime="2026-11-12T11:30:00.000Z">2026-11-12 11:30 UTC</time> after 1 h 30 min');
    expect(past).toContain('<summary>3 updates</summary>');
    expect(past).not.toContain('INC-4');
  });

  it('says so when all is well and nothing happened', () => {
    const quiet = renderStatusHtml(statusModel({ components: { api: { name: 'API' } }, incidents: [], publicTimeline: [], now: NOW, days: 90 }), { product: 'Caro', generatedAt: NOW });
    expect(quiet).toContain('role="status">All systems operational</p>');
    expect(quiet).toContain('No incidents in the last 90 days.');
    expect(quiet).not.toContain('Active incidents');
    expect(quiet).not.toContain('<details>');
  });
});

describe('renderStatusHtml: a server that has just started', () => {
  const fresh = statusModel({ components: { api: { name: 'API' } }, incidents: [], publicTimeline: [], now: NOW, days: 90, observedSince: NOW - 6 * 60_000 });
  const page = renderStatusHtml(fresh, { product: 'Caro', generatedAt: NOW });

  it('shows the days before its first observation as no data, and claims only the days it saw', () => {
    expect(page).not.toContain('89 of 90 days operational');
    expect(page).toContain('<span class="long">1 of 1 day operational, 89 days before monitoring began (no data)</span>');
    expect(page).toContain('<span class="short">1 of 1 day operational, 29 days before monitoring began (no data)</span>');
    expect(page.match(/class="no-data/g)).toHaveLength(89);
    expect(page).toContain('title="2026-11-21: no data (before monitoring began)"');
    expect(page).toContain('aria-label="API, last 90 days: 1 day operational, 89 days without data"');
  });

  it('says so when it has observed nothing yet', () => {
    const none = renderStatusHtml(statusModel({ components: { api: { name: 'API' } }, incidents: [], publicTimeline: [], now: NOW, days: 90, observedSince: null }), { product: 'Caro', generatedAt: NOW });
    expect(none).toContain('<span class="long">No data yet for these 90 days</span>');
  });
});
