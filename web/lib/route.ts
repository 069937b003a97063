/** The page a location hash names: #/, #/alerts, #/metrics/<id>?range=7d, #/incidents/<id>, #/slos, #/slos/<id>. Pure. */
export type Route =
  | { readonly page: 'overview' }
  | { readonly page: 'performance' }
  | { readonly page: 'quality' }
  | { readonly page: 'alerts' }
  | { readonly page: 'incidents' }
  | { readonly page: 'oncall' }
  | { readonly page: 'slos' }
  | { readonly page: 'slo'; readonly id: string }
  | { readonly page: 'incident'; readonly id: string }
  | { readonly page: 'metric'; readonly id: string; readonly range: string }
  | { readonly page: 'not_found'; readonly path: string };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const [first, second] = parts;
  if (parts.length === 0) return { page: 'overview' };
  if (parts.length === 1 && (first === 'performance' || first === 'quality' || first === 'alerts' || first === 'incidents' || first === 'oncall' || first === 'slos')) return { page: first };
  if (parts.length === 2 && first === 'incidents' && second) return { page: 'incident', id: second };
  if (parts.length === 2 && first === 'slos' && second) return { page: 'slo', id: second };
  if (parts.length === 2 && first === 'metrics' && second) return { page: 'metric', id: second, range: new URLSearchParams(query).get('range') ?? '24h' };
  return { page: 'not_found', path };
}

export function metricHref(id: string, range?: string): string {
  return `#/metrics/${encodeURIComponent(id)}${range ? `?range=${encodeURIComponent(range)}` : ''}`;
}

export function sloHref(id: string): string {
  return `#/slos/${encodeURIComponent(id)}`;
}
