/**
 * Every route of the HTTP API as a table: who may call it, the query
 * parameters it reads and whether it takes a body. The authorization matrix
 * and the fuzz suite both go over it, and both fail when the running server
 * has a route the table lacks (or the table one the server lacks), so a new
 * route cannot be added without saying who may call it.
 */

/**
 * Who may call a route:
 * - `public`: anyone;
 * - `ingest`: an ingest key of the plan;
 * - `scrape`: the scrape token (GET /metrics, when one is set);
 * - `read`: the admin or the viewer token (GET and HEAD under /api/);
 * - `admin`: the admin token only (the viewer is refused 403).
 */
export type Access = 'public' | 'ingest' | 'scrape' | 'read' | 'admin';

/** What a route takes in its body: nothing, JSON, or an ingest body (events, OTLP logs). */
export type BodyKind = 'none' | 'json' | 'events' | 'otlp';

export interface RouteSpec {
  readonly access: Access;
  /** The query parameters the route reads (the fuzz suite sends these names, and others). */
  readonly query?: readonly string[];
  readonly body?: BodyKind;
  /** How long an answer may take, ms (default 2000, the fuzz suite's bound): longer only with the reason written beside it. */
  readonly budgetMs?: number;
  /** `page`: a page people open from a link (an e-mail's confirm or unsubscribe link); its errors are an HTML page that says what was wrong, not JSON. */
  readonly errors?: 'page';
}

const read = (query: readonly string[] = []): RouteSpec => ({ access: 'read', query });
const change = (body: BodyKind = 'json'): RouteSpec => ({ access: 'admin', body });
const alertQuery = ['active', 'silenced', 'inhibited', 'unprocessed', 'filter', 'receiver'];

/** `METHOD /path` as Fastify registers it (HEAD is answered for every GET and listed apart). */
export const ROUTES: Readonly<Record<string, RouteSpec>> = {
  'GET /': { access: 'public' },
  'GET /healthz': { access: 'public' },
  'GET /app': { access: 'public' },
  'GET /app/*': { access: 'public' },
  'GET /status': { access: 'public' },
  'GET /status.json': { access: 'public' },
  'GET /status/feed.xml': { access: 'public' },
  // The status page's subscriptions (docs/status-page.md): public, rate-limited, the links carry their own id and token.
  'GET /status/subscribe': { access: 'public' },
  'POST /status/subscriptions': { access: 'public', body: 'json' },
  'GET /status/subscriptions/confirm': { access: 'public', query: ['id', 'token'], errors: 'page' },
  'POST /status/subscriptions/confirm': { access: 'public', query: ['id', 'token'], body: 'none', errors: 'page' },
  'GET /status/unsubscribe': { access: 'public', query: ['id', 'token'], errors: 'page' },
  'POST /status/unsubscribe': { access: 'public', query: ['id', 'token'], body: 'none', errors: 'page' },
  'GET /metrics': { access: 'scrape' },
  'POST /v1/events': { access: 'ingest', body: 'events' },
  'POST /v1/logs': { access: 'ingest', body: 'otlp' },
  'POST /-/reload': change('none'),

  'GET /api/v1/status': read(),
  'GET /api/v1/session': read(),
  'GET /api/v1/metrics': read(),
  'GET /api/v1/metrics/:id': read(),
  'GET /api/v1/metrics/:id/series': read(['from', 'to', 'step']),
  'GET /api/v1/metrics/:id/history': read(['from', 'to', 'limit']),
  'GET /api/v1/slos': read(),
  'GET /api/v1/slos/:id/series': read(['from', 'to', 'step']),
  'GET /api/v1/overview': read(),
  'GET /api/v1/overview/metrics': read(),
  'GET /api/v1/stream': read(),
  'GET /api/v1/alerts': read(['state']),
  'POST /api/v1/alerts/:fingerprint/ack': change(),
  'GET /api/v1/alerts/history': read(['fingerprint', 'from', 'to', 'limit']),
  'GET /api/v1/alerts/hygiene': read(['since']),
  'GET /api/v1/notifications': read(['status', 'limit']),
  'GET /api/v1/oncall': read(['at']),
  'GET /api/v1/oncall/overrides': read(['schedule']),
  'POST /api/v1/oncall/overrides': change(),
  'DELETE /api/v1/oncall/overrides/:id': { access: 'admin', query: ['by'], body: 'none' },
  'GET /api/v1/oncall/calendars': read(),
  // The feeds take their own ?token= (a calendar app's) besides the API tokens: without it they answer as any read.
  'GET /api/v1/oncall/schedules/:id.ics': read(['token']),
  'GET /api/v1/oncall/people/:id.ics': read(['token']),
  'POST /api/v1/incidents': change(),
  'GET /api/v1/incidents': read(['status', 'limit']),
  'GET /api/v1/incidents/stats': read(['window']),
  'GET /api/v1/incidents/:id': read(),
  'POST /api/v1/incidents/:id/updates': change(),
  'POST /api/v1/incidents/:id/status': change(),
  'POST /api/v1/incidents/:id/ack': change(),
  'POST /api/v1/incidents/:id/page': change(),
  'POST /api/v1/incidents/:id/roles': change(),
  'POST /api/v1/incidents/:id/resolve': change(),
  'POST /api/v1/incidents/:id/action-items': change(),
  'POST /api/v1/incidents/:id/action-items/:item': change(),
  'GET /api/v1/incidents/:id/postmortem': read(),
  'POST /api/v1/incidents/:id/postmortem': change(),
  'GET /api/v1/incidents/:id/messages/user': read(['issue', 'affects']),
  'POST /api/v1/releases': change(),
  'GET /api/v1/releases': read(),
  'GET /api/v1/releases/:version': read(),
  'GET /api/v1/releases/:version/impact': read(['window']),
  'GET /api/v1/baselines': read(),
  'GET /api/v1/baselines/:name': read(),
  'POST /api/v1/baselines': change(),
  'GET /api/v1/regressions': read(['baseline', 'threshold']),
  'POST /api/v1/backlog': change(),
  'GET /api/v1/backlog': read(['status', 'window']),
  'GET /api/v1/backlog/top': read(['n']),
  'GET /api/v1/backlog/export': read(['top', 'format']),
  'GET /api/v1/backlog/:id': read(),
  'POST /api/v1/backlog/:id/ship': change(),
  // A report measures every metric of the plan over its period on demand, and the monthly one each of its weeks and a
  // year of retention cohorts too: about 0.5 s alone on the example plan here, and more than 2 s when the test files
  // share the two cores, so its answers are given 5 s.
  'GET /api/v1/reports/weekly': { ...read(['week', 'format']), budgetMs: 5000 },
  'GET /api/v1/reports/monthly': { ...read(['month', 'format']), budgetMs: 5000 },
  'GET /api/v1/criteria': read(),
  'GET /api/v1/privacy': read(),
  'POST /api/v1/privacy/pause': change(),
  'POST /api/v1/privacy/resume': change(),
  'POST /api/v1/privacy/users/export': change(),
  'POST /api/v1/privacy/users/purge': change(),
  'POST /api/v1/privacy/subscribers/export': change(),
  'POST /api/v1/privacy/subscribers/purge': change(),
  'GET /api/v1/status/maintenance': read(),
  'POST /api/v1/status/maintenance': change(),
  'DELETE /api/v1/status/maintenance/:id': { access: 'admin', body: 'none' },
  'POST /api/v1/privacy/retention/run': change(),
  'GET /api/v1/privacy/audit': read(['limit']),

  'POST /api/v2/alerts': change(),
  'GET /api/v2/alerts': read(alertQuery),
  'GET /api/v2/alerts/groups': read(alertQuery),
  'GET /api/v2/receivers': read(),
  'GET /api/v2/silences': read(['filter']),
  'POST /api/v2/silences': change(),
  'GET /api/v2/silence/:id': read(),
  'DELETE /api/v2/silence/:id': change('none'),
  'GET /api/v2/status': read(),
};

/** The table's entry for a route, HEAD read as its GET. */
export function specOf(route: string): RouteSpec | undefined {
  const [method, path] = route.split(' ');
  return ROUTES[method === 'HEAD' ? `GET ${path ?? ''}` : route];
}

/**
 * The routes of a running Fastify instance as `METHOD /path`, read from
 * printRoutes' tree (one node a line, its methods in parentheses, children
 * indented four characters under their parent, each node the rest of the path).
 */
export function routesOf(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)(?:├── |└── )?(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.replace(/\s+$/, ''));
    if (!match || line.trim() === '') continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    const node = match[2] ?? '';
    // The tree prints a wildcard after a slash as a child "*" of the part before the slash.
    stack.push(node.startsWith('*') && !(stack.at(-1) ?? '').endsWith('/') ? `/${node}` : node);
    const methods = match[3];
    if (methods) for (const method of methods.split(',')) routes.push(`${method.trim()} ${stack.join('')}`);
  }
  return routes.sort();
}
