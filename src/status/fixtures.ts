/**
 * Plain data for the status page tests, hostile strings included, and two
 * small checkers for what the renderers emit.
 */
import type { Incident, TimelineEntry } from '../incidents/types.js';
import type { StatusComponentSpec } from './model.js';

export const NOW = Date.parse('2026-11-22T12:00:00Z');
export const HOUR = 3_600_000;

export const HOSTILE = {
  script: '<script>alert("x")</script>',
  img: '"><img src=x onerror=alert(1)>',
  cdata: ']]> & <![CDATA[ &amp; &#x3c;',
  control: 'bell\u0007 nul\u0000 lone\uD800 end',
} as const;

/** Words that must never reach the public page: people, notes, alert fingerprints, severities. */
export const PRIVATE_WORDS = ['Ana Silva', 'ana@', 'cleo', 'hunter2', 'customer=acme', 'fp-0123', 'SEV1', 'SEV2', 'internal-only'];

export const COMPONENTS: Readonly<Record<string, StatusComponentSpec>> = {
  api: { name: 'API', description: 'REST & <GraphQL> endpoints' },
  web: { name: 'Web app' },
  cli: { name: HOSTILE.img, description: HOSTILE.script },
};

export function incident(fields: Partial<Incident> & Pick<Incident, 'id' | 'declaredAt'>): Incident {
  const resolved = fields.status === 'resolved';
  return {
    title: `Incident ${fields.id}`,
    severity: 'SEV2',
    status: 'investigating',
    commander: 'cleo',
    components: {},
    alerts: ['fp-0123'],
    declaredBy: 'Ana Silva',
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: resolved ? fields.declaredAt + HOUR : null,
    lastUpdateAt: fields.declaredAt,
    postmortemDueAt: null,
    postmortemWrittenAt: null,
    ...fields,
  };
}

export function entry(incidentId: string, at: number, kind: TimelineEntry['kind'], text: string, isPublic: boolean): TimelineEntry {
  return { incidentId, at, kind, by: 'Ana Silva', text, public: isPublic };
}

const t = (iso: string): number => Date.parse(iso);

/**
 * INC-1 resolved 10 days ago (api major outage); INC-2 open with a hostile title
 * (api degraded, web partial outage); INC-3 open, internal (no component on the
 * page, only automatic public entries); INC-4 resolved before the window; INC-5 resolved
 * across midnight (web degraded); INC-6 open on a component the plan no longer has.
 */
export const INCIDENTS: readonly Incident[] = [
  incident({ id: 'INC-1', title: 'API unavailable', status: 'resolved', severity: 'SEV1', declaredAt: t('2026-11-12T10:00:00Z'), resolvedAt: t('2026-11-12T11:30:00Z'), components: { api: 'major_outage' } }),
  incident({ id: 'INC-2', title: `${HOSTILE.script} & ${HOSTILE.cdata}`, declaredAt: t('2026-11-22T09:00:00Z'), components: { api: 'degraded', web: 'partial_outage' } }),
  incident({ id: 'INC-3', title: 'internal-only key rotation', declaredAt: t('2026-11-22T10:00:00Z') }),
  incident({ id: 'INC-4', title: 'Long ago', status: 'resolved', declaredAt: t('2026-08-01T10:00:00Z'), components: { api: 'major_outage' } }),
  incident({ id: 'INC-5', title: 'Slow pages', status: 'resolved', declaredAt: t('2026-11-20T23:00:00Z'), resolvedAt: t('2026-11-21T01:00:00Z'), components: { web: 'degraded' } }),
  incident({ id: 'INC-6', title: 'Billing delays', declaredAt: t('2026-11-22T11:00:00Z'), components: { billing: 'major_outage' } }),
];

export const TIMELINE: readonly TimelineEntry[] = [
  entry('INC-1', t('2026-11-12T10:00:00Z'), 'declared', 'API unavailable', true),
  entry('INC-1', t('2026-11-12T10:00:00Z'), 'note', 'SEV1 declared by Ana Silva; commander cleo; password hunter2', false),
  entry('INC-1', t('2026-11-12T10:20:00Z'), 'public_update', 'We found the cause & are rolling back.', true),
  entry('INC-1', t('2026-11-12T11:30:00Z'), 'resolved', 'This incident has been resolved.', true),
  entry('INC-2', t('2026-11-22T09:00:00Z'), 'declared', `${HOSTILE.script} & ${HOSTILE.cdata}`, true),
  entry('INC-2', t('2026-11-22T09:00:00Z'), 'acknowledged', 'acknowledged by Ana Silva', false),
  entry('INC-2', t('2026-11-22T09:30:00Z'), 'public_update', `${HOSTILE.img}\nsecond line ${HOSTILE.control}`, true),
  entry('INC-2', t('2026-11-22T09:30:00Z'), 'note', 'customer=acme is the trigger', false),
  entry('INC-2', t('2026-11-22T10:00:00Z'), 'status_changed', 'investigating → identified', true),
  entry('INC-3', t('2026-11-22T10:00:00Z'), 'note', 'internal-only', false),
  entry('INC-5', t('2026-11-20T23:00:00Z'), 'declared', 'Slow pages', true),
  entry('INC-6', t('2026-11-22T11:00:00Z'), 'declared', 'Billing delays', true),
  entry('INC-6', t('2026-11-22T11:05:00Z'), 'public_update', 'Invoices may arrive late.', true),
  entry('INC-3', t('2026-11-22T10:00:00Z'), 'declared', 'internal-only key rotation', true),
  entry('INC-3', t('2026-11-22T10:30:00Z'), 'status_changed', 'investigating → identified', true),
];

/**
 * Checks that `xml` is well formed for the subset the feed uses (elements,
 * double-quoted attributes, the five entities and character references, one
 * declaration) and returns its element names in document order.
 */
export function wellFormedXml(xml: string): string[] {
  const names: string[] = [];
  const open: string[] = [];
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/, '');
  const text = (s: string): void => {
    if (/[<>]/.test(s)) throw new Error(`markup character in text: ${s}`);
    const bad = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(s);
    if (bad) throw new Error(`bare & in: ${s}`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(s)) throw new Error(`character XML forbids in: ${JSON.stringify(s)}`);
  };
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    if (lt === -1) {
      text(rest);
      break;
    }
    text(rest.slice(0, lt));
    const gt = rest.indexOf('>', lt);
    if (gt === -1) throw new Error('unterminated tag');
    const tag = rest.slice(lt + 1, gt);
    rest = rest.slice(gt + 1);
    const close = /^\/([A-Za-z][\w:-]*)$/.exec(tag);
    if (close) {
      if (open.pop() !== close[1]) throw new Error(`mismatched </${close[1]}>`);
      continue;
    }
    const start = /^([A-Za-z][\w:-]*)((?:\s+[A-Za-z][\w:-]*="[^"<]*")*)\s*(\/?)$/.exec(tag);
    if (!start || start[1] === undefined) throw new Error(`malformed tag <${tag}>`);
    text((start[2] ?? '').replace(/\s+[A-Za-z][\w:-]*="/g, ' ').replace(/"/g, ''));
    if (open.length === 0 && names.length > 0) throw new Error('more than one root element');
    names.push(start[1]);
    if (start[3] !== '/') open.push(start[1]);
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join('>, <')}>`);
  return names;
}

/** Every tag of an HTML document as name and attribute names, refusing any tag that is not plain `name attr="value"`. */
export function htmlTags(html: string): { name: string; attributes: string[] }[] {
  const tags: { name: string; attributes: string[] }[] = [];
  for (const match of html.matchAll(/<([^>]*)>/g)) {
    const tag = match[1] ?? '';
    if (tag === '!doctype html') continue;
    const parsed = /^\/?([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)$/.exec(tag);
    if (!parsed || parsed[1] === undefined) throw new Error(`unexpected tag <${tag}>`);
    tags.push({ name: parsed[1], attributes: [...(parsed[2] ?? '').matchAll(/([a-z-]+)="/g)].map((a) => a[1] ?? '') });
  }
  return tags;
}
